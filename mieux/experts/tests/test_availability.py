"""The expert's own limits are hard constraints on deployment: unavailable periods and the
maximum days per year, checked when an expert is proposed and again when they accept."""

import datetime

import pytest

from mieux.core.errors import Conflict, ErrorCode, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, UnavailablePeriod


def _unavailable(expert: Expert, start: datetime.date, end: datetime.date) -> None:
    UnavailablePeriod.objects.create(expert=expert, start=start, end=end, note="Leave")


def test_an_expert_unavailable_on_the_dates_cannot_be_proposed(officer, expert, lima_workshop):
    _unavailable(expert, datetime.date(2026, 5, 8), datetime.date(2026, 5, 20))

    with pytest.raises(Conflict) as error:
        services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
        )

    assert error.value.code == ErrorCode.EXPERT_UNAVAILABLE
    assert "2026-05-08" in error.value.message
    assert not Deployment.objects.exists()


def test_a_period_declared_after_the_invitation_blocks_the_accept(
    officer, expert, invite, lima_workshop
):
    deployment = invite(expert, lima_workshop)
    _unavailable(expert, datetime.date(2026, 5, 1), datetime.date(2026, 5, 4))

    with pytest.raises(Conflict) as error:
        services.deployment_transition(
            actor=expert.user, deployment_id=deployment.pk, transition="accept"
        )

    assert error.value.code == ErrorCode.EXPERT_UNAVAILABLE
    deployment.refresh_from_db()
    assert deployment.status == "invited"


def test_a_period_that_ends_the_day_before_is_no_obstacle(officer, expert, lima_workshop):
    _unavailable(expert, datetime.date(2026, 4, 20), datetime.date(2026, 5, 3))

    deployment = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
    )

    assert deployment.status == "proposed"


def test_the_yearly_allowance_of_days_is_a_hard_limit(
    officer, expert, invite, lima_workshop, june_training
):
    # Lima takes 5 days (4 to 8 May), June 3: an allowance of 7 holds one, not both.
    expert.max_days_per_year = 7
    expert.save()
    lima = invite(expert, lima_workshop)
    services.deployment_transition(actor=expert.user, deployment_id=lima.pk, transition="accept")
    assert services.days_held_in_year(expert, 2026) == 5

    with pytest.raises(Conflict) as error:
        services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=june_training.pk
        )

    assert error.value.code == ErrorCode.EXPERT_UNAVAILABLE
    assert "2 of 7 days left in 2026" in error.value.message


def test_days_are_counted_again_when_the_expert_accepts(
    officer, expert, invite, lima_workshop, june_training
):
    expert.max_days_per_year = 7
    expert.save()
    # Both invitations go out while nothing is held yet; the second accept finds the days gone.
    lima, june = invite(expert, lima_workshop), invite(expert, june_training)
    services.deployment_transition(actor=expert.user, deployment_id=lima.pk, transition="accept")

    with pytest.raises(Conflict):
        services.deployment_transition(
            actor=expert.user, deployment_id=june.pk, transition="accept"
        )

    june.refresh_from_db()
    assert june.status == "invited"


def test_an_invitation_link_lets_an_expert_without_account_answer(officer, invite, lima_workshop):
    expert = services.expert_create(
        actor=officer,
        full_name="Carla Gómez",
        expert_type="academia",
        email="carla@example.org",
        consent_given_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        status="active",
    )
    deployment = invite(expert, lima_workshop)

    accepted = services.deployment_transition(
        actor=None, deployment_id=deployment.pk, transition="accept", token_verified=True
    )

    assert accepted.status == "accepted"
    event = AuditEvent.objects.get(verb="deployment.accept", object_id=str(deployment.pk))
    assert event.actor is None


def test_an_invitation_link_cannot_take_an_officer_s_step(officer, expert, lima_workshop):
    deployment = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
    )

    with pytest.raises(PermissionDenied):
        services.deployment_transition(
            actor=None, deployment_id=deployment.pk, transition="invite", token_verified=True
        )

    deployment.refresh_from_db()
    assert deployment.status == "proposed"
