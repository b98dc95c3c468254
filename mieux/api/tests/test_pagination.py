"""Cursor pagination: walking all pages yields every row once, in the selector's order."""

import base64
import datetime
import json

import pytest
from django.test import Client

from mieux.api.tests import factories
from mieux.api.tests.conftest import World
from mieux.portfolio.models import Action, Activity, Output

pytestmark = pytest.mark.django_db


def walk(client: Client, url: str, limit: int, **params: str) -> tuple[list[dict], list[int]]:
    """Follow `next` to the end; return all items and the size of each page."""
    items: list[dict] = []
    sizes: list[int] = []
    cursor = None
    while True:
        query = {"limit": str(limit), **params}
        if cursor:
            query["cursor"] = cursor
        response = client.get(url, query_params=query)
        assert response.status_code == 200, response.content
        body = response.json()
        items.extend(body["items"])
        sizes.append(len(body["items"]))
        cursor = body["next"]
        if cursor is None:
            return items, sizes


@pytest.fixture
def many_actions(world: World) -> None:
    """25 more public actions, several sharing a start date (ties are broken by id)."""
    for number in range(25):
        action = factories.ActionFactory.create(
            region=world.lac,
            pillar=world.imt,
            start_date=datetime.date(2010 + number % 5, 1 + number % 3, 1),
            countries=[world.peru],
        )
        factories.ActivityFactory.create(
            action=action, start_date=datetime.date(2015, 1 + number % 2, 1)
        )
        factories.OutputFactory.create(action=action)


def test_walking_action_pages_yields_every_action_once_in_order(
    many_actions: None, staff_client: Client
) -> None:
    expected = list(Action.objects.order_by("-start_date", "id").values_list("slug", flat=True))

    items, sizes = walk(staff_client, "/api/v1/actions", limit=4)

    assert [item["slug"] for item in items] == expected
    assert len(expected) == 29
    assert sizes == [4, 4, 4, 4, 4, 4, 4, 1]


def test_walking_filtered_action_pages(many_actions: None) -> None:
    expected = list(
        Action.objects.filter(is_public=True, countries__iso2="PE")
        .order_by("-start_date", "id")
        .values_list("slug", flat=True)
    )

    items, _sizes = walk(Client(), "/api/v1/actions", limit=7, country="PE")

    assert [item["slug"] for item in items] == expected
    assert len(expected) == 26


def test_count_is_the_total_on_every_page(many_actions: None) -> None:
    first = Client().get("/api/v1/actions", query_params={"limit": "5"}).json()
    second = (
        Client().get("/api/v1/actions", query_params={"limit": "5", "cursor": first["next"]}).json()
    )

    assert first["count"] == 28
    assert second["count"] == 28


def test_walking_activity_pages_yields_every_activity_once_in_order(
    many_actions: None, staff_client: Client
) -> None:
    expected = list(Activity.objects.order_by("start_date", "id").values_list("id", flat=True))

    items, sizes = walk(staff_client, "/api/v1/activities", limit=6)

    assert [item["id"] for item in items] == expected
    assert len(expected) == 30
    assert sizes == [6, 6, 6, 6, 6]


def test_walking_output_pages_yields_every_output_once_in_order(
    many_actions: None, staff_client: Client
) -> None:
    expected = list(Output.objects.order_by("action_id", "id").values_list("id", flat=True))

    items, _sizes = walk(staff_client, "/api/v1/outputs", limit=10)

    assert [item["id"] for item in items] == expected
    assert len(expected) == 28


def test_exactly_full_last_page_has_no_next(world: World) -> None:
    response = Client().get("/api/v1/actions", query_params={"limit": "3"})

    assert len(response.json()["items"]) == 3
    assert response.json()["next"] is None


def test_default_limit_is_twenty(many_actions: None) -> None:
    response = Client().get("/api/v1/actions")

    assert len(response.json()["items"]) == 20
    assert response.json()["next"] is not None


def test_a_row_added_behind_the_cursor_does_not_shift_the_walk(world: World) -> None:
    first = Client().get("/api/v1/actions", query_params={"limit": "1"}).json()
    factories.ActionFactory.create(
        slug="newest", region=world.lac, start_date=datetime.date(2024, 1, 1)
    )

    second = Client().get("/api/v1/actions", query_params={"limit": "1", "cursor": first["next"]})

    assert [item["slug"] for item in first["items"]] == ["senegal-i"]
    assert [item["slug"] for item in second.json()["items"]] == ["peru-iii"]


def _cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "e30",  # {}
        _cursor({"k": "activities", "v": ["2016-04-01", 1]}),  # another list's cursor
        _cursor({"k": "actions", "v": ["2016-04-01"]}),
        _cursor({"k": "actions", "v": ["yesterday", 1]}),
        _cursor({"k": "actions", "v": ["2016-04-01", "1"]}),
        _cursor({"k": "actions", "v": ["2016-04-01", True]}),
        _cursor({"k": "actions", "v": ["2016-04-01", 0]}),
        _cursor({"k": "actions", "v": ["2016-04-01", 2**63]}),
        _cursor({"k": "actions", "v": [20160401, 1]}),
        _cursor(["actions"]),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_malformed_cursor_is_an_invalid_cursor_problem(world: World, cursor: str) -> None:
    response = Client().get("/api/v1/actions", query_params={"cursor": cursor})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response.json() == {
        "type": "urn:mieux:problem:invalid_cursor",
        "title": "Invalid input",
        "status": 422,
        "detail": "The cursor is malformed or belongs to another list; start again without it.",
        "code": "invalid_cursor",
        "errors": [
            {
                "field": "cursor",
                "location": "query",
                "message": "The cursor is malformed or belongs to another list; "
                "start again without it.",
                "type": "invalid_cursor",
            }
        ],
    }


def test_output_cursor_rejects_a_date_key(world: World) -> None:
    response = Client().get(
        "/api/v1/outputs",
        query_params={"cursor": _cursor({"k": "outputs", "v": ["2016-04-01", 1]})},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"
