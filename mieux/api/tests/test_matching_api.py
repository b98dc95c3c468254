"""GET /api/v1/activities/{id}/expert-matches and POST /api/v1/plans."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mieux.accounts.models import User
from mieux.experts.models import Deployment, Expert
from mieux.experts.tests.test_matching_pages import build_roster
from mieux.portfolio.models import Activity

pytestmark = pytest.mark.django_db

CRITERIA = {
    "thematic_fit",
    "language",
    "experience",
    "availability",
    "workload",
    "feedback",
    "country_mix",
}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def matches(activity: Activity) -> str:
    return f"/api/v1/activities/{activity.pk}/expert-matches"


def plan(client: Client, body: dict):
    return client.post("/api/v1/plans", body, content_type="application/json")


# --- matches ------------------------------------------------------------------------------------


def test_matches_are_the_fluent_available_experts_best_first() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(matches(roster.lima))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "items"}
    assert body["count"] == len(roster.speakers)
    ids = [item["expert"]["id"] for item in body["items"]]
    assert sorted(ids) == sorted(e.pk for e in roster.speakers)
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True)
    first = body["items"][0]
    assert set(first) == {"expert", "score", "explanation"}
    expert = next(e for e in roster.speakers if e.pk == first["expert"]["id"])
    assert first["expert"] == {
        "id": expert.pk,
        "name": expert.full_name,
        "institution": {
            "id": expert.institution_id,
            "name": "Ministerio del Interior",
            "acronym": "",
            "country": {"iso2": "ES", "name": "Spain"},
        },
        "country": "ES",
        "expert_type": "eu_member_state_administration",
        "languages": [{"code": "en", "level": "B2"}, {"code": "es", "level": "C1"}],
    }
    assert {part["criterion"] for part in first["explanation"]} == CRITERIA
    for part in first["explanation"]:
        assert set(part) == {"criterion", "points", "max", "detail"}
        assert 0 <= part["points"] <= part["max"] or part["max"] == 0
        assert part["detail"]
    assert first["score"] == pytest.approx(
        round(sum(part["points"] for part in first["explanation"]), 1)
    )


def test_limit_and_minimum_level() -> None:
    roster = build_roster()
    client = signed_in(roster.officer)

    one = client.get(matches(roster.lima), {"limit": 1}).json()
    b1 = client.get(matches(roster.lima), {"minimum_level": "b1"}).json()
    native = client.get(matches(roster.lima), {"minimum_level": "native"}).json()

    assert one["count"] == len(roster.speakers)
    assert len(one["items"]) == 1
    assert roster.weak.pk in {item["expert"]["id"] for item in b1["items"]}
    # The only native speaker is away in March.
    assert native == {"count": 0, "items": []}


def test_an_unknown_minimum_level_is_a_400_naming_the_field() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(matches(roster.lima), {"minimum_level": "fluent"})

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["detail"] == (
        "Unknown language level “fluent”: use A1, A2, B1, B2, C1, C2 or native."
    )
    assert body["errors"][0]["field"] == "minimum_level"


@pytest.mark.parametrize("limit", ["0", "101", "many"])
def test_a_limit_out_of_range_is_a_validation_problem(limit: str) -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(matches(roster.lima), {"limit": limit})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_matches_are_for_staff_only() -> None:
    roster = build_roster()

    anonymous = Client().get(matches(roster.lima))
    outsider = signed_in(roster.partner).get(matches(roster.lima))
    unknown = signed_in(roster.officer).get("/api/v1/activities/999999/expert-matches")

    assert anonymous.status_code == 401
    assert outsider.status_code == 403
    assert outsider.json()["code"] == "permission_denied"
    assert unknown.status_code == 404


def test_matches_queries_do_not_grow_with_candidates() -> None:
    roster = build_roster(speakers=2)
    client = signed_in(roster.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(matches(roster.lima), {"limit": 100})
        assert response.status_code == 200
        return len(context.captured_queries)

    few = count()
    roster.add_speakers(15)
    many = count()

    assert many == few


# --- plans --------------------------------------------------------------------------------------


def test_plan_returns_both_plans_and_the_gap() -> None:
    roster = build_roster()

    response = plan(signed_in(roster.officer), {"activity_ids": [roster.lima.pk, roster.cusco.pk]})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"exact", "greedy", "greedy_gap_percent"}
    assert body["exact"]["method"] == "cp-sat"
    assert body["greedy"]["method"] == "greedy"
    for result in (body["exact"], body["greedy"]):
        assert set(result) == {"method", "total_fit", "bound", "optimal", "seconds", "assignments"}
        assert result["total_fit"] == pytest.approx(
            sum(a["fit"] for a in result["assignments"]), abs=0.1
        )
    assert body["greedy"]["bound"] is None
    assert body["exact"]["optimal"] is True
    assert body["exact"]["total_fit"] >= body["greedy"]["total_fit"]
    assert body["greedy_gap_percent"] >= 0
    names = dict(Expert.objects.values_list("pk", "full_name"))
    per_activity: dict[int, int] = {}
    for assignment in body["exact"]["assignments"]:
        assert set(assignment) == {"activity_id", "expert_id", "expert_name", "fit"}
        assert assignment["expert_name"] == names[assignment["expert_id"]]
        per_activity[assignment["activity_id"]] = per_activity.get(assignment["activity_id"], 0) + 1
    assert per_activity == {roster.lima.pk: 2, roster.cusco.pk: 2}
    assert not Deployment.objects.exists()  # planning saves nothing


def test_plan_refuses_unknown_and_unplanned_activities_listing_them() -> None:
    roster = build_roster()

    response = plan(
        signed_in(roster.officer),
        {"activity_ids": [roster.lima.pk, 999_998, roster.delivered.pk, 999_999]},
    )

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == (
        "Only planned activities can be planned (no such activity: 999998, 999999; "
        f"not planned: {roster.delivered.pk})."
    )
    assert body["errors"][0]["field"] == "activity_ids"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"activity_ids": []}, "activity_ids"),
        ({"activity_ids": list(range(1, 2002))}, "activity_ids"),
        ({"activity_ids": [1], "time_limit": 31}, "time_limit"),
        ({"activity_ids": [1], "time_limit": 0}, "time_limit"),
    ],
)
def test_plan_body_out_of_bounds_is_a_validation_problem(body: dict, field: str) -> None:
    roster = build_roster(speakers=0)

    response = plan(signed_in(roster.officer), body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_plans_are_for_staff_only() -> None:
    roster = build_roster()
    body = {"activity_ids": [roster.lima.pk]}

    assert plan(Client(), body).status_code == 401
    assert plan(signed_in(roster.partner), body).status_code == 403


def test_plan_queries_do_not_grow_with_activities() -> None:
    roster = build_roster(speakers=3)
    client = signed_in(roster.officer)

    def count() -> int:
        ids = list(Activity.objects.filter(status="planned").values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as context:
            response = plan(client, {"activity_ids": ids, "time_limit": 5})
        assert response.status_code == 200
        return len(context.captured_queries)

    few = count()
    for week in range(6):
        Activity.objects.create(
            action=roster.action,
            activity_type=roster.lima.activity_type,
            title=f"Follow-up {week}",
            start_date=datetime.date(2027, 6, 7) + datetime.timedelta(weeks=week),
            end_date=datetime.date(2027, 6, 8) + datetime.timedelta(weeks=week),
            country=roster.lima.country,
            language="es",
        )
    roster.add_speakers(4)
    many = count()

    assert many == few
