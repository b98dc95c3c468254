"""/api/v1/experts/me for the expert, and the rule that contact data is for facility staff and
the expert themself only: no other caller sees it in any roster response (issue 4, item 5)."""

from typing import Any

import pytest
from django.test import Client

from mieux.api.tests.roster_world import CV_BYTES, LIST, Roster, client_for
from mieux.core.models import AuditEvent
from mieux.experts.models import Deployment, Expert

# --- the expert updates their own profile ------------------------------------------------------

pytestmark = pytest.mark.django_db


def patch_me(client: Client, data: dict) -> Any:
    return client.patch(f"{LIST}/me", data, content_type="application/json")


def test_the_expert_updates_their_own_profile(roster: Roster) -> None:
    response = patch_me(
        client_for(roster.users["expert"]),
        {
            "full_name": "Ana Pérez Gil",
            "keywords": ["border management"],
            "thematic_areas": ["imt", "LM"],
            "languages": [{"code": "es", "level": "native"}, {"code": "pt", "level": "B2"}],
            "countries_of_experience": ["pe", "ES"],
            "regions_of_experience": [],
            "max_days_per_year": None,
            "biography": "Chief inspector, border police.",
            "publish_name": True,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Ana Pérez Gil"
    assert body["keywords"] == ["border management"]
    assert body["thematic_areas"] == ["IMT", "LM"]
    assert body["languages"] == [{"code": "es", "level": "native"}, {"code": "pt", "level": "B2"}]
    assert [c["iso2"] for c in body["countries_of_experience"]] == ["PE", "ES"]
    assert body["regions_of_experience"] == []
    assert body["max_days_per_year"] is None
    assert body["publish_name"] is True
    # Left out: unchanged.
    assert body["email"] == "ana.perez@interior.example.es"
    assert body["institution"]["name"] == "Ministerio del Interior"
    assert client_for(roster.users["expert"]).get(f"{LIST}/me").json() == body
    verbs = AuditEvent.objects.filter(object_id=str(roster.ana.pk)).values_list("verb", flat=True)
    assert {"expert.updated", "expert.languages_set"} <= set(verbs)


def test_a_patch_with_one_field_changes_only_that_field(roster: Roster) -> None:
    before = client_for(roster.users["officer"]).get(f"{LIST}/{roster.ana.pk}").json()

    response = patch_me(client_for(roster.users["expert"]), {"biography": "Retired."})

    assert response.status_code == 200
    assert response.json() == before | {"biography": "Retired."}


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"thematic_areas": ["NOPE"]}, 422, "thematic_areas"),
        ({"countries_of_experience": ["QQ"]}, 422, "countries_of_experience"),
        ({"institution": 999999}, 422, "institution"),
        ({"full_name": None}, 422, "full_name"),
        ({"expert_type": "astronaut"}, 422, "expert_type"),
        ({"email": "not-an-address"}, 422, "email"),
        ({"status": "active"}, 422, "status"),
        ({"verified_at": "2026-01-01T00:00:00Z"}, 422, "verified_at"),
        ({"languages": [{"code": "es", "level": "B3"}]}, 422, "level"),
        ({"max_days_per_year": 0}, 422, "max_days_per_year"),
        ({"biography": "a\x00b"}, 422, "biography"),
        # The name is valid, the languages are not: neither changes.
        ({"full_name": "Ana P.", "languages": [{"code": "qq", "level": "C1"}]}, 422, "languages"),
        ({"full_name": "Ana P.", "languages": []}, 422, "languages"),
    ],
)
def test_bad_profile_changes_change_nothing(
    roster: Roster, data: dict, status: int, field: str
) -> None:
    client = client_for(roster.users["expert"])
    before = client.get(f"{LIST}/me").json()
    events = AuditEvent.objects.count()

    response = patch_me(client, data)

    assert response.status_code == status
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert client.get(f"{LIST}/me").json() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ["officer", "partner", "steering", "knowledge"])
def test_a_caller_without_a_profile_has_none_to_update(roster: Roster, role: str) -> None:
    response = patch_me(client_for(roster.users[role]), {"biography": "Hello."})

    assert response.status_code == 404
    assert Expert.objects.filter(biography="Hello.").count() == 0


