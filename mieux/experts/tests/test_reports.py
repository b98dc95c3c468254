"""Mission reports and feedback on activities: the services."""

import contextlib
import datetime
import threading

import pytest
from django.db import connection

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts import policies, reports, services
from mieux.experts.models import Feedback, MissionReport

pytestmark = pytest.mark.django_db

REPORT = {
    "summary": "Two days of peer exchange on reception procedures.",
    "results": "A draft protocol.",
    "challenges": "",
    "recommendations": "A follow-up visit.",
    "follow_up": "",
}


@pytest.fixture
def past_workshop(make_activity):
    return make_activity("Past workshop", datetime.date(2025, 3, 3), datetime.date(2025, 3, 5))


@pytest.fixture
def future_workshop(make_activity):
    return make_activity("Future workshop", datetime.date(2099, 3, 3), datetime.date(2099, 3, 5))


@pytest.fixture
def accepted(officer, invite):
    def make(expert, activity):
        deployment = invite(expert, activity)
        return services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition="accept"
        )

    return make


@pytest.fixture
def partner_user(action):
    institution = Institution.objects.create(
        name="Superintendencia Nacional de Migraciones", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    action.partner_institutions.add(institution)
    user = User.objects.create_user("pilar", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
    return user


@pytest.fixture
def other_partner_user(db):
    institution = Institution.objects.create(
        name="Instituto Nacional de Migración", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    user = User.objects.create_user("ines", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
    return user


def test_the_expert_writes_a_report_after_the_activity(
    expert, expert_user, accepted, past_workshop
) -> None:
    deployment = accepted(expert, past_workshop)

    report = reports.mission_report_submit(actor=expert_user, deployment_id=deployment.pk, **REPORT)

    assert MissionReport.objects.get() == report
    assert (report.summary, report.results, report.submitted_by) == (
        REPORT["summary"],
        "A draft protocol.",
        expert_user,
    )
    event = AuditEvent.objects.get(verb="mission_report.submitted")
    assert event.actor == expert_user
    assert event.after["summary"] == REPORT["summary"]


def test_changing_the_report_is_audited_with_before_and_after(
    expert, expert_user, officer, accepted, past_workshop
) -> None:
    deployment = accepted(expert, past_workshop)
    reports.mission_report_submit(actor=expert_user, deployment_id=deployment.pk, **REPORT)

    reports.mission_report_submit(
        actor=officer, deployment_id=deployment.pk, **{**REPORT, "follow_up": "Send the manual."}
    )
    reports.mission_report_submit(
        actor=officer, deployment_id=deployment.pk, **{**REPORT, "follow_up": "Send the manual."}
    )

    report = MissionReport.objects.get()
    assert report.follow_up == "Send the manual."
    assert report.submitted_by == expert_user
    events = list(AuditEvent.objects.filter(verb="mission_report.updated"))
    assert len(events) == 1  # the identical second write changed nothing
    assert events[0].actor == officer
    assert (events[0].before["follow_up"], events[0].after["follow_up"]) == (
        "",
        "Send the manual.",
    )


def test_no_report_before_the_mission_is_over(
    expert, expert_user, invite, accepted, future_workshop, past_workshop, other_expert
) -> None:
    upcoming = accepted(expert, future_workshop)
    only_invited = invite(other_expert, past_workshop)

    with pytest.raises(Conflict):
        reports.mission_report_submit(actor=expert_user, deployment_id=upcoming.pk, **REPORT)
    with pytest.raises(Conflict):
        reports.mission_report_submit(
            actor=other_expert.user, deployment_id=only_invited.pk, **REPORT
        )
    assert not MissionReport.objects.exists()


def test_a_completed_deployment_takes_a_report_whatever_the_dates(
    expert, expert_user, officer, accepted, future_workshop
) -> None:
    deployment = accepted(expert, future_workshop)
    services.deployment_transition(
        actor=officer, deployment_id=deployment.pk, transition="complete"
    )

    report = reports.mission_report_submit(actor=expert_user, deployment_id=deployment.pk, **REPORT)

    assert report.deployment_id == deployment.pk


def test_a_report_needs_a_summary_and_reasonable_lengths(
    expert, expert_user, accepted, past_workshop
) -> None:
    deployment = accepted(expert, past_workshop)

    with pytest.raises(DomainError) as empty:
        reports.mission_report_submit(
            actor=expert_user, deployment_id=deployment.pk, **{**REPORT, "summary": "  "}
        )
    with pytest.raises(DomainError) as long:
        reports.mission_report_submit(
            actor=expert_user, deployment_id=deployment.pk, **{**REPORT, "results": "x" * 20_001}
        )

    assert empty.value.field == "summary"
    assert long.value.field == "results"
    assert not MissionReport.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="mission_report").exists()


def test_another_expert_or_a_partner_cannot_see_the_deployment(
    expert, other_expert, partner_user, accepted, past_workshop
) -> None:
    deployment = accepted(expert, past_workshop)

    for actor in (other_expert.user, partner_user):
        with pytest.raises(NotFound):
            reports.mission_report_submit(actor=actor, deployment_id=deployment.pk, **REPORT)
    assert not MissionReport.objects.exists()


def test_a_partner_of_the_action_gives_feedback_once_and_may_change_it(
    partner_user, past_workshop
) -> None:
    first = reports.feedback_give(
        actor=partner_user, activity_id=past_workshop.pk, score=4, comment=" Useful. "
    )
    second = reports.feedback_give(
        actor=partner_user, activity_id=past_workshop.pk, score=5, comment="Very useful."
    )

    assert first.pk == second.pk
    feedback = Feedback.objects.get()
    assert (feedback.source, feedback.score, feedback.comment) == ("partner", 5, "Very useful.")
    assert [e.verb for e in AuditEvent.objects.order_by("id") if e.verb.startswith("feedback")] == [
        "feedback.given",
        "feedback.updated",
    ]


def test_an_expert_deployed_on_the_activity_gives_expert_feedback(
    expert, expert_user, accepted, past_workshop
) -> None:
    accepted(expert, past_workshop)

    feedback = reports.feedback_give(actor=expert_user, activity_id=past_workshop.pk, score=3)

    assert (feedback.source, feedback.author) == ("expert", expert_user)


def test_others_may_not_give_feedback(
    officer, expert, invite, other_partner_user, past_workshop
) -> None:
    invite(expert, past_workshop)  # invited, never accepted: not deployed

    for actor in (officer, expert.user, other_partner_user):
        with pytest.raises(PermissionDenied):
            reports.feedback_give(actor=actor, activity_id=past_workshop.pk, score=4)
    assert not Feedback.objects.exists()


def test_feedback_only_after_the_activity_and_with_a_score_from_1_to_5(
    partner_user, future_workshop, past_workshop
) -> None:
    with pytest.raises(Conflict):
        reports.feedback_give(actor=partner_user, activity_id=future_workshop.pk, score=4)
    for score in (0, 6, True, "4", None):
        with pytest.raises(DomainError) as error:
            reports.feedback_give(actor=partner_user, activity_id=past_workshop.pk, score=score)
        assert error.value.field == "score"
    with pytest.raises(NotFound):
        reports.feedback_give(actor=partner_user, activity_id=999_999, score=4)
    assert not Feedback.objects.exists()


def test_a_delivered_activity_takes_feedback_before_its_end_date(
    partner_user, future_workshop
) -> None:
    future_workshop.status = "delivered"
    future_workshop.save()

    feedback = reports.feedback_give(actor=partner_user, activity_id=future_workshop.pk, score=2)

    assert feedback.score == 2


def test_a_non_public_action_s_activity_is_not_found_for_outsiders(
    action, other_partner_user, partner_user, past_workshop
) -> None:
    action.is_public = False
    action.save()

    with pytest.raises(NotFound):
        reports.feedback_give(actor=other_partner_user, activity_id=past_workshop.pk, score=4)
    assert reports.feedback_give(actor=partner_user, activity_id=past_workshop.pk, score=4)


def test_staff_read_all_feedback_others_their_own(
    officer, expert, expert_user, partner_user, other_partner_user, accepted, past_workshop
) -> None:
    accepted(expert, past_workshop)
    reports.feedback_give(actor=partner_user, activity_id=past_workshop.pk, score=4)
    reports.feedback_give(actor=expert_user, activity_id=past_workshop.pk, score=5)

    assert len(reports.feedback_visible_to(officer, past_workshop)) == 2
    assert [f.author for f in reports.feedback_visible_to(partner_user, past_workshop)] == [
        partner_user
    ]
    assert [f.author for f in reports.feedback_visible_to(expert_user, past_workshop)] == [
        expert_user
    ]
    with pytest.raises(PermissionDenied):
        reports.feedback_visible_to(other_partner_user, past_workshop)


@pytest.mark.django_db(transaction=True)
def test_two_first_feedbacks_at_once_make_one_row_and_one_update(
    partner_user, past_workshop, monkeypatch
) -> None:
    # Widen the race: both calls pass their checks before either looks for an existing row.
    # Without the lock on the activity both find none and the second insert breaks the
    # one-per-author constraint; with it the second waits, then finds the first and updates it.
    checked = threading.Barrier(2)
    ended = policies.activity_has_ended.test

    def ended_then_wait(user, activity):
        result = ended(user, activity)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait(timeout=2)
        return result

    monkeypatch.setattr(policies.activity_has_ended, "test", ended_then_wait)
    outcomes: list[str] = []

    def give(score: int) -> None:
        try:
            reports.feedback_give(actor=partner_user, activity_id=past_workshop.pk, score=score)
            outcomes.append("saved")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=give, args=(score,)) for score in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == ["saved", "saved"]
    assert Feedback.objects.count() == 1
    assert sorted(
        AuditEvent.objects.filter(verb__startswith="feedback").values_list("verb", flat=True)
    ) == ["feedback.given", "feedback.updated"]
