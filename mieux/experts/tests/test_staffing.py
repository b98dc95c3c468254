"""Proposing a whole plan in one transaction: all of it, or nothing."""

import contextlib
import threading

import pytest
from django.db import connection

from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts import services, staffing
from mieux.experts.models import Deployment
from mieux.experts.planning import Assignment
from mieux.experts.tests.test_matching_pages import build_roster

pytestmark = pytest.mark.django_db


def test_every_pair_is_proposed_and_the_best_fit_leads() -> None:
    roster = build_roster()
    first, second, third = roster.speakers
    plan = [
        Assignment(roster.cusco.pk, third.pk, 70.0),
        Assignment(roster.lima.pk, first.pk, 60.0),
        Assignment(roster.lima.pk, second.pk, 80.0),
    ]

    deployments = staffing.propose_plan(actor=roster.officer, assignments=plan)

    # In the order of the activities' dates, best fit first within one.
    assert [(d.activity_id, d.expert_id, d.role) for d in deployments] == [
        (roster.lima.pk, second.pk, "lead_expert"),
        (roster.lima.pk, first.pk, "expert"),
        (roster.cusco.pk, third.pk, "lead_expert"),
    ]
    assert all(d.status == "proposed" and d.proposed_by == roster.officer for d in deployments)
    assert AuditEvent.objects.filter(verb="deployment.proposed").count() == 3


def test_an_activity_that_already_has_a_lead_gets_experts() -> None:
    roster = build_roster()
    first, second, _ = roster.speakers
    services.deployment_propose(
        actor=roster.officer, expert_id=first.pk, activity_id=roster.lima.pk, role="lead_expert"
    )

    [deployment] = staffing.propose_plan(
        actor=roster.officer, assignments=[Assignment(roster.lima.pk, second.pk, 90.0)]
    )

    assert deployment.role == "expert"


def test_one_failing_pair_undoes_the_whole_plan_and_is_named() -> None:
    roster = build_roster()
    first, second, _ = roster.speakers
    plan = [
        Assignment(roster.lima.pk, first.pk, 80.0),
        Assignment(roster.cusco.pk, second.pk, 75.0),
        # Unavailable all of March 2027.
        Assignment(roster.lima.pk, roster.away.pk, 70.0),
    ]

    with pytest.raises(Conflict) as caught:
        staffing.propose_plan(actor=roster.officer, assignments=plan)

    assert caught.value.code == ErrorCode.EXPERT_UNAVAILABLE
    assert caught.value.message == (
        f"Nothing was proposed: Ausente Lejos on “Lima workshop” (expert {roster.away.pk}, "
        f"activity {roster.lima.pk}) failed: Ausente Lejos is unavailable from 2027-03-01 to "
        "2027-03-31."
    )
    assert not Deployment.objects.exists()
    assert not AuditEvent.objects.filter(verb="deployment.proposed").exists()


def test_a_pair_already_proposed_fails_the_plan() -> None:
    roster = build_roster()
    first, second, _ = roster.speakers
    services.deployment_propose(
        actor=roster.officer, expert_id=first.pk, activity_id=roster.lima.pk
    )

    with pytest.raises(Conflict) as caught:
        staffing.propose_plan(
            actor=roster.officer,
            assignments=[
                Assignment(roster.lima.pk, second.pk, 90.0),
                Assignment(roster.lima.pk, first.pk, 50.0),
            ],
        )

    assert "Experta 00 is already proposed for “Lima workshop”." in caught.value.message
    assert list(Deployment.objects.values_list("expert_id", flat=True)) == [first.pk]


def test_an_unknown_activity_or_expert_is_named() -> None:
    roster = build_roster()

    with pytest.raises(NotFound) as caught:
        staffing.propose_plan(
            actor=roster.officer,
            assignments=[
                Assignment(roster.lima.pk, roster.speakers[0].pk, 80.0),
                Assignment(999_999, roster.speakers[1].pk, 80.0),
            ],
        )

    assert caught.value.message == (
        "Nothing was proposed: Experta 01 on “an unknown activity” (expert "
        f"{roster.speakers[1].pk}, activity 999999) failed: No activity 999999."
    )
    assert not Deployment.objects.exists()


def test_only_staff_may_propose_a_plan() -> None:
    roster = build_roster()

    with pytest.raises(PermissionDenied):
        staffing.propose_plan(
            actor=roster.partner,
            assignments=[Assignment(roster.lima.pk, roster.speakers[0].pk, 80.0)],
        )

    assert not Deployment.objects.exists()


def test_an_empty_plan_is_refused() -> None:
    roster = build_roster()

    with pytest.raises(DomainError) as caught:
        staffing.propose_plan(actor=roster.officer, assignments=[])

    assert caught.value.field == "assignments"


@pytest.mark.django_db(transaction=True)
def test_two_plans_sharing_experts_at_once_do_not_deadlock(monkeypatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    roster = build_roster()
    first, second, _ = roster.speakers
    # The same pairs, with the fits swapped: each plan proposes the other's second pair first.
    lima = roster.lima.pk
    plans = {
        "a": [Assignment(lima, first.pk, 90.0), Assignment(lima, second.pk, 50.0)],
        "b": [Assignment(lima, second.pk, 90.0), Assignment(lima, first.pk, 50.0)],
    }
    start = threading.Barrier(2)
    # Widen the race: after its first proposal, each plan waits (up to 2 s) for the other. Were
    # experts locked one by one, each plan would hold one expert and wait for the other's: a
    # deadlock. Locked all at once in id order, the second plan waits for the first to commit.
    proposed = threading.Barrier(2)
    propose = services.deployment_propose

    def propose_then_wait(**kwargs):
        deployment = propose(**kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            proposed.wait(timeout=2)
        return deployment

    monkeypatch.setattr(services, "deployment_propose", propose_then_wait)
    outcomes: dict[str, str] = {}

    def run(name: str) -> None:
        try:
            start.wait(timeout=10)
            staffing.propose_plan(actor=roster.officer, assignments=plans[name])
            outcomes[name] = "proposed"
        except DomainError as error:
            outcomes[name] = str(error.code)
        except Exception as error:  # a deadlock would surface here
            outcomes[name] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["conflict", "proposed"]
    assert sorted(Deployment.objects.values_list("expert_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
