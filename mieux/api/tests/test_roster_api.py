"""The roster endpoints: /api/v1/experts, /experts/{id} and /experts/{id}/cv, for each role."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mieux.api.tests import factories
from mieux.api.tests.roster_world import CV_BYTES, LIST, Roster, client_for, names
from mieux.experts import services
from mieux.experts.models import ExpertType, UnavailablePeriod
from mieux.taxonomy.models import ThematicArea

# --- the list ---------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["officer", "manager", "admin"])
def test_staff_list_the_roster_by_name(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["next"] is None
    assert names(response) == ["Ana Pérez", "Bruno Silva", "Carla Gómez"]
    assert body["items"][0] == {
        "id": roster.ana.pk,
        "name": "Ana Pérez",
        "email": "ana.perez@interior.example.es",
        "institution": {
            "id": roster.ana.institution_id,
            "name": "Ministerio del Interior",
            "acronym": "",
            "country": {"iso2": "ES", "name": "Spain"},
        },
        "expert_type": "eu_member_state_administration",
        "status": "active",
        "thematic_areas": ["IMT-THB"],
        "languages": [{"code": "en", "level": "C1"}, {"code": "es", "level": "native"}],
        "verified_at": None,
    }


@pytest.mark.parametrize(
    "role", ["partner", "other_partner", "steering", "knowledge", "expert", "other_expert"]
)
def test_others_may_not_list_the_roster(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(LIST)

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "permission_denied"
    assert "ana.perez" not in response.content.decode()


def test_anonymous_may_not_list_the_roster(roster: Roster) -> None:
    response = Client().get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # A pillar matches its specific areas too.
        ({"theme": "IMT"}, ["Ana Pérez", "Carla Gómez"]),
        ({"theme": "imt-thb"}, ["Ana Pérez"]),
        ({"theme": "LM"}, ["Bruno Silva"]),
        ({"language": "es"}, ["Ana Pérez", "Bruno Silva", "Carla Gómez"]),
        ({"language": "es", "minimum_level": "B2"}, ["Ana Pérez", "Carla Gómez"]),
        ({"language": "ES", "minimum_level": "native"}, ["Ana Pérez"]),
        ({"language": "pt", "minimum_level": "C1"}, ["Bruno Silva"]),
        ({"language": "fr"}, []),
        ({"country": "es"}, ["Ana Pérez", "Carla Gómez"]),
        ({"country": "PT"}, ["Bruno Silva"]),
        ({"status": "invited"}, ["Carla Gómez"]),
        ({"status": "active"}, ["Ana Pérez", "Bruno Silva"]),
        ({"q": "silva"}, ["Bruno Silva"]),
        ({"q": "Trafficking"}, ["Ana Pérez"]),
        ({"q": "integration"}, ["Bruno Silva"]),
        # Non-ASCII words in keywords (stored escaped in SQLite's JSON text).
        ({"q": "protección"}, ["Carla Gómez"]),
        ({"q": "Gómez"}, ["Carla Gómez"]),
        # Filters combine with AND: Ana is native, Carla C2, both in Spain and under IMT.
        (
            {"theme": "IMT", "language": "es", "minimum_level": "C2", "country": "ES"},
            ["Ana Pérez", "Carla Gómez"],
        ),
        ({"theme": "IMT", "country": "PT"}, []),
    ],
)
def test_filters(roster: Roster, params: dict[str, str], expected: list[str]) -> None:
    response = client_for(roster.users["officer"]).get(LIST, params)

    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(names(response))


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"theme": "NOPE"}, "theme", 422),
        ({"country": "QQ"}, "country", 422),
        ({"status": "retired"}, "status", 422),
        ({"language": "qq"}, "language", 422),
        ({"minimum_level": "B2"}, "minimum_level", 422),
        ({"language": "es", "minimum_level": "B3"}, "minimum_level", 422),
        ({"language": "spanish"}, "language", 422),
        ({"q": "a\x00b"}, "q", 422),
        ({"limit": "0"}, "limit", 422),
        ({"cursor": "bm90LWEtY3Vyc29y"}, "cursor", 422),
    ],
)
def test_bad_filters_are_refused_naming_the_field(
    roster: Roster, params: dict[str, str], field: str, status: int
) -> None:
    response = client_for(roster.users["officer"]).get(LIST, params)

    assert response.status_code == status
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_the_roster_is_walked_page_by_page(roster: Roster) -> None:
    client = client_for(roster.users["officer"])
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"limit": "1"} | ({"cursor": cursor} if cursor else {})
        body = client.get(LIST, params).json()
        assert body["count"] == 3
        seen += [item["name"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break

    assert seen == ["Ana Pérez", "Bruno Silva", "Carla Gómez"]


def test_list_query_count_does_not_grow_with_experts(
    roster: Roster, django_assert_max_num_queries
) -> None:
    client = client_for(roster.users["officer"])
    params = {"theme": "IMT", "language": "es", "country": "ES", "limit": "200"}
    with django_assert_max_num_queries(100) as few:
        client.get(LIST, params)
    baseline = len(few.captured_queries)
    areas = list(ThematicArea.objects.filter(code__in=["IMT", "IMT-THB"]))
    for number in range(12):
        services.expert_create(
            actor=roster.users["officer"],
            full_name=f"Expert {number:02d}",
            email=f"expert{number}@example.org",
            expert_type=ExpertType.ACADEMIA,
            institution=roster.ana.institution,
            thematic_areas=areas,
            languages={"es": "C1", "en": "B2", "pt": "A2"},
        )

    with django_assert_max_num_queries(baseline):
        response = client.get(LIST, params)

    assert response.json()["count"] == 14


# --- one profile ------------------------------------------------------------------------------


def test_staff_read_a_whole_profile(roster: Roster) -> None:
    response = client_for(roster.users["manager"]).get(f"{LIST}/{roster.ana.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "ana.perez@interior.example.es"
    assert body["languages"] == [{"code": "en", "level": "C1"}, {"code": "es", "level": "native"}]
    assert body["unavailable_periods"] == [
        {"start": "2031-07-01", "end": "2031-07-31", "note": "Parental leave in July"}
    ]
    assert body["keywords"] == ["victim identification", "trafficking"]
    assert body["countries_of_experience"] == [{"iso2": "PE", "name": "Peru"}]
    assert body["regions_of_experience"] == [
        {"code": "LAC", "name": "Latin America & the Caribbean"}
    ]
    assert body["max_days_per_year"] == 40
    assert body["days_held_this_year"] == 0
    assert body["biography"] == "Chief inspector."
    assert body["has_cv"] is True
    assert body["cv_url"] == f"/api/v1/experts/{roster.ana.pk}/cv"
    assert body["consent_given_at"] == "2026-01-05T09:00:00Z"
    assert body["publish_name"] is False
    assert body["status"] == "active"
    assert body["deployments"] == [
        {
            "id": roster.deployment.pk,
            "role": "expert",
            "status": "invited",
            "activity": {
                "id": roster.lima_workshop.pk,
                "title": "Lima workshop",
                "start_date": "2031-05-04",
                "end_date": "2031-05-08",
                "city": "Lima",
                "country": {"iso2": "PE", "name": "Peru"},
                "is_virtual": False,
                "action": {"slug": "peru-iii", "name": "Peru III"},
            },
        }
    ]


def test_days_held_this_year_count_accepted_deployments_starting_this_year(
    roster: Roster,
) -> None:
    this_year = timezone.localdate().year
    activity = factories.ActivityFactory.create(
        action=roster.lima_workshop.action,
        start_date=datetime.date(this_year, 1, 10),
        end_date=datetime.date(this_year, 1, 12),
    )
    officer = roster.users["officer"]
    deployment = services.deployment_propose(
        actor=officer, expert_id=roster.bruno.pk, activity_id=activity.pk
    )
    for transition in ("invite", "accept"):
        services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition=transition
        )

    body = client_for(officer).get(f"{LIST}/{roster.bruno.pk}").json()

    assert body["days_held_this_year"] == 3
    assert body["has_cv"] is False
    assert body["cv_url"] is None


def test_the_expert_reads_their_own_profile_by_id_and_as_me(roster: Roster) -> None:
    client = client_for(roster.users["expert"])

    by_id = client.get(f"{LIST}/{roster.ana.pk}")
    me = client.get(f"{LIST}/me")

    assert by_id.status_code == me.status_code == 200
    assert by_id.json() == me.json()
    assert me.json()["id"] == roster.ana.pk
    assert me.json()["email"] == "ana.perez@interior.example.es"


def test_me_is_a_404_for_a_caller_without_a_profile(roster: Roster) -> None:
    response = client_for(roster.users["officer"]).get(f"{LIST}/me")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "role", ["partner", "other_partner", "steering", "knowledge", "other_expert"]
)
def test_others_get_a_404_for_a_profile_as_if_absent(roster: Roster, role: str) -> None:
    client = client_for(roster.users[role])

    existing = client.get(f"{LIST}/{roster.ana.pk}")
    absent = client.get(f"{LIST}/999999")

    assert existing.status_code == absent.status_code == 404
    assert existing.json()["code"] == "not_found"
    assert "Ana" not in existing.content.decode()


def test_anonymous_callers_get_a_401_for_a_profile(roster: Roster) -> None:
    assert Client().get(f"{LIST}/{roster.ana.pk}").status_code == 401
    assert Client().get(f"{LIST}/me").status_code == 401


def test_a_non_numeric_id_is_a_422(roster: Roster) -> None:
    response = client_for(roster.users["officer"]).get(f"{LIST}/ana")

    assert response.status_code == 422


def test_profile_query_count_does_not_grow_with_deployments(
    roster: Roster, django_assert_max_num_queries
) -> None:
    client = client_for(roster.users["officer"])
    with django_assert_max_num_queries(100) as few:
        client.get(f"{LIST}/{roster.ana.pk}")
    baseline = len(few.captured_queries)
    for day in range(1, 6):
        activity = factories.ActivityFactory.create(
            action=roster.lima_workshop.action,
            start_date=datetime.date(2031, 9, day),
            end_date=datetime.date(2031, 9, day),
        )
        services.deployment_propose(
            actor=roster.users["officer"], expert_id=roster.ana.pk, activity_id=activity.pk
        )
        UnavailablePeriod.objects.create(
            expert=roster.ana, start=datetime.date(2032, day, 1), end=datetime.date(2032, day, 2)
        )

    with django_assert_max_num_queries(baseline):
        response = client.get(f"{LIST}/{roster.ana.pk}")

    assert len(response.json()["deployments"]) == 6


# --- the CV -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "admin", "expert"])
def test_staff_and_the_expert_download_the_cv(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(f"{LIST}/{roster.ana.pk}/cv")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CV_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "ana-perez-cv" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "role", ["partner", "other_partner", "steering", "knowledge", "other_expert"]
)
def test_others_get_a_404_for_the_cv(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(f"{LIST}/{roster.ana.pk}/cv")

    assert response.status_code == 404
    assert CV_BYTES not in response.content


def test_a_profile_without_a_cv_has_none_to_download(roster: Roster) -> None:
    response = client_for(roster.users["officer"]).get(f"{LIST}/{roster.bruno.pk}/cv")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_callers_get_a_401_for_the_cv(roster: Roster) -> None:
    assert Client().get(f"{LIST}/{roster.ana.pk}/cv").status_code == 401