def test_anonymous_callers_may_not_update_a_profile(roster: Roster) -> None:
    assert patch_me(Client(), {"biography": "Hello."}).status_code == 401


# --- contact data never leaks (issue 4, item 5) -----------------------------------------------


def _every_endpoint(roster: Roster) -> list[tuple[str, str, dict | None]]:
    """(method, url, JSON body) for every roster and deployment endpoint, aimed at Ana."""
    ana, deployment = roster.ana, roster.deployment
    return [
        ("get", LIST, None),
        ("get", f"{LIST}?q=Ana", None),
        ("get", f"{LIST}/me", None),
        ("patch", f"{LIST}/me", {"biography": "Changed."}),
        ("get", f"{LIST}/{ana.pk}", None),
        ("get", f"{LIST}/{ana.pk}/cv", None),
        ("get", "/api/v1/deployments", None),
        ("get", f"/api/v1/deployments/{deployment.pk}", None),
        ("post", f"/api/v1/deployments/{deployment.pk}/transitions", {"transition": "accept"}),
        ("post", f"/api/v1/deployments/{deployment.pk}/transitions", {"transition": "invite"}),
        (
            "post",
            f"/api/v1/activities/{roster.lima_workshop.pk}/deployments",
            {"expert_id": ana.pk},
        ),
        (
            "post",
            f"/api/v1/activities/{roster.lima_workshop.pk}/deployments",
            {"expert_id": roster.carla.pk},
        ),
    ]


def _secrets(roster: Roster) -> list[str]:
    """Ana's and Carla's contact data, as they would appear in a JSON body."""
    return [
        roster.ana.email,
        "ana.perez",
        f"/api/v1/experts/{roster.ana.pk}/cv",
        "ana-perez-cv",
        "Parental leave",
        "2031-07-01",
        "2031-07-31",
        roster.carla.email,
    ]


@pytest.mark.parametrize(
    "role",
    ["partner", "other_partner", "steering", "knowledge", "other_expert", "anonymous"],
)
def test_partners_other_experts_and_visitors_never_see_an_expert_s_contact_data(
    roster: Roster, role: str
) -> None:
    client = client_for(roster.users.get(role))
    bodies = []
    for method, url, data in _every_endpoint(roster):
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, data, content_type="application/json")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert CV_BYTES not in content, url
        bodies.append((url, response.status_code, content.decode()))

    leaks = [
        (url, status, secret)
        for url, status, body in bodies
        for secret in _secrets(roster)
        if secret in body
    ]
    assert leaks == []
    # Nothing was refused silently into a success: no write went through.
    assert Deployment.objects.get(pk=roster.deployment.pk).status == "invited"
    assert Deployment.objects.filter(expert=roster.carla).count() == 0


def test_the_contact_data_test_can_fail(roster: Roster) -> None:
    """Staff do see it, so the search above looks for strings that really are in the bodies."""
    client = client_for(roster.users["officer"])

    body = client.get(f"{LIST}/{roster.ana.pk}").content.decode()

    shown = [secret for secret in _secrets(roster) if secret in body]
    # All but the CV's file name (only the download carries it) and Carla's address.
    assert shown == [s for s in _secrets(roster) if s not in {"ana-perez-cv", roster.carla.email}]
    assert roster.carla.email in client.get(LIST).content.decode()


@pytest.mark.parametrize("role", ["partner", "other_partner", "anonymous"])
def test_a_partner_listing_activities_sees_no_expert_contact_data(
    roster: Roster, role: str
) -> None:
    """Peru III is the other partner's action, with Ana invited to its Lima workshop."""
    response = client_for(roster.users.get(role)).get("/api/v1/activities")

    assert response.status_code == 200
    assert "Lima workshop" in [item["title"] for item in response.json()["items"]]
    body = response.content.decode()
    assert [secret for secret in _secrets(roster) if secret in body] == []
