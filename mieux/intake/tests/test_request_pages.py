"""The request pages: list, multi-step form with drafts, detail with transitions, attachments."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.accounts.tests.factories import CountryFactory, RegionFactory
from mieux.core.models import AuditEvent
from mieux.core.tests import documents
from mieux.intake import services
from mieux.intake.models import AssistanceRequest, RequestAttachment
from mieux.taxonomy.models import ActivityType, ThematicArea

pytestmark = pytest.mark.django_db

ROLES = ("partner_mx", "partner_pe", "officer", "manager", "steering", "expert", "knowledge")
PLAN_TYPES = (
    "assessment_mission",
    "workshop",
    "training",
    "study_visit",
    "drafting_support",
    "seminar",
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """Two partner institutions (Mexico, Peru), themes by pillar, and one user per role."""
    lac = RegionFactory(code="LAC", name_en="Latin America & the Caribbean")
    mexico = CountryFactory(iso2="MX", iso3="MEX", numeric="484", name_en="Mexico", region=lac)
    peru = CountryFactory(iso2="PE", iso3="PER", numeric="604", name_en="Peru", region=lac)
    imt = ThematicArea.objects.create(code="IMT", name_en="Irregular migration", sort_order=1)
    thb = ThematicArea.objects.create(
        code="IMT-THB", name_en="Trafficking in human beings", parent=imt, sort_order=2
    )
    ho = ThematicArea.objects.create(code="HO", name_en="Horizontal interventions", sort_order=3)
    children = ThematicArea.objects.create(
        code="HO-CHI", name_en="Children in migration", parent=ho, sort_order=4
    )
    inm = Institution.objects.create(
        name="National Institute of Migration",
        acronym="INM",
        kind=InstitutionKind.NATIONAL_AUTHORITY,
        country=mexico,
    )
    interior = Institution.objects.create(
        name="Ministry of the Interior", kind=InstitutionKind.NATIONAL_AUTHORITY, country=peru
    )
    shelter = Institution.objects.create(
        name="Casa del Migrante", kind=InstitutionKind.CIVIL_SOCIETY, country=mexico
    )
    users = {}
    for name, role, institution in [
        ("partner_mx", Role.PARTNER_FOCAL_POINT, inm),
        ("partner_pe", Role.PARTNER_FOCAL_POINT, interior),
        ("officer", Role.PROJECT_OFFICER, None),
        ("manager", Role.PROGRAMME_MANAGER, None),
        ("steering", Role.STEERING_MEMBER, None),
        ("expert", Role.EXPERT, None),
        ("knowledge", Role.KNOWLEDGE_MANAGER, None),
    ]:
        user = User.objects.create_user(
            username=name,
            email=f"{name}@example.org",
            is_staff=role in {Role.PROJECT_OFFICER, Role.PROGRAMME_MANAGER, Role.KNOWLEDGE_MANAGER},
        )
        Membership.objects.create(user=user, role=role, institution=institution)
        users[name] = user
    return {
        "users": users,
        "mexico": mexico,
        "peru": peru,
        "themes": {"IMT": imt, "IMT-THB": thb, "HO": ho, "HO-CHI": children},
        "inm": inm,
        "interior": interior,
        "shelter": shelter,
    }


def complete_draft(world, title="Protection of migrant children") -> AssistanceRequest:
    return services.request_create(
        actor=world["users"]["partner_mx"],
        title=title,
        country=world["mexico"],
        thematic_areas=[world["themes"]["HO-CHI"]],
        languages=["es"],
        context="More unaccompanied children arrive in Tapachula.",
        objective="Train first-contact officials.",
    )


STEPS_TO = {
    "submitted": [("partner_mx", "submit", "")],
    "under_assessment": [("partner_mx", "submit", ""), ("officer", "start_assessment", "")],
    "recommended": [
        ("partner_mx", "submit", ""),
        ("officer", "start_assessment", ""),
        ("officer", "recommend", "Fits the mandate."),
    ],
    "approved": [
        ("partner_mx", "submit", ""),
        ("officer", "start_assessment", ""),
        ("officer", "recommend", "Fits the mandate."),
        ("steering", "approve", "Approved at the meeting."),
    ],
}


def request_in(world, status: str, title="Protection of migrant children") -> AssistanceRequest:
    draft = complete_draft(world, title)
    for username, transition, reason in STEPS_TO.get(status, []):
        services.request_transition(
            actor=world["users"][username],
            request_id=draft.pk,
            transition=transition,
            reason=reason,
        )
    return AssistanceRequest.objects.get(pk=draft.pk)


def client_for(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def transition_buttons(response) -> list[str]:
    return re.findall(r'name="transition" value="([a-z_]+)"', response.text)


# --- Anonymous visitors -------------------------------------------------------------------------


def test_every_page_sends_anonymous_visitors_to_sign_in(client, world):
    draft = complete_draft(world)
    urls = [
        ("get", reverse("intake:request_list")),
        ("get", reverse("intake:request_create")),
        ("get", reverse("intake:request_detail", args=[draft.pk])),
        ("get", reverse("intake:request_edit", args=[draft.pk, 2])),
        ("post", reverse("intake:request_transition", args=[draft.pk])),
        ("get", reverse("intake:request_attachment", args=[draft.pk, 1])),
    ]
    login = reverse("accounts:login")

    for method, url in urls:
        response = getattr(client, method)(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("draft", 1)


# --- The list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_mx", ["Recommended one", "Submitted one", "Draft one"]),
        ("partner_pe", ["Peruvian draft"]),
        ("officer", ["Recommended one", "Submitted one", "Draft one", "Peruvian draft"]),
        ("manager", ["Recommended one", "Submitted one", "Draft one", "Peruvian draft"]),
        ("steering", ["Recommended one"]),
    ],
)
def test_list_shows_the_requests_the_user_may_see(client, world, role, expected):
    services.request_create(actor=world["users"]["partner_pe"], title="Peruvian draft")
    request_in(world, "draft", "Draft one")
    request_in(world, "submitted", "Submitted one")
    request_in(world, "recommended", "Recommended one")
    # The Peruvian draft is the oldest change.
    AssistanceRequest.objects.filter(title="Peruvian draft").update(updated_at="2020-01-01T00:00Z")

    response = client_for(client, world, role).get(reverse("intake:request_list"))

    assert response.status_code == 200
    assert [r.title for r in response.context["page"].object_list] == expected


@pytest.mark.parametrize("role", ["expert", "knowledge"])
def test_roles_that_never_see_a_request_are_not_offered_the_list(client, world, role):
    request_in(world, "recommended", "Recommended one")

    response = client_for(client, world, role).get(reverse("intake:request_list"))

    assert response.status_code == 403


def test_list_offers_a_new_request_only_to_partners(client, world):
    partner = client_for(client, world, "partner_mx").get(reverse("intake:request_list"))
    client.logout()
    officer = client_for(client, world, "officer").get(reverse("intake:request_list"))

    new_link = f'href="{reverse("intake:request_create")}"'
    assert new_link in partner.text
    assert new_link not in officer.text


def test_list_filters_by_status(client, world):
    request_in(world, "draft", "Draft one")
    request_in(world, "submitted", "Submitted one")

    response = client_for(client, world, "officer").get(
        reverse("intake:request_list"), {"status": "submitted"}
    )

    assert [r.title for r in response.context["page"].object_list] == ["Submitted one"]
    assert 'class="badge badge-request badge-request-submitted"' in response.text


def test_list_refuses_an_unknown_status(client, world):
    request_in(world, "draft", "Draft one")

    response = client_for(client, world, "officer").get(
        reverse("intake:request_list"), {"status": "lost"}
    )

    assert response.status_code == 400
    assert "There is no status “lost”." in response.text


def test_list_is_paginated(client, world, settings):
    for number in range(27):
        complete_draft(world, f"Request {number}")

    first = client_for(client, world, "officer").get(reverse("intake:request_list"))
    second = client.get(reverse("intake:request_list"), {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert [r.title for r in second.context["page"].object_list] == ["Request 1", "Request 0"]
    assert 'rel="next"' in first.text


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["partner_mx", "officer", "steering"])
def test_list_runs_the_same_queries_whatever_the_number_of_requests(
    client, world, role, django_assert_max_num_queries
):
    request_in(world, "recommended", "First")
    client_for(client, world, role)
    url = reverse("intake:request_list")
    few = count_queries(client, url)
    for number in range(12):
        request_in(world, "recommended", f"More {number}")

    with django_assert_max_num_queries(few):
        response = client.get(url)

    assert len(response.context["page"].object_list) == 13


# --- The detail page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("partner_mx", "submitted", 200),
        ("partner_pe", "submitted", 404),
        ("officer", "submitted", 200),
        ("manager", "submitted", 200),
        ("steering", "submitted", 404),
        ("steering", "recommended", 200),
        ("expert", "recommended", 404),
        ("knowledge", "recommended", 404),
    ],
)
def test_detail_is_shown_only_to_those_who_may_see_the_request(
    client, world, role, status, expected
):
    assistance_request = request_in(world, status)

    response = client_for(client, world, role).get(
        reverse("intake:request_detail", args=[assistance_request.pk])
    )

    assert response.status_code == expected


def test_detail_shows_the_timeline_with_actors_and_reasons(client, world):
    assistance_request = request_in(world, "recommended")

    response = client_for(client, world, "partner_mx").get(
        reverse("intake:request_detail", args=[assistance_request.pk])
    )

    assert [step.transition for step in response.context["timeline"]] == [
        "submit",
        "start_assessment",
        "recommend",
    ]
    assert "by officer" in response.text
    assert "Fits the mandate." in response.text
    assert 'id="request-status">Recommended</span>' in response.text


@pytest.mark.parametrize(
    ("role", "shown"), [("officer", True), ("steering", True), ("partner_mx", False)]
)
def test_assessment_is_shown_to_staff_and_steering_only(client, world, role, shown):
    assistance_request = request_in(world, "recommended")

    response = client_for(client, world, role).get(
        reverse("intake:request_detail", args=[assistance_request.pk])
    )

    assert ('id="assessment-heading"' in response.text) is shown
    assert ("Country eligible" in response.text) is shown
    assert ("Mexico is eligible for EU development cooperation." in response.text) is shown


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        ("draft", "partner_mx", ["submit", "withdraw"]),
        ("draft", "officer", []),
        ("submitted", "partner_mx", ["withdraw"]),
        ("submitted", "officer", ["start_assessment"]),
        ("submitted", "manager", ["start_assessment"]),
        ("under_assessment", "officer", ["request_information", "recommend", "not_recommend"]),
        ("recommended", "steering", ["approve", "reject", "defer"]),
        ("recommended", "officer", []),
        ("recommended", "partner_mx", ["withdraw"]),
        ("approved", "officer", ["formulate"]),
        ("approved", "steering", []),
    ],
)
def test_detail_shows_one_button_per_transition_the_user_may_take(
    client, world, status, role, expected
):
    assistance_request = request_in(world, status)

    response = client_for(client, world, role).get(
        reverse("intake:request_detail", args=[assistance_request.pk])
    )

    assert transition_buttons(response) == expected
    assert response.text.count(f'name="version" value="{assistance_request.version}"') == len(
        expected
    )


def test_reason_is_required_where_the_workflow_says(client, world):
    assistance_request = request_in(world, "under_assessment")

    response = client_for(client, world, "officer").get(
        reverse("intake:request_detail", args=[assistance_request.pk])
    )

    assert re.search(r'id="reason-recommend" name="reason" rows="3" required', response.text)
    assert not re.search(r'id="reason-start_assessment"', response.text)


def test_detail_runs_the_same_queries_with_more_transitions(
    client, world, django_assert_max_num_queries
):
    short = request_in(world, "submitted", "Short history")
    long = request_in(world, "approved", "Long history")
    services.attachment_add(
        actor=world["users"]["partner_mx"],
        request_id=complete_draft(world, "With file").pk,
        upload=SimpleUploadedFile("note.txt", b"hello", content_type="text/plain"),
    )
    client_for(client, world, "officer")
    few = count_queries(client, reverse("intake:request_detail", args=[short.pk]))

    with django_assert_max_num_queries(few):
        response = client.get(reverse("intake:request_detail", args=[long.pk]))

    assert len(response.context["timeline"]) == 4


# --- Transitions through the page ---------------------------------------------------------------


def test_a_transition_through_the_page_moves_the_request(client, world):
    assistance_request = request_in(world, "under_assessment")

    response = client_for(client, world, "officer").post(
        reverse("intake:request_transition", args=[assistance_request.pk]),
        {"transition": "recommend", "reason": "Builds on Mexico I.", "version": 3},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:request_detail", args=[assistance_request.pk])
    assert messages_of(response) == ["The request was recommended to the steering committee."]
    assistance_request.refresh_from_db()
    assert (assistance_request.status, assistance_request.version) == ("recommended", 4)
    assert assistance_request.transitions.last().reason == "Builds on Mexico I."


def test_a_stale_transition_shows_an_error_and_changes_nothing(client, world):
    assistance_request = request_in(world, "under_assessment")
    events = AuditEvent.objects.count()

    response = client_for(client, world, "officer").post(
        reverse("intake:request_transition", args=[assistance_request.pk]),
        {"transition": "recommend", "reason": "Late.", "version": 2},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:request_detail", args=[assistance_request.pk])
    assert messages_of(response) == [
        "Someone else acted first, or this step is not possible now. Nothing was changed. "
        "The request changed since you read it (version 3, not 2)."
    ]
    assistance_request.refresh_from_db()
    assert (assistance_request.status, assistance_request.version) == ("under_assessment", 3)
    assert AuditEvent.objects.count() == events


def test_an_illegal_transition_shows_an_error_and_changes_nothing(client, world):
    assistance_request = request_in(world, "submitted")
    events = AuditEvent.objects.count()

    response = client_for(client, world, "officer").post(
        reverse("intake:request_transition", args=[assistance_request.pk]),
        {"transition": "recommend", "reason": "Too early.", "version": 2},
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Someone else acted first, or this step is not possible now. Nothing was changed. "
        "This request is “Submitted”. Only a request under assessment can be recommended."
    ]
    assistance_request.refresh_from_db()
    assert (assistance_request.status, assistance_request.version) == ("submitted", 2)
    assert AuditEvent.objects.count() == events


def test_a_transition_by_the_wrong_role_is_forbidden_and_changes_nothing(client, world):
    assistance_request = request_in(world, "submitted")

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_transition", args=[assistance_request.pk]),
        {"transition": "start_assessment", "reason": "", "version": 2},
    )

    assert response.status_code == 403
    assistance_request.refresh_from_db()
    assert (assistance_request.status, assistance_request.version) == ("submitted", 2)


@pytest.mark.parametrize("role", ["partner_pe", "expert", "steering"])
def test_a_transition_on_a_request_the_user_may_not_see_is_not_found(client, world, role):
    assistance_request = request_in(world, "submitted")

    response = client_for(client, world, role).post(
        reverse("intake:request_transition", args=[assistance_request.pk]),
        {"transition": "withdraw", "reason": "", "version": 2},
    )

    assert response.status_code == 404
    assistance_request.refresh_from_db()
    assert assistance_request.status == "submitted"


def test_a_missing_reason_is_shown_on_the_form_and_changes_nothing(client, world):
    assistance_request = request_in(world, "recommended")

    response = client_for(client, world, "steering").post(
        reverse("intake:request_transition", args=[assistance_request.pk]),
        {"transition": "approve", "reason": "  ", "version": 4},
    )

    assert response.status_code == 400
    assert 'id="reason-approve-error"><li>Give a reason for this step.</li>' in response.text
    assert 'aria-invalid="true" aria-describedby="reason-approve-error"' in response.text
    assistance_request.refresh_from_db()
    assert (assistance_request.status, assistance_request.version) == ("recommended", 4)


def test_submitting_an_incomplete_draft_says_what_is_missing(client, world):
    draft = services.request_create(actor=world["users"]["partner_mx"], title="Half done")

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_transition", args=[draft.pk]),
        {"transition": "submit", "reason": "", "version": 1},
    )

    assert response.status_code == 400
    assert "Describe the problem and its context." in response.text
    assert f'href="{reverse("intake:request_edit", args=[draft.pk, 2])}"' in response.text
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("draft", 1)


def test_a_transition_page_accepts_only_post(client, world):
    assistance_request = request_in(world, "submitted")

    response = client_for(client, world, "officer").get(
        reverse("intake:request_transition", args=[assistance_request.pk])
    )

    assert response.status_code == 405


def test_after_formulation_staff_find_a_link_to_the_new_action(client, world):
    for number, code in enumerate(PLAN_TYPES):
        ActivityType.objects.create(code=code, name_en=code, sort_order=number)
    assistance_request = request_in(world, "approved")

    response = client_for(client, world, "officer").post(
        reverse("intake:request_transition", args=[assistance_request.pk]),
        {"transition": "formulate", "reason": "", "version": 5},
    )
    page = client.get(response["Location"])

    assistance_request.refresh_from_db()
    assert assistance_request.status == "formulated"
    action_url = reverse("portfolio:action_detail", args=[assistance_request.action.slug])
    assert f'the action <a href="{action_url}">Mexico I</a>' in page.text
    assert client.get(action_url).status_code == 200


# --- The multi-step form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("partner_mx", 200), ("officer", 403), ("steering", 403), ("expert", 403), ("knowledge", 403)],
)
def test_only_partners_may_start_a_request(client, world, role, expected):
    response = client_for(client, world, role).get(reverse("intake:request_create"))

    assert response.status_code == expected


def test_the_multi_step_form_saves_a_draft_at_each_step_and_submits(client, world):
    partner = world["users"]["partner_mx"]
    client_for(client, world, "partner_mx")

    # Step 1: who asks, jointly with a civil society organisation.
    response = client.post(
        reverse("intake:request_create"),
        {"requesting_institutions": [world["shelter"].pk], "intent": "next"},
    )
    draft = AssistanceRequest.objects.get()
    assert response["Location"] == reverse("intake:request_edit", args=[draft.pk, 2])
    assert draft.title == "New request from National Institute of Migration (INM)"
    assert draft.lead_institution == world["inm"]
    assert {i.pk for i in draft.requesting_institutions.all()} == {
        world["inm"].pk,
        world["shelter"].pk,
    }
    assert draft.created_by == partner

    # Step 2: problem and objective.
    response = client.post(
        reverse("intake:request_edit", args=[draft.pk, 2]),
        {
            "title": "Protection of migrant children",
            "context": "More children arrive alone.",
            "objective": "Child-sensitive procedures.",
            "text_language": "en",
            "intent": "next",
            "version": 1,
        },
    )
    assert response["Location"] == reverse("intake:request_edit", args=[draft.pk, 3])

    # Step 3: scope.
    response = client.post(
        reverse("intake:request_edit", args=[draft.pk, 3]),
        {
            "country": "MX",
            "thematic_areas": [world["themes"]["HO-CHI"].pk, world["themes"]["IMT"].pk],
            "languages": ["es", "en"],
            "other_languages": "QU, es",
            "desired_start": "2026-09-01",
            "desired_end": "2027-06-30",
            "timing_note": "Not in December.",
            "expected_participants": "40",
            "intent": "next",
            "version": 2,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("intake:request_edit", args=[draft.pk, 4])

    # Step 4: contact and a file.
    response = client.post(
        reverse("intake:request_edit", args=[draft.pk, 4]),
        {
            "contact_name": "Ana Pérez",
            "contact_email": "ana@inm.example.org",
            "contact_phone": "+52 55 1234 5678",
            "file": SimpleUploadedFile("terms.txt", b"Terms of reference", "text/plain"),
            "intent": "next",
            "version": 3,
        },
    )
    assert response["Location"] == reverse("intake:request_edit", args=[draft.pk, 5])

    # Step 5: review lists nothing missing and offers Submit.
    review = client.get(response["Location"])
    assert review.status_code == 200
    assert review.context["problems"] == []
    assert transition_buttons(review) == ["submit"]
    assert "Ana Pérez" in review.text
    assert "terms.txt" in review.text

    # Three steps saved (versions 2 to 4) and a file attached (version 5).
    response = client.post(
        reverse("intake:request_transition", args=[draft.pk]),
        {"transition": "submit", "reason": "", "version": 5},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.status, draft.version) == ("submitted", 6)
    assert draft.title == "Protection of migrant children"
    assert draft.country == world["mexico"]
    assert sorted(t.code for t in draft.thematic_areas.all()) == ["HO-CHI", "IMT"]
    assert draft.languages == ["es", "en", "qu"]
    assert str(draft.desired_start) == "2026-09-01"
    assert draft.expected_participants == 40
    assert draft.contact_email == "ana@inm.example.org"
    assert [a.name for a in draft.attachments.all()] == ["terms.txt"]
    verbs = list(
        AuditEvent.objects.filter(object_type="intake.assistancerequest", object_id=str(draft.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "request.created",
        "request.updated",
        "request.updated",
        "request.updated",
        "request.submit",
    ]


def test_save_draft_stays_on_the_step_and_keeps_the_draft(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_edit", args=[draft.pk, 2]),
        {
            "title": "New title",
            "context": "",
            "objective": "Kept",
            "text_language": "en",
            "intent": "save",
            "version": 1,
        },
    )
    page = client.get(response["Location"])

    assert response["Location"] == reverse("intake:request_edit", args=[draft.pk, 2])
    assert messages_of(page) == ["Draft saved."]
    assert 'value="New title"' in page.text
    draft.refresh_from_db()
    assert (draft.title, draft.context, draft.objective, draft.status) == (
        "New title",
        "",
        "Kept",
        "draft",
    )


def test_the_review_step_lists_what_is_missing(client, world):
    draft = services.request_create(actor=world["users"]["partner_mx"], title="Half done")

    response = client_for(client, world, "partner_mx").get(
        reverse("intake:request_edit", args=[draft.pk, 5])
    )

    assert [p["message"] for p in response.context["problems"]] == [
        "Describe the problem and its context.",
        "State the desired objective.",
        "Choose at least one thematic area.",
        "Give at least one preferred language.",
    ]
    assert [p["step"] for p in response.context["problems"]] == [2, 2, 3, 3]


def test_bad_dates_keep_what_was_typed_and_change_nothing(client, world):
    draft = complete_draft(world)
    events = AuditEvent.objects.count()

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_edit", args=[draft.pk, 3]),
        {
            "country": "PE",
            "thematic_areas": [world["themes"]["IMT-THB"].pk],
            "languages": ["pt"],
            "desired_start": "2026-09-01",
            "desired_end": "2026-01-31",
            "timing_note": "Typed and kept",
            "expected_participants": "12",
            "intent": "next",
            "version": 1,
        },
    )

    assert response.status_code == 400
    assert "The desired end is before the desired start." in response.text
    assert 'id="id_desired_end_error"' in response.text
    assert 'value="Typed and kept"' in response.text
    assert 'value="2026-01-31"' in response.text
    assert '<option value="PE" selected>' in response.text
    trafficking = world["themes"]["IMT-THB"].pk
    assert f'value="{trafficking}" id="theme-{trafficking}" checked' in response.text
    draft.refresh_from_db()
    assert (draft.country, draft.languages, draft.timing_note) == (world["mexico"], ["es"], "")
    assert AuditEvent.objects.count() == events


def test_malformed_input_is_a_form_error_and_changes_nothing(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_edit", args=[draft.pk, 3]),
        {
            "country": "MX",
            "desired_start": "next spring",
            "expected_participants": "-3",
            "version": 1,
        },
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"desired_start", "expected_participants"}
    assert 'value="next spring"' in response.text
    draft.refresh_from_db()
    assert draft.desired_start is None
    assert draft.expected_participants is None


def test_an_unknown_language_is_shown_on_its_field(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_edit", args=[draft.pk, 3]),
        {"country": "MX", "languages": ["es"], "other_languages": "klingon", "version": 1},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["other_languages"] == [
        "Languages must be ISO 639-1 codes such as “es” or “pt”."
    ]
    draft.refresh_from_db()
    assert draft.languages == ["es"]


def test_a_blank_title_is_refused_and_the_rest_is_kept_on_the_page(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_edit", args=[draft.pk, 2]),
        {
            "title": "",
            "context": "A new context typed",
            "objective": "x",
            "text_language": "en",
            "intent": "next",
            "version": 1,
        },
    )

    assert response.status_code == 400
    assert "A new context typed</textarea>" in response.text
    assert 'href="#field-title"' in response.text
    draft.refresh_from_db()
    assert draft.context == "More unaccompanied children arrive in Tapachula."


ACCEPTED_ATTACHMENTS = (
    "Accepted: a PDF document, a Word 97-2003 document (.doc), a Word document (.docx), "
    "an OpenDocument text (.odt), a plain-text file (.txt), a PNG image, a JPEG image."
)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("evil.exe", b"MZ\x90\x00\x03\x00", "application/pdf"),
            "This file is a Windows program, which is not accepted here. " + ACCEPTED_ATTACHMENTS,
        ),
        (
            SimpleUploadedFile("terms.docx", documents.bomb_docx(), documents.DOCX_TYPE),
            "The package would unpack to more than 50.0\xa0MB, the most accepted.",
        ),
        (
            SimpleUploadedFile("terms.pdf", b"", "application/pdf"),
            "The file is empty.",
        ),
    ],
    ids=["exe-sent-as-pdf", "docx-200-mb-entry", "empty"],
)
def test_a_refused_file_saves_nothing_of_the_step(client, world, settings, upload, message):
    draft = complete_draft(world)
    events = AuditEvent.objects.count()

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_edit", args=[draft.pk, 4]),
        {"contact_name": "Ana", "file": upload, "version": draft.version},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert 'value="Ana"' in response.text
    draft.refresh_from_db()
    assert draft.contact_name == ""
    assert RequestAttachment.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "requests").exists()
    assert AuditEvent.objects.count() == events


def test_an_attached_file_keeps_the_type_and_name_its_content_has(client, world):
    draft = complete_draft(world)
    user_client = client_for(client, world, "partner_mx")

    user_client.post(
        reverse("intake:request_edit", args=[draft.pk, 4]),
        {
            "file": SimpleUploadedFile("ToR.ODT", documents.odt(), "application/octet-stream"),
            "version": draft.version,
        },
    )
    attachment = RequestAttachment.objects.get()
    download = user_client.get(reverse("intake:request_attachment", args=[draft.pk, attachment.pk]))

    assert (attachment.name, attachment.content_type) == ("ToR.odt", documents.ODT_TYPE)
    assert download["Content-Type"] == documents.ODT_TYPE
    assert download["Content-Disposition"] == 'attachment; filename="ToR.odt"'


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"--x\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n\r\n%PDF-1.4",
         "multipart/form-data"),
        (b"--x\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n"
         b"Content-Transfer-Encoding: base64\r\n\r\nJVB\r\n--x--\r\n",
         "multipart/form-data; boundary=x"),
    ],
    ids=["no-boundary", "truncated-base64-part"],
)  # fmt: skip
def test_a_malformed_multipart_page_post_is_a_400_that_saves_nothing(
    client, world, settings, body, content_type
):
    draft = complete_draft(world)
    events = AuditEvent.objects.count()

    response = client_for(client, world, "partner_mx").post(
        reverse("intake:request_edit", args=[draft.pk, 4]), body, content_type=content_type
    )

    assert response.status_code == 400
    assert RequestAttachment.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "requests").exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("role", "expected"), [("partner_pe", 404), ("officer", 302), ("expert", 404)]
)
def test_only_the_requester_may_edit_a_draft(client, world, role, expected):
    draft = complete_draft(world)

    response = client_for(client, world, role).post(
        reverse("intake:request_edit", args=[draft.pk, 2]),
        {"title": "Hijacked", "intent": "next", "version": 1},
    )

    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.title == "Protection of migrant children"


def test_a_submitted_request_cannot_be_edited(client, world):
    assistance_request = request_in(world, "submitted")

    response = client_for(client, world, "partner_mx").get(
        reverse("intake:request_edit", args=[assistance_request.pk, 2])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:request_detail", args=[assistance_request.pk])


def test_an_unknown_step_is_not_found(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").get(
        reverse("intake:request_edit", args=[draft.pk, 6])
    )

    assert response.status_code == 404


def test_the_step_form_prefills_the_stored_draft(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").get(
        reverse("intake:request_edit", args=[draft.pk, 3])
    )

    assert '<option value="MX" selected>' in response.text
    children = world["themes"]["HO-CHI"].pk
    assert f'value="{children}" id="theme-{children}" checked' in response.text
    assert re.search(r'name="languages" value="es"[^>]*checked', response.text)


# --- Attachments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_mx", 200),
        ("officer", 200),
        ("partner_pe", 404),
        ("expert", 404),
        ("steering", 404),
    ],
)
def test_attachments_are_served_only_to_those_who_may_see_the_request(
    client, world, role, expected
):
    draft = complete_draft(world)
    attachment = services.attachment_add(
        actor=world["users"]["partner_mx"],
        request_id=draft.pk,
        upload=SimpleUploadedFile("terms.txt", b"Terms of reference", "text/plain"),
    )

    response = client_for(client, world, role).get(
        reverse("intake:request_attachment", args=[draft.pk, attachment.pk])
    )

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"Terms of reference"
        assert response["Content-Disposition"] == 'attachment; filename="terms.txt"'


def test_an_attachment_of_another_request_is_not_found(client, world):
    first = complete_draft(world, "First")
    second = complete_draft(world, "Second")
    attachment = services.attachment_add(
        actor=world["users"]["partner_mx"],
        request_id=first.pk,
        upload=SimpleUploadedFile("terms.txt", b"x", "text/plain"),
    )

    response = client_for(client, world, "partner_mx").get(
        reverse("intake:request_attachment", args=[second.pk, attachment.pk])
    )

    assert response.status_code == 404


# --- Navigation ---------------------------------------------------------------------------------


def test_the_header_links_to_requests_and_sign_out_for_signed_in_users(client, world):
    response = client_for(client, world, "partner_mx").get(reverse("intake:request_list"))

    assert f'href="{reverse("intake:request_list")}" aria-current="page"' in response.text
    assert f'action="{reverse("accounts:logout")}" method="post"' in response.text


def test_the_header_offers_sign_in_to_anonymous_visitors(client, world):
    response = client.get(reverse("portfolio:home"))

    assert f'href="{reverse("accounts:login")}?next=/"' in response.text
    assert f'href="{reverse("intake:request_list")}"' not in response.text
