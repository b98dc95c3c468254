"""`GET /api/v1/lead-times`: how quickly requests move, for the programme manager and staff."""

import datetime

import pytest
from django.test import Client

from mieux.api.tests.intake_factories import IntakeWorld, build_world
from mieux.intake.models import AssistanceRequest

pytestmark = pytest.mark.django_db

STAFF = ["manager", "officer", "admin"]
OTHERS = ["partner-mx", "partner-pe", "steering", "expert", "knowledge"]
STAGE_FIELDS = {"region", "year", "stage", "count", "median_days", "p90_days", "max_days"}


@pytest.fixture
def world(db: None) -> IntakeWorld:
    return build_world()


@pytest.mark.parametrize("who", STAFF)
def test_staff_see_lead_times_per_region_year_and_stage(world: IntakeWorld, who: str) -> None:
    formulated = world.request("formulated")
    waiting = world.request("submitted", title="Waiting")

    response = world.client(who).get("/api/v1/lead-times")

    assert response.status_code == 200
    body = response.json()
    year = formulated.submitted_at.year
    assert [(row["region"], row["year"], row["stage"], row["count"]) for row in body["stages"]] == [
        ("LAC", year, "submitted_to_decision", 1),
        ("LAC", year, "decision_to_formulated", 1),
    ]
    assert all(set(row) == STAGE_FIELDS for row in body["stages"])
    assert all(0 <= row["median_days"] < 1 for row in body["stages"])
    assert [
        (row["id"], row["title"], row["status"], row["region"]) for row in body["longest_waiting"]
    ] == [(waiting.pk, "Waiting", "submitted", "LAC")]
    assert body["longest_waiting"][0]["waiting_days"] >= 0


def test_lead_times_with_a_bearer_token(world: IntakeWorld) -> None:
    response = world.token_client("manager").get("/api/v1/lead-times")

    assert response.status_code == 200
    assert response.json() == {"stages": [], "longest_waiting": []}


def test_lead_times_filter_by_region_and_year(world: IntakeWorld) -> None:
    formulated = world.request("formulated")
    year = formulated.submitted_at.year
    client = world.client("manager")

    in_lac = client.get("/api/v1/lead-times", {"region": "lac", "year": str(year)}).json()
    in_africa = client.get("/api/v1/lead-times", {"region": "AFR"}).json()
    other_year = client.get("/api/v1/lead-times", {"year": str(year - 1)}).json()

    assert [row["stage"] for row in in_lac["stages"]] == [
        "submitted_to_decision",
        "decision_to_formulated",
    ]
    assert in_africa["stages"] == []
    assert other_year["stages"] == []


@pytest.mark.parametrize("who", OTHERS)
def test_others_may_not_see_lead_times(world: IntakeWorld, who: str) -> None:
    response = world.client(who).get("/api/v1/lead-times")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_may_not_see_lead_times() -> None:
    response = Client().get("/api/v1/lead-times")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"region": "NOWHERE"}, 422, "region"),
        ({"region": "L\x00C"}, 422, "region"),
        ({"region": "x" * 9}, 422, "region"),
        ({"year": "20x6"}, 422, "year"),
        ({"year": "true"}, 422, "year"),
        ({"year": "99999"}, 422, "year"),
        ({"year": "1000"}, 422, "year"),
    ],
)
def test_lead_times_refuse_bad_filters(
    world: IntakeWorld, params: dict, status: int, field: str
) -> None:
    response = world.client("manager").get("/api/v1/lead-times", params)

    assert response.status_code == status
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_longest_waiting_lists_the_oldest_first(world: IntakeWorld) -> None:
    older = world.request("submitted", title="Older")
    newer = world.request("recommended", title="Newer")
    AssistanceRequest.objects.filter(pk=older.pk).update(
        created_at=older.created_at - datetime.timedelta(days=30)
    )
    older.transitions.update(occurred_at=older.submitted_at - datetime.timedelta(days=30))

    body = world.client("manager").get("/api/v1/lead-times").json()

    assert [row["id"] for row in body["longest_waiting"]] == [older.pk, newer.pk]
    assert body["longest_waiting"][0]["waiting_days"] >= 30


def test_lead_times_query_count_is_constant(
    world: IntakeWorld, django_assert_max_num_queries
) -> None:
    for number in range(6):
        world.request("formulated", title=f"Formulated {number}")
        world.request("submitted", title=f"Waiting {number}")
    client = world.client("manager")
    client.get("/api/v1/lead-times")

    # session, user, memberships, region check, four lead-time queries, longest waiting.
    with django_assert_max_num_queries(9):
        response = client.get("/api/v1/lead-times", {"region": "LAC"})

    assert len(response.json()["longest_waiting"]) == 6
