"""The deployment endpoints: propose an expert for an activity, read one deployment, take its
transitions; and the query count of the expert's own list (GET /api/v1/deployments, whose
behaviour is tested in mieux/experts/tests/test_deployment_pages.py)."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.api.tests import factories
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertType, UnavailablePeriod
from mieux.portfolio.models import Activity

pytestmark = pytest.mark.django_db

CONSENTED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def user_with(username: str, role: str, institution: Institution | None = None) -> User:
    user = User.objects.create_user(username)
    Membership.objects.create(user=user, role=role, institution=institution)
    return user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class World:
    users: dict[str, User]
    ana: Expert
    bruno: Expert
    lima: Activity
    cusco: Activity
    june: Activity

    def propose(self, expert: Expert, activity: Activity, *steps: str) -> Deployment:
        officer = self.users["officer"]
        deployment = services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=activity.pk
        )
        for step in steps:
            deployment = services.deployment_transition(
                actor=officer, deployment_id=deployment.pk, transition=step
            )
        return deployment


@pytest.fixture
def world() -> World:
    """Ana and Bruno (experts with accounts, consented), three activities of Peru III: Lima
    (4 to 8 May), Cusco (7 to 9 May, overlapping Lima) and June (1 to 3 June)."""
    peru = factories.CountryFactory.create(iso2="PE", iso3="PER", numeric="604", name_en="Peru")
    inm = Institution.objects.create(
        name="Instituto Nacional de Migración", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    users = {
        "officer": user_with("officer", Role.PROJECT_OFFICER),
        "manager": user_with("manager", Role.PROGRAMME_MANAGER),
        "admin": user_with("admin", Role.ADMIN),
        "partner": user_with("partner", Role.PARTNER_FOCAL_POINT, inm),
        "steering": user_with("steering", Role.STEERING_MEMBER),
        "knowledge": user_with("knowledge", Role.KNOWLEDGE_MANAGER),
        "expert": user_with("ana", Role.EXPERT),
        "other_expert": user_with("bruno", Role.EXPERT),
    }
    ana, bruno = (
        services.expert_create(
            actor=users["officer"],
            user=users[role],
            full_name=name,
            email=f"{role}@example.org",
            expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
            consent_given_at=CONSENTED,
            status="active",
        )
        for role, name in (("expert", "Ana Pérez"), ("other_expert", "Bruno Silva"))
    )
    action = factories.ActionFactory.create(slug="peru-iii", name="Peru III", countries=[peru])

    def activity(title: str, start: datetime.date, end: datetime.date) -> Activity:
        return factories.ActivityFactory.create(
            action=action, title=title, start_date=start, end_date=end, city="Lima", country=peru
        )

    return World(
        users=users,
        ana=ana,
        bruno=bruno,
        lima=activity("Lima workshop", datetime.date(2031, 5, 4), datetime.date(2031, 5, 8)),
        cusco=activity("Cusco visit", datetime.date(2031, 5, 7), datetime.date(2031, 5, 9)),
        june=activity("June training", datetime.date(2031, 6, 1), datetime.date(2031, 6, 3)),
    )


def propose_url(activity: Activity) -> str:
    return f"/api/v1/activities/{activity.pk}/deployments"


def detail_url(deployment: Deployment) -> str:
    return f"/api/v1/deployments/{deployment.pk}"


def transition_url(deployment: Deployment) -> str:
    return f"/api/v1/deployments/{deployment.pk}/transitions"


def post(client: Client, url: str, data: dict) -> Any:
    return client.post(url, data, content_type="application/json")


# --- propose ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "manager", "admin"])
def test_staff_propose_an_expert(world: World, role: str) -> None:
    response = post(
        client_for(world.users[role]),
        propose_url(world.lima),
        {"expert_id": world.ana.pk, "role": "lead_expert"},
    )

    assert response.status_code == 201
    deployment = Deployment.objects.get(expert=world.ana, activity=world.lima)
    body = response.json()
    assert body["id"] == deployment.pk
    assert body["role"] == "lead_expert"
    assert body["status"] == "proposed"
    assert body["version"] == 1
    assert body["expert"] == {"id": world.ana.pk, "name": "Ana Pérez"}
    assert body["activity"]["id"] == world.lima.pk
    assert body["activity"]["action"] == {"slug": "peru-iii", "name": "Peru III"}
    assert body["invited_at"] is None
    assert body["transitions"] == [{"name": "invite", "label": "Invite", "reason_required": False}]
    assert deployment.proposed_by == world.users[role]
    assert AuditEvent.objects.filter(verb="deployment.proposed").count() == 1


def test_the_role_defaults_to_expert(world: World) -> None:
    response = post(
        client_for(world.users["officer"]), propose_url(world.lima), {"expert_id": world.ana.pk}
    )

    assert response.status_code == 201
    assert response.json()["role"] == "expert"


@pytest.mark.parametrize("role", ["partner", "steering", "knowledge", "expert", "other_expert"])
def test_others_may_not_propose(world: World, role: str) -> None:
    response = post(
        client_for(world.users[role]), propose_url(world.lima), {"expert_id": world.ana.pk}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Deployment.objects.exists()


def test_anonymous_callers_may_not_propose(world: World) -> None:
    response = post(Client(), propose_url(world.lima), {"expert_id": world.ana.pk})

    assert response.status_code == 401
    assert not Deployment.objects.exists()


def test_an_expert_holding_overlapping_dates_is_a_409(world: World) -> None:
    world.propose(world.ana, world.lima, "invite", "accept")

    response = post(
        client_for(world.users["officer"]), propose_url(world.cusco), {"expert_id": world.ana.pk}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "overlapping_deployment"
    assert "Lima workshop" in response.json()["detail"]
    assert not Deployment.objects.filter(activity=world.cusco).exists()


def test_an_expert_unavailable_on_the_dates_is_a_409(world: World) -> None:
    UnavailablePeriod.objects.create(
        expert=world.ana, start=datetime.date(2031, 6, 2), end=datetime.date(2031, 6, 20)
    )

    response = post(
        client_for(world.users["officer"]), propose_url(world.june), {"expert_id": world.ana.pk}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "expert_unavailable"
    assert not Deployment.objects.exists()


def test_an_expert_already_proposed_is_a_409_conflict(world: World) -> None:
    world.propose(world.ana, world.lima)

    response = post(
        client_for(world.users["officer"]), propose_url(world.lima), {"expert_id": world.ana.pk}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Deployment.objects.count() == 1


def test_an_expert_without_consent_is_a_400_naming_the_expert(world: World) -> None:
    Expert.objects.filter(pk=world.ana.pk).update(consent_given_at=None)

    response = post(
        client_for(world.users["officer"]), propose_url(world.lima), {"expert_id": world.ana.pk}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert [error["field"] for error in response.json()["errors"]] == ["expert"]
    assert not Deployment.objects.exists()


@pytest.mark.parametrize(
    ("activity_id", "payload", "status"),
    [
        ("lima", {"expert_id": 999999}, 404),
        (999999, {"expert_id": "ana"}, 404),
        ("lima", {"expert_id": "ana", "role": "boss"}, 422),
        ("lima", {"expert_id": "ana", "role": "Lead Expert"}, 422),
        ("lima", {"expert_id": "7"}, 422),
        ("lima", {"expert_id": True}, 422),
        ("lima", {}, 422),
        ("lima", {"expert_id": "ana", "status": "accepted"}, 422),
        (0, {"expert_id": "ana"}, 422),
    ],
)
def test_bad_proposals_change_nothing(
    world: World, activity_id: object, payload: dict, status: int
) -> None:
    path_id = world.lima.pk if activity_id == "lima" else activity_id
    data = {key: world.ana.pk if value == "ana" else value for key, value in payload.items()}

    response = post(
        client_for(world.users["officer"]), f"/api/v1/activities/{path_id}/deployments", data
    )

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Deployment.objects.exists()


# --- read one ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "transitions"),
    [
        ("officer", ["accept", "decline"]),  # on behalf of an expert, as the policy allows
        ("admin", ["accept", "decline"]),
        ("expert", ["accept", "decline"]),
    ],
)
def test_staff_and_the_expert_read_a_deployment_with_their_transitions(
    world: World, role: str, transitions: list[str]
) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = client_for(world.users[role]).get(detail_url(deployment))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "invited"
    assert body["version"] == 2
    assert body["invited_at"] is not None
    assert [t["name"] for t in body["transitions"]] == transitions
    assert "email" not in body["expert"]


def test_the_expert_may_not_invite_themself(world: World) -> None:
    deployment = world.propose(world.ana, world.lima)

    body = client_for(world.users["expert"]).get(detail_url(deployment)).json()

    assert body["status"] == "proposed"
    assert body["transitions"] == []


@pytest.mark.parametrize("role", ["partner", "steering", "knowledge", "other_expert"])
def test_others_get_a_404_for_a_deployment(world: World, role: str) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = client_for(world.users[role]).get(detail_url(deployment))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "Ana" not in response.content.decode()


def test_anonymous_callers_get_a_401_for_a_deployment(world: World) -> None:
    deployment = world.propose(world.ana, world.lima)

    assert Client().get(detail_url(deployment)).status_code == 401


# --- transitions ------------------------------------------------------------------------------


def test_a_deployment_goes_from_proposed_to_completed_through_the_api(world: World) -> None:
    deployment = world.propose(world.ana, world.lima)
    officer, expert = client_for(world.users["officer"]), client_for(world.users["expert"])

    steps = [
        (officer, {"transition": "invite", "version": 1}),
        (expert, {"transition": "accept", "reason": "Glad to.", "version": 2}),
        (officer, {"transition": "complete"}),
    ]
    bodies = []
    for client, data in steps:
        response = post(client, transition_url(deployment), data)
        assert response.status_code == 200, response.content
        bodies.append(response.json())

    assert [(b["status"], b["version"]) for b in bodies] == [
        ("invited", 2),
        ("accepted", 3),
        ("completed", 4),
    ]
    assert bodies[-1]["transitions"] == []
    assert bodies[-1]["completed_at"] is not None
    assert AuditEvent.objects.get(verb="deployment.accept").reason == "Glad to."


def test_an_invited_expert_declines(world: World) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = post(
        client_for(world.users["expert"]),
        transition_url(deployment),
        {"transition": "decline", "reason": "On leave."},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert response.json()["transitions"] == []


def test_a_stale_version_is_a_409_and_changes_nothing(world: World) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = post(
        client_for(world.users["expert"]),
        transition_url(deployment),
        {"transition": "accept", "version": 1},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_update"
    deployment.refresh_from_db()
    assert (deployment.status, deployment.version) == ("invited", 2)


def test_a_transition_the_status_does_not_allow_is_a_409(world: World) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = post(
        client_for(world.users["officer"]), transition_url(deployment), {"transition": "complete"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert Deployment.objects.get(pk=deployment.pk).status == "invited"


def test_accepting_onto_overlapping_dates_is_a_409(world: World) -> None:
    world.propose(world.ana, world.lima, "invite", "accept")
    cusco = world.propose(world.ana, world.june, "invite")
    Activity.objects.filter(pk=world.june.pk).update(
        start_date=datetime.date(2031, 5, 8), end_date=datetime.date(2031, 5, 9)
    )

    response = post(
        client_for(world.users["expert"]), transition_url(cusco), {"transition": "accept"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "overlapping_deployment"
    assert Deployment.objects.get(pk=cusco.pk).status == "invited"


def test_the_expert_may_not_take_an_officer_s_transition(world: World) -> None:
    deployment = world.propose(world.ana, world.lima)

    response = post(
        client_for(world.users["expert"]), transition_url(deployment), {"transition": "invite"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Deployment.objects.get(pk=deployment.pk).status == "proposed"


@pytest.mark.parametrize("role", ["partner", "steering", "knowledge", "other_expert"])
def test_others_get_a_404_for_a_transition(world: World, role: str) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = post(
        client_for(world.users[role]), transition_url(deployment), {"transition": "accept"}
    )

    assert response.status_code == 404
    assert Deployment.objects.get(pk=deployment.pk).status == "invited"


def test_anonymous_callers_may_not_take_a_transition(world: World) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = post(Client(), transition_url(deployment), {"transition": "accept"})

    assert response.status_code == 401
    assert Deployment.objects.get(pk=deployment.pk).status == "invited"


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"transition": "approve"}, 422, "transition"),
        ({"transition": "Accept"}, 422, "transition"),
        ({"transition": "accept", "version": "2"}, 422, "version"),
        ({"transition": "accept", "reason": "a\x00b"}, 422, "reason"),
        ({"transition": "accept", "actor": "ana"}, 422, "actor"),
    ],
)
def test_bad_transitions_change_nothing(
    world: World, payload: dict, status: int, field: str
) -> None:
    deployment = world.propose(world.ana, world.lima, "invite")

    response = post(client_for(world.users["officer"]), transition_url(deployment), payload)

    assert response.status_code == status
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert Deployment.objects.get(pk=deployment.pk).version == 2


# --- the expert's own list --------------------------------------------------------------------


def test_own_list_query_count_does_not_grow_with_deployments(
    world: World, django_assert_max_num_queries
) -> None:
    client = client_for(world.users["expert"])
    world.propose(world.ana, world.lima, "invite")
    with django_assert_max_num_queries(100) as few:
        client.get("/api/v1/deployments")
    baseline = len(few.captured_queries)
    world.propose(world.ana, world.cusco, "invite")
    world.propose(world.ana, world.june)

    with django_assert_max_num_queries(baseline):
        response = client.get("/api/v1/deployments")

    assert response.json()["count"] == 3


def test_the_own_list_never_shows_another_expert_s_deployments(world: World) -> None:
    world.propose(world.bruno, world.lima, "invite")

    response = client_for(world.users["expert"]).get("/api/v1/deployments")

    assert response.json() == {"count": 0, "next": None, "items": []}
