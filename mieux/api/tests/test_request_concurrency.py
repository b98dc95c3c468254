"""Two callers act on the same request at the same moment: exactly one wins, the other gets 409.

Each caller runs in its own thread with its own database connection, released together by a
barrier. PostgreSQL serialises them on the row lock (`SELECT … FOR UPDATE`); SQLite on its
write lock (`BEGIN IMMEDIATE`); the version check in the UPDATE is the last line of defence.
The loser sees the request already moved on and gets 409 `illegal_transition` (or
`concurrent_update`); the request records one transition and one audit event.
"""

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from mieux.api.tests.intake_factories import IntakeWorld, build_world
from mieux.core.models import AuditEvent
from mieux.intake.models import AssistanceRequest, RequestTransition

pytestmark = pytest.mark.django_db(transaction=True)

LOSER_CODES = {"illegal_transition", "concurrent_update"}


def in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.fixture
def world(db: None) -> IntakeWorld:
    # SQLite's in-memory test database fails a second writer at once instead of letting it wait;
    # the settings give tests a file database so that this test means something on SQLite too.
    assert not in_memory_sqlite(), "the SQLite test database must be a file (settings TEST NAME)"
    return build_world()


def race(clients: list[Client], request_id: int, bodies: list[dict]) -> list[Any]:
    """Post each body with its client, all at once; the responses in the same order."""
    barrier = threading.Barrier(len(clients))
    responses: list[Any] = [None] * len(clients)
    errors: list[BaseException] = []

    def act(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = clients[index].post(
                f"/api/v1/requests/{request_id}/transitions",
                bodies[index],
                content_type="application/json",
            )
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return responses


def outcome(responses: list[Any]) -> list[tuple[int, str | None]]:
    return sorted(
        (r.status_code, r.json().get("code") if r.status_code != 200 else None) for r in responses
    )


def assert_one_winner(responses: list[Any]) -> Any:
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.json() for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["code"] in LOSER_CODES
    assert loser["Content-Type"] == "application/problem+json; charset=utf-8"
    return next(r for r in responses if r.status_code == 200)


def test_steering_approve_and_reject_at_once_one_wins(world: IntakeWorld) -> None:
    recommended = world.request("recommended")
    transitions = RequestTransition.objects.filter(assistance_request=recommended).count()
    history = AuditEvent.objects.filter(
        object_type="intake.assistancerequest", object_id=str(recommended.pk)
    )
    events = history.count()

    responses = race(
        [world.client("steering"), world.token_client("steering")],
        recommended.pk,
        [
            {"transition": "approve", "reason": "Yes."},
            {"transition": "reject", "reason": "No."},
        ],
    )

    winner = assert_one_winner(responses)
    recommended.refresh_from_db()
    assert recommended.status == winner.json()["status"]
    assert recommended.status in {"approved", "rejected"}
    assert recommended.version == 5
    assert RequestTransition.objects.filter(assistance_request=recommended).count() == (
        transitions + 1
    )
    assert history.count() == events + 1


def test_two_officers_recommend_and_not_recommend_at_once_one_wins(world: IntakeWorld) -> None:
    assessed = world.request("under_assessment")
    transitions = RequestTransition.objects.filter(assistance_request=assessed).count()

    responses = race(
        [world.client("officer"), world.client("manager")],
        assessed.pk,
        [
            {"transition": "recommend", "reason": "Fits."},
            {"transition": "not_recommend", "reason": "Covered."},
        ],
    )

    assert_one_winner(responses)
    assessed.refresh_from_db()
    assert assessed.status in {"recommended", "not_recommended"}
    assert assessed.version == 4
    assert assessed.assessment.recommendation == assessed.status.removesuffix("ed")
    assert RequestTransition.objects.filter(assistance_request=assessed).count() == (
        transitions + 1
    )


def test_the_same_transition_twice_at_once_is_taken_once(world: IntakeWorld) -> None:
    approved = world.request("approved")

    responses = race(
        [world.client("officer"), world.client("manager")],
        approved.pk,
        [{"transition": "formulate"}, {"transition": "formulate"}],
    )

    assert_one_winner(responses)
    approved.refresh_from_db()
    assert approved.status == "formulated"
    assert approved.action is not None
    assert AssistanceRequest.objects.filter(action__isnull=False).count() == 1
    assert approved.action.activities.count() == 7


def test_with_the_same_version_at_once_one_wins(world: IntakeWorld) -> None:
    submitted = world.request("submitted")

    responses = race(
        [world.client("partner-mx"), world.client("officer")],
        submitted.pk,
        [
            {"transition": "withdraw", "version": submitted.version},
            {"transition": "start_assessment", "version": submitted.version},
        ],
    )

    assert_one_winner(responses)
    submitted.refresh_from_db()
    assert submitted.status in {"withdrawn", "under_assessment"}
    assert submitted.version == 3
