"""The request workflow through `POST /api/v1/requests/{id}/transitions`, per role and status."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from mieux.accounts.models import User
from mieux.accounts.tokens import api_token_create
from mieux.api.tests.intake_factories import IntakeWorld, build_world
from mieux.core.models import AuditEvent
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.portfolio.models import Action

pytestmark = pytest.mark.django_db

DEMO_USERS = ("demo-partner-mx", "demo-partner-pe", "demo-officer", "demo-steering")


@pytest.fixture
def world(db: None) -> IntakeWorld:
    return build_world()


def take(client: Client, request_id: int, transition: str, reason: str = "", **extra):
    return client.post(
        f"/api/v1/requests/{request_id}/transitions",
        {"transition": transition, "reason": reason, **extra},
        content_type="application/json",
    )


def state(assistance_request: AssistanceRequest) -> tuple:
    """Everything a refused transition must leave as it was."""
    assistance_request.refresh_from_db()
    return (
        assistance_request.status,
        assistance_request.version,
        assistance_request.action_id,
        RequestTransition.objects.filter(assistance_request=assistance_request).count(),
        AuditEvent.objects.count(),
        Action.objects.count(),
    )


# --- the whole flow, as the demo users, through the API alone --------------------------------


def test_demo_users_take_a_request_from_draft_to_an_action_through_the_api_alone(
    db: None, django_capture_on_commit_callbacks
) -> None:
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)
    clients = {}
    for username in DEMO_USERS:
        _token, raw = api_token_create(user=User.objects.get(username=username), name="flow")
        clients[username] = Client(headers={"authorization": f"Bearer {raw}"})
    partner, officer, steering = (
        clients["demo-partner-mx"],
        clients["demo-officer"],
        clients["demo-steering"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        created = partner.post(
            "/api/v1/requests",
            {
                "title": "Protection of migrant children at the southern border",
                "context": "More unaccompanied children arrive in Tapachula.",
                "objective": "Train first-contact officials in child-sensitive procedures.",
                "country": "MX",
                "thematic_areas": ["IMT"],
                "languages": ["es"],
            },
            content_type="application/json",
        )
        request_id = created.json()["id"]
        steps = [
            (partner, "submit", ""),
            (officer, "start_assessment", ""),
            (officer, "recommend", "Eligible; builds on Mexico I."),
            (steering, "approve", "Approved at the steering meeting."),
            (officer, "formulate", ""),
        ]
        statuses = []
        for client, transition, reason in steps:
            response = take(client, request_id, transition, reason)
            assert response.status_code == 200, response.json()
            statuses.append(response.json()["status"])
        hidden = clients["demo-partner-pe"].get(f"/api/v1/requests/{request_id}")

    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    assert statuses == ["submitted", "under_assessment", "recommended", "approved", "formulated"]
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"
    detail = partner.get(f"/api/v1/requests/{request_id}").json()
    action = Action.objects.get(assistance_request__pk=request_id)
    assert detail["status"] == "formulated"
    assert detail["action"] == action.pk
    assert action.activities.count() == 7
    history = officer.get("/api/v1/audit", {"object": f"request:{request_id}"})
    assert history.status_code == 200
    assert [(e["verb"], e["actor"]) for e in history.json()["items"]] == [
        ("request.created", "demo-partner-mx"),
        ("request.submit", "demo-partner-mx"),
        ("request.start_assessment", "demo-officer"),
        ("request.recommend", "demo-officer"),
        ("request.approve", "demo-steering"),
        ("request.formulate", "demo-officer"),
    ]
    assert history.json()["items"][3]["reason"] == "Eligible; builds on Mexico I."
    assert len(mail.outbox) > 0


# --- who may take which transition ------------------------------------------------------------

# (status, transition, reason): every transition from a status that allows it.
LEGAL = [
    ("draft", "submit", ""),
    ("submitted", "start_assessment", ""),
    ("under_assessment", "request_information", "Which border posts?"),
    ("information_requested", "resubmit", ""),
    ("under_assessment", "recommend", "Fits."),
    ("under_assessment", "not_recommend", "Covered."),
    ("recommended", "approve", "Yes."),
    ("not_recommended", "reject", "No."),
    ("recommended", "defer", "Later."),
    ("approved", "formulate", ""),
    ("submitted", "withdraw", ""),
]
# Who may take each transition; everyone else who sees the request gets 403, others 404.
ACTORS = {
    "submit": {"partner-mx"},
    "resubmit": {"partner-mx"},
    "withdraw": {"partner-mx"},
    "start_assessment": {"officer", "manager", "admin"},
    "request_information": {"officer", "manager", "admin"},
    "recommend": {"officer", "manager", "admin"},
    "not_recommend": {"officer", "manager", "admin"},
    "formulate": {"officer", "manager", "admin"},
    "approve": {"steering"},
    "reject": {"steering"},
    "defer": {"steering"},
}
STEERING_SEES = {"recommended", "not_recommended", "approved", "rejected", "deferred", "formulated"}
ROLES = [
    "partner-mx",
    "partner-pe",
    "officer",
    "manager",
    "admin",
    "steering",
    "expert",
    "knowledge",
]
TARGET = {
    "submit": "submitted",
    "start_assessment": "under_assessment",
    "request_information": "information_requested",
    "resubmit": "under_assessment",
    "recommend": "recommended",
    "not_recommend": "not_recommended",
    "approve": "approved",
    "reject": "rejected",
    "defer": "deferred",
    "formulate": "formulated",
    "withdraw": "withdrawn",
}


def expected_code(status: str, transition: str, who: str) -> int:
    if who in ACTORS[transition]:
        return 200
    sees = who in {"partner-mx", "officer", "manager", "admin"} or (
        who == "steering" and status in STEERING_SEES
    )
    return 403 if sees else 404


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("status", "transition", "reason"), LEGAL)
def test_transition_permission_matrix(
    world: IntakeWorld, status: str, transition: str, reason: str, who: str
) -> None:
    assistance_request = world.request(status)
    before = state(assistance_request)

    response = take(world.client(who), assistance_request.pk, transition, reason)

    code = expected_code(status, transition, who)
    assert response.status_code == code, response.json()
    if code == 200:
        assert response.json()["status"] == TARGET[transition]
        assert response.json()["version"] == before[1] + 1
        assert response.json()["history"][-1]["transition"] == transition
        assert response.json()["history"][-1]["actor"] == who
        assistance_request.refresh_from_db()
        assert assistance_request.status == TARGET[transition]
    else:
        assert response.json()["code"] == {403: "permission_denied", 404: "not_found"}[code]
        assert state(assistance_request) == before


@pytest.mark.parametrize(("status", "transition", "reason"), LEGAL[:3])
def test_anonymous_cannot_take_a_transition(
    world: IntakeWorld, status: str, transition: str, reason: str
) -> None:
    assistance_request = world.request(status)
    before = state(assistance_request)

    response = take(Client(), assistance_request.pk, transition, reason)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert state(assistance_request) == before


def test_a_transition_with_a_bearer_token(world: IntakeWorld) -> None:
    draft = world.request()

    response = take(world.token_client("partner-mx"), draft.pk, "submit")

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_a_session_write_without_the_csrf_token_is_refused(world: IntakeWorld) -> None:
    draft = world.request()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["partner-mx"])
    before = state(draft)

    response = take(client, draft.pk, "submit")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert state(draft) == before


# --- illegal transitions change nothing -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "who", "transition", "reason"),
    [
        ("draft", "officer", "recommend", "Fits."),
        ("draft", "partner-mx", "resubmit", ""),
        ("submitted", "partner-mx", "submit", ""),
        ("submitted", "officer", "formulate", ""),
        ("under_assessment", "officer", "start_assessment", ""),
        ("recommended", "steering", "recommend", "again"),
        ("approved", "steering", "approve", "again"),
        ("approved", "steering", "defer", "later"),
        ("deferred", "steering", "defer", "later"),
        ("rejected", "steering", "approve", "changed our minds"),
        ("formulated", "officer", "formulate", ""),
        ("formulated", "partner-mx", "withdraw", ""),
        ("withdrawn", "partner-mx", "submit", ""),
        ("withdrawn", "partner-mx", "withdraw", ""),
    ],
)
def test_an_illegal_transition_is_a_409_and_changes_nothing(
    world: IntakeWorld, status: str, who: str, transition: str, reason: str
) -> None:
    assistance_request = world.request(status)
    before = state(assistance_request)

    response = take(world.client(who), assistance_request.pk, transition, reason)

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["type"] == "urn:mieux:problem:illegal_transition"
    assert state(assistance_request) == before


def test_a_deferred_request_can_still_be_decided(world: IntakeWorld) -> None:
    deferred = world.request("deferred")

    response = take(world.client("steering"), deferred.pk, "approve", "Second session.")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"


def test_a_stale_version_is_a_409_concurrent_update_and_changes_nothing(
    world: IntakeWorld,
) -> None:
    assessed = world.request("under_assessment")
    read = world.client("officer").get(f"/api/v1/requests/{assessed.pk}").json()
    take(world.client("manager"), assessed.pk, "request_information", "Which border posts?")
    before = state(assessed)

    response = take(
        world.client("officer"), assessed.pk, "recommend", "Fits.", version=read["version"]
    )

    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_update"
    assert state(assessed) == before


def test_the_current_version_is_accepted(world: IntakeWorld) -> None:
    recommended = world.request("recommended")

    response = take(
        world.client("steering"), recommended.pk, "approve", "Yes.", version=recommended.version
    )

    assert response.status_code == 200
    assert response.json()["version"] == recommended.version + 1


@pytest.mark.parametrize(
    ("status", "who", "transition"),
    [
        ("under_assessment", "officer", "recommend"),
        ("under_assessment", "officer", "not_recommend"),
        ("under_assessment", "officer", "request_information"),
        ("recommended", "steering", "approve"),
        ("recommended", "steering", "reject"),
        ("recommended", "steering", "defer"),
    ],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_missing_reason_is_a_400_naming_the_field(
    world: IntakeWorld, status: str, who: str, transition: str, reason: str
) -> None:
    assistance_request = world.request(status)
    before = state(assistance_request)

    response = take(world.client(who), assistance_request.pk, transition, reason)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]
    assert state(assistance_request) == before


def test_submitting_an_incomplete_draft_is_a_400(world: IntakeWorld) -> None:
    draft = world.request(context="", thematic_areas=[])
    before = state(draft)

    response = take(world.client("partner-mx"), draft.pk, "submit")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["context"]
    assert state(draft) == before


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"transition": "fly"}, 422, "transition"),
        ({"transition": "Approve"}, 422, "transition"),
        ({"transition": "approve\x00"}, 422, "transition"),
        ({"transition": ""}, 422, "transition"),
        ({}, 422, "transition"),
        ({"transition": "approve", "reason": "x" * 5001}, 422, "reason"),
        ({"transition": "approve", "reason": "nul\x00"}, 422, "reason"),
        ({"transition": "approve", "reason": 7}, 422, "reason"),
        ({"transition": "approve", "reason": "ok", "version": True}, 422, "version"),
        ({"transition": "approve", "reason": "ok", "version": "2"}, 422, "version"),
        ({"transition": "approve", "reason": "ok", "version": 2**40}, 422, "version"),
        ({"transition": "approve", "reason": "ok", "actor": "steering"}, 422, "actor"),
    ],
)
def test_malformed_transition_bodies_are_refused(
    world: IntakeWorld, body: dict, code: int, field: str
) -> None:
    recommended = world.request("recommended")
    before = state(recommended)

    response = world.client("steering").post(
        f"/api/v1/requests/{recommended.pk}/transitions", body, content_type="application/json"
    )

    assert response.status_code == code
    assert field in {e["field"] for e in response.json()["errors"]}
    assert state(recommended) == before


def test_a_transition_on_a_missing_request_is_a_404(world: IntakeWorld) -> None:
    response = take(world.client("officer"), 999_999, "start_assessment")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_information_requested_goes_back_to_the_requester_who_edits_and_resubmits(
    world: IntakeWorld,
) -> None:
    asked = world.request("information_requested")
    partner = world.client("partner-mx")

    edited = partner.patch(
        f"/api/v1/requests/{asked.pk}",
        {"context": "Tapachula and Ciudad Hidalgo."},
        content_type="application/json",
    )
    resubmitted = take(partner, asked.pk, "resubmit")

    assert edited.status_code == 200
    assert resubmitted.status_code == 200
    assert resubmitted.json()["status"] == "under_assessment"
    assert resubmitted.json()["context"] == "Tapachula and Ciudad Hidalgo."
    assert [t["name"] for t in resubmitted.json()["transitions"]] == ["withdraw"]
