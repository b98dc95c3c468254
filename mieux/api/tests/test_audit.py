"""`GET /api/v1/audit?object=<kind>:<id>`: an object's history, for facility staff only."""

import pytest
from django.test import Client

from mieux.api.tests.intake_factories import IntakeWorld, build_world

pytestmark = pytest.mark.django_db

STAFF = ["officer", "manager", "admin"]
OTHERS = ["partner-mx", "partner-pe", "steering", "expert", "knowledge"]


@pytest.fixture
def world(db: None) -> IntakeWorld:
    return build_world()


def history(client: Client, name: str, **params: str):
    return client.get("/api/v1/audit", {"object": name, **params})


@pytest.mark.parametrize("who", STAFF)
def test_staff_see_a_requests_history_oldest_first_with_actors(
    world: IntakeWorld, who: str
) -> None:
    recommended = world.request("recommended")

    response = history(world.client(who), f"request:{recommended.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert body["next"] is None
    assert [(e["verb"], e["actor"], e["reason"]) for e in body["items"]] == [
        ("request.created", "partner-mx", ""),
        ("request.submit", "partner-mx", ""),
        ("request.start_assessment", "officer", ""),
        ("request.recommend", "officer", "Fits the mandate."),
    ]
    created, submitted = body["items"][0], body["items"][1]
    assert created["before"] is None
    assert created["after"]["title"] == "Protection of migrant children"
    assert created["after"]["thematic_areas"] == ["HO-CHI"]
    assert submitted["before"]["status"] == "draft"
    assert submitted["after"]["status"] == "submitted"
    assert set(created) == {"id", "occurred_at", "actor", "verb", "before", "after", "reason"}
    occurred = [e["occurred_at"] for e in body["items"]]
    assert occurred == sorted(occurred)


def test_history_with_a_bearer_token(world: IntakeWorld) -> None:
    draft = world.request()

    response = history(world.token_client("manager"), f"request:{draft.pk}")

    assert response.status_code == 200
    assert [e["verb"] for e in response.json()["items"]] == ["request.created"]


@pytest.mark.parametrize("who", OTHERS)
def test_others_may_not_see_histories(world: IntakeWorld, who: str) -> None:
    recommended = world.request("recommended")

    response = history(world.client(who), f"request:{recommended.pk}")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "Protection" not in response.content.decode()


def test_anonymous_may_not_see_histories(world: IntakeWorld) -> None:
    draft = world.request()

    response = history(Client(), f"request:{draft.pk}")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_history_of_the_action_a_request_became(world: IntakeWorld) -> None:
    formulated = world.request("formulated")

    response = history(world.client("officer"), f"action:{formulated.action_id}")

    assert response.status_code == 200
    assert [(e["verb"], e["actor"]) for e in response.json()["items"]] == [
        ("action.created", "officer")
    ]


def test_history_of_an_activity(world: IntakeWorld) -> None:
    formulated = world.request("formulated")
    activity = formulated.action.activities.order_by("start_date", "id").first()

    response = history(world.client("officer"), f"activity:{activity.pk}")

    assert response.status_code == 200
    assert [e["verb"] for e in response.json()["items"]] == ["activity.created"]


@pytest.mark.parametrize(
    "name",
    [
        "request",
        "request:",
        "request:abc",
        "request:0",
        "request:-1",
        "request:1:2",
        "Request:1",
        "user:1",
        "assistancerequest:1",
        "intake.assistancerequest:1",
        "request: 1",
        "request:12345678901234567890",
    ],
)
def test_a_malformed_or_unknown_object_is_a_400(world: IntakeWorld, name: str) -> None:
    response = history(world.client("officer"), name)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert [e["field"] for e in response.json()["errors"]] == ["object"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "object"), ({"object": "request:" + "1" * 80}, "object"), ({"limit": "0"}, "limit")],
)
def test_missing_or_oversized_parameters_are_a_422(
    world: IntakeWorld, params: dict, field: str
) -> None:
    params = {"object": "request:1", **params} if "object" not in params and params else params

    response = world.client("officer").get("/api/v1/audit", params)

    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


def test_a_missing_object_is_a_404(world: IntakeWorld) -> None:
    response = history(world.client("officer"), "request:999999")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_history_pages_with_a_cursor(world: IntakeWorld) -> None:
    formulated = world.request("formulated")
    client = world.client("officer")

    first = history(client, f"request:{formulated.pk}", limit="4").json()
    second = history(client, f"request:{formulated.pk}", limit="4", cursor=first["next"]).json()

    assert first["count"] == 6
    assert [e["verb"] for e in first["items"] + second["items"]] == [
        "request.created",
        "request.submit",
        "request.start_assessment",
        "request.recommend",
        "request.approve",
        "request.formulate",
    ]
    assert second["next"] is None


def test_a_cursor_of_another_list_is_refused(world: IntakeWorld) -> None:
    for number in range(3):
        world.request(title=f"Request {number}")
    client = world.client("officer")
    requests_cursor = client.get("/api/v1/requests", {"limit": "1"}).json()["next"]

    response = history(client, "request:1", cursor=requests_cursor)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"


def test_history_query_count_is_constant(world: IntakeWorld, django_assert_max_num_queries) -> None:
    asked = world.request("information_requested")
    partner = world.client("partner-mx")
    for number in range(10):
        partner.patch(
            f"/api/v1/requests/{asked.pk}",
            {"title": f"Title {number}"},
            content_type="application/json",
        )
    client = world.client("officer")
    history(client, f"request:{asked.pk}")

    # session, user, memberships, count, page with actors.
    with django_assert_max_num_queries(5):
        response = history(client, f"request:{asked.pk}", limit="200")

    assert response.json()["count"] == 14
