"""Requests for assistance through the API: create, list, read, edit, attach — per role."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mieux.api.tests import factories
from mieux.api.tests.intake_factories import IntakeWorld, build_world
from mieux.core.models import AuditEvent
from mieux.core.tests import documents
from mieux.intake.models import AssistanceRequest, RequestAttachment

pytestmark = pytest.mark.django_db

DOCX = documents.DOCX_TYPE
NEW_REQUEST = {
    "title": "Protection of migrant children at the southern border",
    "context": "More unaccompanied children arrive in Tapachula.",
    "objective": "Train first-contact officials in child-sensitive procedures.",
    "country": "MX",
    "thematic_areas": ["HO-CHI"],
    "languages": ["es"],
}
STAFF = ["officer", "manager", "admin"]
NOT_PARTNERS = ["officer", "manager", "steering", "expert", "knowledge", "admin"]
EVERYONE = ["partner-mx", "partner-pe", *NOT_PARTNERS]


@pytest.fixture
def world(db: None, settings, tmp_path) -> IntakeWorld:
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def unauthenticated(response) -> bool:
    return (
        response.status_code == 401
        and response["Content-Type"] == "application/problem+json; charset=utf-8"
        and response.json()["code"] == "not_authenticated"
    )


# --- create -----------------------------------------------------------------------------------


def test_partner_creates_a_draft_for_their_institution(world: IntakeWorld) -> None:
    response = world.client("partner-mx").post(
        "/api/v1/requests", NEW_REQUEST, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    created = AssistanceRequest.objects.get()
    assert body["id"] == created.pk
    assert body["status"] == "draft"
    assert body["status_label"] == "Draft"
    assert body["version"] == 1
    assert body["title"] == NEW_REQUEST["title"]
    assert body["country"] == {"iso2": "MX", "name": "Mexico"}
    assert body["region"] == {"code": "LAC", "name": "Latin America & the Caribbean"}
    assert body["lead_institution"] == {
        "id": world.inm.pk,
        "name": "National Institute of Migration",
        "acronym": "INM",
        "kind": "national_authority",
        "country": "MX",
    }
    assert [i["id"] for i in body["requesting_institutions"]] == [world.inm.pk]
    assert body["thematic_areas"] == [{"code": "HO-CHI", "name": "Children in migration"}]
    assert body["languages"] == ["es"]
    assert body["action"] is None
    assert body["assessment"] is None
    assert body["history"] == []
    assert [t["name"] for t in body["transitions"]] == ["submit", "withdraw"]
    assert created.created_by == world.users["partner-mx"]
    assert AuditEvent.objects.filter(verb="request.created").count() == 1


def test_partner_creates_with_a_bearer_token_and_every_optional_field(world: IntakeWorld) -> None:
    payload = {
        **NEW_REQUEST,
        "desired_start": "2026-09-01",
        "desired_end": "2027-06-30",
        "timing_note": "After the rainy season",
        "expected_participants": 40,
        "contact_name": "Ana López",
        "contact_email": "ana@example.org",
        "contact_phone": "+52 55 1234 5678",
        "requesting_institutions": [world.mininter.pk],
    }

    response = world.token_client("partner-mx").post(
        "/api/v1/requests", payload, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["desired_start"] == "2026-09-01"
    assert body["desired_end"] == "2027-06-30"
    assert body["timing_note"] == "After the rainy season"
    assert body["expected_participants"] == 40
    assert (body["contact_name"], body["contact_email"], body["contact_phone"]) == (
        "Ana López",
        "ana@example.org",
        "+52 55 1234 5678",
    )
    assert sorted(i["acronym"] for i in body["requesting_institutions"]) == ["INM", "MININTER"]


def test_create_defaults_the_country_to_the_institutions(world: IntakeWorld) -> None:
    payload = {key: value for key, value in NEW_REQUEST.items() if key != "country"}

    response = world.client("partner-mx").post(
        "/api/v1/requests", payload, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["country"] == {"iso2": "MX", "name": "Mexico"}


def test_anonymous_cannot_create(world: IntakeWorld) -> None:
    response = Client().post("/api/v1/requests", NEW_REQUEST, content_type="application/json")

    assert unauthenticated(response)
    assert response["WWW-Authenticate"] == 'Bearer realm="mieux"'
    assert AssistanceRequest.objects.count() == 0


@pytest.mark.parametrize("who", NOT_PARTNERS)
def test_only_partner_focal_points_create(world: IntakeWorld, who: str) -> None:
    response = world.client(who).post(
        "/api/v1/requests", NEW_REQUEST, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert AssistanceRequest.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"thematic_areas": ["HO-CHI", "NOPE"]}, "thematic_areas"),
        ({"requesting_institutions": [999_999]}, "requesting_institutions"),
        ({"languages": ["xx"]}, "languages"),
        ({"title": "   "}, "title"),
        ({"desired_start": "2027-01-01", "desired_end": "2026-01-01"}, "desired_end"),
    ],
)
def test_create_refuses_unknown_codes_with_a_400_naming_the_field(
    world: IntakeWorld, change: dict, field: str
) -> None:
    response = world.client("partner-mx").post(
        "/api/v1/requests", {**NEW_REQUEST, **change}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert AssistanceRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "x" * 301}, "title"),
        ({"title": ""}, "title"),
        ({"title": "nul\x00byte"}, "title"),
        ({"context": "nul\x00byte"}, "context"),
        ({"context": "x" * 20_001}, "context"),
        ({"country": "MEX"}, "country"),
        ({"country": "M\x00"}, "country"),
        ({"thematic_areas": ["IMT; DROP TABLE"]}, "thematic_areas"),
        ({"thematic_areas": ["IMT"] * 21}, "thematic_areas"),
        ({"languages": ["ES"]}, "languages"),
        ({"languages": "es"}, "languages"),
        ({"expected_participants": True}, "expected_participants"),
        ({"expected_participants": "40"}, "expected_participants"),
        ({"expected_participants": 40.5}, "expected_participants"),
        ({"expected_participants": -1}, "expected_participants"),
        ({"expected_participants": 2**70}, "expected_participants"),
        ({"requesting_institutions": [True]}, "requesting_institutions"),
        ({"requesting_institutions": [2**64]}, "requesting_institutions"),
        ({"desired_start": 1_700_000_000}, "desired_start"),
        ({"desired_start": "2026-13-01"}, "desired_start"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"contact_phone": "call me<script>"}, "contact_phone"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_create_refuses_malformed_input_with_a_422(
    world: IntakeWorld, change: dict, field: str
) -> None:
    response = world.client("partner-mx").post(
        "/api/v1/requests", {**NEW_REQUEST, **change}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert field in {error["field"] for error in response.json()["errors"]}
    assert AssistanceRequest.objects.count() == 0


def test_create_refuses_a_body_that_is_not_json(world: IntakeWorld) -> None:
    response = world.client("partner-mx").post(
        "/api/v1/requests", "title=x", content_type="application/json"
    )

    assert response.status_code in {400, 422}
    assert AssistanceRequest.objects.count() == 0


# --- list -------------------------------------------------------------------------------------


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def test_anonymous_cannot_list(world: IntakeWorld) -> None:
    assert unauthenticated(Client().get("/api/v1/requests"))


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("partner-mx", ["withdrawn", "recommended", "submitted", "draft"]),
        ("partner-pe", []),
        ("officer", ["withdrawn", "recommended", "submitted", "draft"]),
        ("manager", ["withdrawn", "recommended", "submitted", "draft"]),
        ("admin", ["withdrawn", "recommended", "submitted", "draft"]),
        ("steering", ["recommended"]),
        ("expert", []),
        ("knowledge", []),
    ],
)
def test_list_shows_each_caller_what_they_may_see_newest_first(
    world: IntakeWorld, who: str, visible: list[str]
) -> None:
    by_status = {
        status: world.request(status, title=status)
        for status in ("draft", "submitted", "recommended", "withdrawn")
    }

    response = world.client(who).get("/api/v1/requests")

    assert response.status_code == 200
    assert response.json()["count"] == len(visible)
    assert response.json()["next"] is None
    assert ids(response) == [by_status[status].pk for status in visible]


def test_list_item_shape(world: IntakeWorld) -> None:
    draft = world.request()

    response = world.client("officer").get("/api/v1/requests")

    item = response.json()["items"][0]
    assert item == {
        "id": draft.pk,
        "title": "Protection of migrant children",
        "status": "draft",
        "status_label": "Draft",
        "version": 1,
        "country": {"iso2": "MX", "name": "Mexico"},
        "region": {"code": "LAC", "name": "Latin America & the Caribbean"},
        "lead_institution": {
            "id": world.inm.pk,
            "name": "National Institute of Migration",
            "acronym": "INM",
            "kind": "national_authority",
            "country": "MX",
        },
        "thematic_areas": [{"code": "HO-CHI", "name": "Children in migration"}],
        "created_at": item["created_at"],
        "submitted_at": None,
        "updated_at": item["updated_at"],
    }


def test_list_filters(world: IntakeWorld) -> None:
    draft = world.request("draft")
    submitted = world.request("submitted")
    peruvian = world.request("draft", country=world.peru)
    client = world.client("officer")

    assert ids(client.get("/api/v1/requests", {"status": "draft"})) == [peruvian.pk, draft.pk]
    assert ids(client.get("/api/v1/requests", {"status": "submitted"})) == [submitted.pk]
    assert ids(client.get("/api/v1/requests", {"country": "pe"})) == [peruvian.pk]
    assert ids(client.get("/api/v1/requests", {"region": "lac", "country": "MX"})) == [
        submitted.pk,
        draft.pk,
    ]
    assert ids(client.get("/api/v1/requests", {"region": "AFR"})) == []


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"status": "flying"}, 422, "status"),
        ({"country": "ZZ"}, 422, "country"),
        ({"region": "NOWHERE"}, 422, "region"),
        ({"status": "DRAFT"}, 422, "status"),
        ({"country": "M\x00"}, 422, "country"),
        ({"limit": "0"}, 422, "limit"),
        ({"limit": "true"}, 422, "limit"),
        ({"cursor": "bm90IGEgY3Vyc29y"}, 422, "cursor"),
    ],
)
def test_list_refuses_bad_filters(
    world: IntakeWorld, params: dict, status: int, field: str
) -> None:
    response = world.client("officer").get("/api/v1/requests", params)

    assert response.status_code == status
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_list_pages_with_a_cursor(world: IntakeWorld) -> None:
    created = [world.request(title=f"Request {n}").pk for n in range(5)]
    client = world.client("officer")

    first = client.get("/api/v1/requests", {"limit": "2"}).json()
    second = client.get("/api/v1/requests", {"limit": "2", "cursor": first["next"]}).json()
    third = client.get("/api/v1/requests", {"limit": "2", "cursor": second["next"]}).json()

    walked = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert walked == sorted(created, reverse=True)
    assert (first["count"], third["next"]) == (5, None)


def test_list_query_count_is_constant(world: IntakeWorld, django_assert_max_num_queries) -> None:
    for number in range(12):
        world.request(
            "submitted",
            title=f"Request {number}",
            thematic_areas=[world.ho_chi, world.imt],
            requesting_institutions=[world.mininter],
        )
    client = world.client("partner-mx")
    client.get("/api/v1/requests")  # warm the session

    # session, user, memberships, count, page, thematic areas.
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/requests", {"limit": "200"})

    assert response.json()["count"] == 12


def test_list_query_count_with_filters_is_constant(
    world: IntakeWorld, django_assert_max_num_queries
) -> None:
    for number in range(12):
        world.request("submitted", title=f"Request {number}")
    client = world.token_client("officer")

    # token with user, its last use, memberships, country and region checks, count, page,
    # thematic areas.
    with django_assert_max_num_queries(8):
        response = client.get(
            "/api/v1/requests", {"status": "submitted", "country": "MX", "region": "LAC"}
        )

    assert response.json()["count"] == 12


# --- detail -----------------------------------------------------------------------------------


def test_anonymous_cannot_read(world: IntakeWorld) -> None:
    draft = world.request()

    assert unauthenticated(Client().get(f"/api/v1/requests/{draft.pk}"))


@pytest.mark.parametrize(
    ("status", "who", "code"),
    [
        ("draft", "partner-mx", 200),
        ("draft", "partner-pe", 404),
        ("draft", "officer", 200),
        ("draft", "manager", 200),
        ("draft", "admin", 200),
        ("draft", "steering", 404),
        ("draft", "expert", 404),
        ("draft", "knowledge", 404),
        ("under_assessment", "steering", 404),
        ("recommended", "steering", 200),
        ("recommended", "partner-pe", 404),
        ("recommended", "expert", 404),
        ("formulated", "steering", 200),
        ("formulated", "knowledge", 404),
    ],
)
def test_detail_is_a_404_for_whoever_may_not_see_it(
    world: IntakeWorld, status: str, who: str, code: int
) -> None:
    assistance_request = world.request(status)

    response = world.client(who).get(f"/api/v1/requests/{assistance_request.pk}")

    assert response.status_code == code
    if code == 404:
        assert response.json()["code"] == "not_found"
        assert "Protection" not in response.content.decode()


def test_detail_of_a_missing_request_is_a_404(world: IntakeWorld) -> None:
    response = world.client("officer").get("/api/v1/requests/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("request_id", ["0", "-1", "abc", str(2**64)])
def test_detail_refuses_a_malformed_id(world: IntakeWorld, request_id: str) -> None:
    response = world.client("officer").get(f"/api/v1/requests/{request_id}")

    assert response.status_code in {404, 422}
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"


@pytest.mark.parametrize(
    ("status", "who", "transitions"),
    [
        ("draft", "partner-mx", ["submit", "withdraw"]),
        ("draft", "officer", []),
        ("submitted", "partner-mx", ["withdraw"]),
        ("submitted", "officer", ["start_assessment"]),
        ("submitted", "manager", ["start_assessment"]),
        (
            "under_assessment",
            "officer",
            ["request_information", "recommend", "not_recommend"],
        ),
        ("information_requested", "partner-mx", ["resubmit", "withdraw"]),
        ("recommended", "steering", ["approve", "reject", "defer"]),
        ("recommended", "officer", []),
        ("recommended", "partner-mx", ["withdraw"]),
        ("approved", "officer", ["formulate"]),
        ("approved", "steering", []),
        ("formulated", "officer", []),
        ("formulated", "partner-mx", []),
    ],
)
def test_detail_lists_the_transitions_the_caller_may_take_now(
    world: IntakeWorld, status: str, who: str, transitions: list[str]
) -> None:
    assistance_request = world.request(status)

    response = world.client(who).get(f"/api/v1/requests/{assistance_request.pk}")

    assert [t["name"] for t in response.json()["transitions"]] == transitions


def test_detail_labels_transitions_in_the_callers_language(world: IntakeWorld) -> None:
    draft = world.request()

    response = world.client("partner-mx").get(f"/api/v1/requests/{draft.pk}")

    assert response.json()["transitions"] == [
        {"name": "submit", "label": "Submit", "reason_required": False},
        {"name": "withdraw", "label": "Withdraw", "reason_required": False},
    ]


@pytest.mark.parametrize(
    ("who", "sees_assessment"),
    [("partner-mx", False), ("officer", True), ("manager", True), ("steering", True)],
)
def test_detail_shows_the_assessment_to_staff_and_steering_only(
    world: IntakeWorld, who: str, sees_assessment: bool
) -> None:
    recommended = world.request("recommended")

    body = world.client(who).get(f"/api/v1/requests/{recommended.pk}").json()

    if not sees_assessment:
        assert body["assessment"] is None
        return
    assessment = body["assessment"]
    assert [check["code"] for check in assessment["checks"]] == [
        "country_eligible",
        "requester_type_eligible",
        "civil_society_jointly",
        "thematic_fit",
        "possible_duplication",
    ]
    assert all(check["passed"] for check in assessment["checks"])
    assert assessment["recommendation"] == "recommend"
    assert assessment["reasons"] == "Fits the mandate."
    assert assessment["assessed_by"] == "officer"


def test_detail_shows_the_transition_log_and_the_action_once_formulated(
    world: IntakeWorld,
) -> None:
    formulated = world.request("formulated")

    body = world.client("partner-mx").get(f"/api/v1/requests/{formulated.pk}").json()

    assert body["status"] == "formulated"
    assert body["version"] == 6
    assert body["action"] == formulated.action_id
    assert body["action_detail"]["id"] == formulated.action_id
    assert body["action_detail"]["name"] == "Mexico I"
    assert [
        (step["transition"], step["from_status"], step["to_status"], step["actor"], step["reason"])
        for step in body["history"]
    ] == [
        ("submit", "draft", "submitted", "partner-mx", ""),
        ("start_assessment", "submitted", "under_assessment", "officer", ""),
        ("recommend", "under_assessment", "recommended", "officer", "Fits the mandate."),
        ("approve", "recommended", "approved", "steering", "Approved in session."),
        ("formulate", "approved", "formulated", "officer", ""),
    ]
    assert body["submitted_at"] is not None
    assert body["decided_at"] is not None
    assert body["formulated_at"] is not None


def test_detail_query_count_is_constant(world: IntakeWorld, django_assert_max_num_queries) -> None:
    formulated = world.request(
        "formulated", requesting_institutions=[world.mininter], thematic_areas=[world.ho_chi]
    )
    client = world.client("officer")
    client.get(f"/api/v1/requests/{formulated.pk}")

    # session, user, memberships, the request (with its joins), themes, institutions and their
    # countries, transitions with actors.
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/requests/{formulated.pk}")

    assert response.status_code == 200


# --- edit -------------------------------------------------------------------------------------


def test_partner_edits_a_draft(world: IntakeWorld) -> None:
    draft = world.request()

    response = world.client("partner-mx").patch(
        f"/api/v1/requests/{draft.pk}",
        {"title": "New title", "thematic_areas": ["IMT", "HO-CHI"], "version": 1},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["title"] == "New title"
    assert [t["code"] for t in response.json()["thematic_areas"]] == ["IMT", "HO-CHI"]
    assert response.json()["context"] == "More unaccompanied children arrive in Tapachula."
    draft.refresh_from_db()
    assert draft.title == "New title"
    event = AuditEvent.objects.filter(verb="request.updated").get()
    assert event.before == {
        "title": "Protection of migrant children",
        "thematic_areas": ["HO-CHI"],
    }
    assert event.after == {"title": "New title", "thematic_areas": ["HO-CHI", "IMT"]}


def test_edit_with_a_stale_version_is_a_conflict_and_changes_nothing(world: IntakeWorld) -> None:
    assistance_request = world.request("information_requested")
    events = AuditEvent.objects.count()

    response = world.client("partner-mx").patch(
        f"/api/v1/requests/{assistance_request.pk}",
        {"title": "New title", "version": 1},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_update"
    assistance_request.refresh_from_db()
    assert assistance_request.title == "Protection of migrant children"
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("status", "who", "code"),
    [
        ("draft", "partner-pe", 404),
        ("draft", "officer", 403),
        ("draft", "manager", 403),
        ("draft", "steering", 404),
        ("draft", "expert", 404),
        ("submitted", "partner-mx", 403),
        ("recommended", "steering", 403),
    ],
)
def test_edit_is_refused_to_whoever_may_not_edit(
    world: IntakeWorld, status: str, who: str, code: int
) -> None:
    assistance_request = world.request(status)
    events = AuditEvent.objects.count()

    response = world.client(who).patch(
        f"/api/v1/requests/{assistance_request.pk}",
        {"title": "Hijacked"},
        content_type="application/json",
    )

    assert response.status_code == code
    assistance_request.refresh_from_db()
    assert assistance_request.title == "Protection of migrant children"
    assert AuditEvent.objects.count() == events


def test_anonymous_cannot_edit(world: IntakeWorld) -> None:
    draft = world.request()

    response = Client().patch(
        f"/api/v1/requests/{draft.pk}", {"title": "x"}, content_type="application/json"
    )

    assert unauthenticated(response)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"title": None}, 422, "title"),
        ({"country": "ZZ"}, 422, "country"),
        ({"version": True}, 422, "version"),
        ({"version": 0}, 422, "version"),
        ({"status": "approved"}, 422, "status"),
        ({"action": 1}, 422, "action"),
    ],
)
def test_edit_refuses_bad_input(world: IntakeWorld, change: dict, status: int, field: str) -> None:
    draft = world.request()

    response = world.client("partner-mx").patch(
        f"/api/v1/requests/{draft.pk}", change, content_type="application/json"
    )

    assert response.status_code == status
    assert field in {error["field"] for error in response.json()["errors"]}
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Protection of migrant children", "draft")


def test_edit_clears_optional_fields_with_null(world: IntakeWorld) -> None:
    draft = world.request(expected_participants=30, desired_start=datetime.date(2026, 1, 1))

    response = world.client("partner-mx").patch(
        f"/api/v1/requests/{draft.pk}",
        {"expected_participants": None, "desired_start": None, "timing_note": None},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["expected_participants"] is None
    assert response.json()["desired_start"] is None
    assert response.json()["timing_note"] == ""


# --- attachments ------------------------------------------------------------------------------


def pdf(name: str = "terms.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def test_partner_attaches_lists_and_downloads_a_file(world: IntakeWorld) -> None:
    draft = world.request()
    client = world.client("partner-mx")

    created = client.post(f"/api/v1/requests/{draft.pk}/attachments", {"file": pdf()})
    listed = client.get(f"/api/v1/requests/{draft.pk}/attachments")
    download = client.get(created.json()["download_url"])

    assert created.status_code == 201
    assert created.json()["name"] == "terms.pdf"
    assert created.json()["size"] == 13
    assert created.json()["content_type"] == "application/pdf"
    assert created.json()["uploaded_by"] == "partner-mx"
    assert listed.status_code == 200
    assert [a["name"] for a in listed.json()] == ["terms.pdf"]
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="terms.pdf"'
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert AuditEvent.objects.filter(verb="request.attachment_added").count() == 1


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("partner-mx", 200),
        ("officer", 200),
        ("manager", 200),
        ("admin", 200),
        ("partner-pe", 404),
        ("steering", 404),
        ("expert", 404),
        ("knowledge", 404),
    ],
)
def test_attachments_are_read_only_by_those_who_see_the_request(
    world: IntakeWorld, who: str, code: int
) -> None:
    draft = world.request()
    created = world.client("partner-mx").post(
        f"/api/v1/requests/{draft.pk}/attachments", {"file": pdf()}
    )
    client = world.client(who)

    listed = client.get(f"/api/v1/requests/{draft.pk}/attachments")
    download = client.get(created.json()["download_url"])

    assert (listed.status_code, download.status_code) == (code, code)


def test_anonymous_cannot_touch_attachments(world: IntakeWorld) -> None:
    draft = world.request()
    attached = world.client("partner-mx").post(
        f"/api/v1/requests/{draft.pk}/attachments", {"file": pdf()}
    )

    assert unauthenticated(
        Client().post(f"/api/v1/requests/{draft.pk}/attachments", {"file": pdf()})
    )
    assert unauthenticated(Client().get(f"/api/v1/requests/{draft.pk}/attachments"))
    assert unauthenticated(Client().get(attached.json()["download_url"]))


def test_download_through_another_request_is_a_404(world: IntakeWorld) -> None:
    draft = world.request()
    other = world.request()
    attached = world.client("partner-mx").post(
        f"/api/v1/requests/{draft.pk}/attachments", {"file": pdf()}
    )

    response = world.client("partner-mx").get(
        f"/api/v1/requests/{other.pk}/attachments/{attached.json()['id']}/download"
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("status", "who", "code"),
    [
        ("draft", "officer", 403),
        ("draft", "partner-pe", 404),
        ("submitted", "partner-mx", 403),
    ],
)
def test_only_the_requester_attaches_while_editable(
    world: IntakeWorld, status: str, who: str, code: int
) -> None:
    assistance_request = world.request(status)

    response = world.client(who).post(
        f"/api/v1/requests/{assistance_request.pk}/attachments", {"file": pdf()}
    )

    assert response.status_code == code
    assert RequestAttachment.objects.count() == 0


ATTACHMENTS_ACCEPTED = (
    "Accepted: a PDF document, a Word 97-2003 document (.doc), a Word document (.docx), "
    "an OpenDocument text (.odt), a plain-text file (.txt), a PNG image, a JPEG image."
)


def stored_nothing(draft, tmp_path, events_before: int) -> bool:
    draft.refresh_from_db()
    return (
        RequestAttachment.objects.count() == 0
        and not (tmp_path / "requests").exists()
        and AuditEvent.objects.count() == events_before
        and draft.version == 1
    )


@pytest.mark.parametrize(
    ("upload", "code", "detail"),
    [
        (
            lambda: SimpleUploadedFile("evil.exe", b"MZ\x90\x00\x03\x00", "application/pdf"),
            "invalid_file",
            "This file is a Windows program, which is not accepted here. " + ATTACHMENTS_ACCEPTED,
        ),
        (
            lambda: SimpleUploadedFile("x.html", b"<script>alert(1)</script>", "text/html"),
            "invalid_file",
            "This file is an HTML page, which is not accepted here. " + ATTACHMENTS_ACCEPTED,
        ),
        (
            lambda: SimpleUploadedFile(
                "terms.pdf", documents.pdf() + b"<html><script>x</script>", "application/pdf"
            ),
            "invalid_file",
            "The file is a PDF document but also holds HTML (“<html”), which a browser could "
            "run; such files are refused. Save it again as a clean file.",
        ),
        (
            lambda: SimpleUploadedFile("terms.docx", documents.bomb_docx(), DOCX),
            "invalid_file",
            "The package would unpack to more than 50.0\xa0MB, the most accepted.",
        ),
        (
            lambda: SimpleUploadedFile("terms.docx", documents.pdf(), "application/pdf"),
            "invalid_file",
            "The file is named “terms.docx”, but its content is a PDF document, not .docx.",
        ),
        (
            lambda: SimpleUploadedFile("terms.pdf", b"", "application/pdf"),
            "invalid_file",
            "The file is empty.",
        ),
    ],
    ids=["exe-sent-as-pdf", "html", "pdf-html-polyglot", "docx-200-mb-entry", "pdf-named-docx",
         "empty"],
)  # fmt: skip
def test_a_refused_attachment_is_a_problem_naming_the_file_and_stores_nothing(
    world: IntakeWorld, tmp_path, upload, code: str, detail: str
) -> None:
    draft = world.request()
    before = AuditEvent.objects.count()

    response = world.client("partner-mx").post(
        f"/api/v1/requests/{draft.pk}/attachments", {"file": upload()}
    )

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["detail"] == detail
    assert [(e["field"], e["location"]) for e in response.json()["errors"]] == [("file", "form")]
    assert stored_nothing(draft, tmp_path, before)


def test_an_attachment_over_10_mb_is_a_file_too_large_problem(world: IntakeWorld, tmp_path) -> None:
    draft = world.request()
    before = AuditEvent.objects.count()
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "application/pdf"
    )

    response = world.client("partner-mx").post(
        f"/api/v1/requests/{draft.pk}/attachments", {"file": big}
    )

    assert (response.status_code, response.json()["code"]) == (422, "file_too_large")
    assert (
        response.json()["detail"] == "The file has 10.0\xa0MB; at most 10.0\xa0MB is accepted here."
    )
    assert stored_nothing(draft, tmp_path, before)


@pytest.mark.parametrize(
    ("name", "data", "declared", "stored_name", "stored_type"),
    [
        ("Terms of Reference.PDF", documents.pdf(), "application/pdf", "Terms of Reference.pdf",
         "application/pdf"),
        ("../../Terms\u202e.docx", documents.docx(), "application/octet-stream", "Terms.docx",
         DOCX),
        ("terms.odt", documents.odt(), "application/zip", "terms.odt",
         "application/vnd.oasis.opendocument.text"),
    ],
    ids=["pdf", "docx", "odt"],
)  # fmt: skip
def test_an_attachment_is_stored_and_served_with_the_type_its_content_has(
    world: IntakeWorld, name: str, data: bytes, declared: str, stored_name: str, stored_type: str
) -> None:
    draft = world.request()
    client = world.client("partner-mx")

    created = client.post(
        f"/api/v1/requests/{draft.pk}/attachments",
        {"file": SimpleUploadedFile(name, data, declared)},
    )
    download = client.get(created.json()["download_url"])

    assert created.status_code == 201, created.content
    assert (created.json()["name"], created.json()["content_type"]) == (stored_name, stored_type)
    assert created.json()["size"] == len(data)
    attachment = RequestAttachment.objects.get()
    assert (attachment.name, attachment.content_type) == (stored_name, stored_type)
    assert download["Content-Type"] == stored_type
    assert b"".join(download.streaming_content) == data


def test_attachment_without_a_file_is_a_422(world: IntakeWorld, tmp_path) -> None:
    draft = world.request()
    before = AuditEvent.objects.count()

    response = world.client("partner-mx").post(
        f"/api/v1/requests/{draft.pk}/attachments", {"note": "no file"}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["detail"] == "Send the file as multipart/form-data, in the field “file”."
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert stored_nothing(draft, tmp_path, before)


SEND_A_FILE = "Send the file as multipart/form-data, in the field “file”."


@pytest.mark.parametrize(
    ("body", "content_type", "answer"),
    [
        (
            b"--x\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n\r\n%PDF-1.4",
            "multipart/form-data",
            (400, "malformed_request",
             "The multipart body has no boundary; send the form as multipart/form-data.", None),
        ),
        (
            b"--x\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\nJVB\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
            (400, "malformed_request",
             "The multipart body could not be read; send the form as multipart/form-data.", None),
        ),
        (
            b"--x\r\nbroken\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
            (422, "invalid_input", SEND_A_FILE, [("file", "form")]),
        ),
        (
            b'{"file": "JVBERi0xLjQ="}',
            "application/json",
            (422, "invalid_input", SEND_A_FILE, [("file", "body")]),
        ),
    ],
    ids=["no-boundary", "truncated-base64-part", "no-file-part", "json"],
)  # fmt: skip
def test_an_attachment_body_that_is_not_a_readable_multipart_is_refused(
    world: IntakeWorld, tmp_path, body: bytes, content_type: str, answer: tuple
) -> None:
    draft = world.request()
    before = AuditEvent.objects.count()

    response = world.client("partner-mx").post(
        f"/api/v1/requests/{draft.pk}/attachments", body, content_type=content_type
    )

    problem = response.json()
    errors = problem.get("errors")
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert (response.status_code, problem["code"], problem["detail"]) == answer[:3]
    assert (errors and [(e["field"], e["location"]) for e in errors]) == answer[3]
    assert stored_nothing(draft, tmp_path, before)


def test_attachment_list_query_count_is_constant(
    world: IntakeWorld, django_assert_max_num_queries
) -> None:
    draft = world.request()
    client = world.client("partner-mx")
    for number in range(6):
        client.post(f"/api/v1/requests/{draft.pk}/attachments", {"file": pdf(f"f{number}.pdf")})

    # session, user, memberships, request, attachments with uploader.
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/requests/{draft.pk}/attachments")

    assert len(response.json()) == 6


def test_a_partner_of_a_joint_request_sees_it(world: IntakeWorld) -> None:
    joint = world.request(requesting_institutions=[world.mininter])
    factories.PartnerUserFactory.create(username="other", membership=world.inm)

    response = world.client("partner-pe").get(f"/api/v1/requests/{joint.pk}")

    assert response.status_code == 200
    assert [t["name"] for t in response.json()["transitions"]] == ["submit", "withdraw"]


# --- the language of the texts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "headers", "stored"),
    [
        ({"text_language": "pt"}, {}, "pt"),
        ({}, {}, "en"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "es"}, "es"),
        ({"text_language": None}, {"HTTP_ACCEPT_LANGUAGE": "fr"}, "fr"),
    ],
)
def test_create_takes_the_language_of_the_texts_else_that_of_the_call(
    world: IntakeWorld, given: dict, headers: dict, stored: str
) -> None:
    response = world.client("partner-mx").post(
        "/api/v1/requests", {**NEW_REQUEST, **given}, content_type="application/json", **headers
    )

    assert response.status_code == 201
    assert response.json()["text_language"] == stored
    assert response.json()["languages"] == ["es"]
    assert AssistanceRequest.objects.get().text_language == stored


@pytest.mark.parametrize("code", ["de", "ES", "", "english", 1, ["en"]])
def test_create_refuses_a_language_of_the_texts_the_site_does_not_have(
    world: IntakeWorld, code: object
) -> None:
    response = world.client("partner-mx").post(
        "/api/v1/requests",
        {**NEW_REQUEST, "text_language": code},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert [error["field"] for error in response.json()["errors"]] == ["text_language"]
    assert AssistanceRequest.objects.count() == 0


def test_edit_changes_the_language_of_the_texts(world: IntakeWorld) -> None:
    draft = world.request(text_language="en")

    response = world.client("partner-mx").patch(
        f"/api/v1/requests/{draft.pk}",
        {"text_language": "es", "version": 1},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert (response.json()["text_language"], response.json()["version"]) == ("es", 2)
    event = AuditEvent.objects.filter(verb="request.updated").get()
    assert (event.before, event.after) == ({"text_language": "en"}, {"text_language": "es"})


@pytest.mark.parametrize("code", [None, "xx", "FR"])
def test_edit_refuses_a_bad_language_of_the_texts_and_changes_nothing(
    world: IntakeWorld, code: object
) -> None:
    draft = world.request(text_language="en")
    events = AuditEvent.objects.count()

    response = world.client("partner-mx").patch(
        f"/api/v1/requests/{draft.pk}", {"text_language": code}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["text_language"]
    draft.refresh_from_db()
    assert (draft.text_language, draft.version, AuditEvent.objects.count()) == ("en", 1, events)
