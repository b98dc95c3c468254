"""The demo requests: every stage of the workflow, idempotent, backdated, made by the services."""

import datetime
import importlib
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mieux.core.models import LANGUAGE_CODES, AuditEvent
from mieux.intake.demo import DEMO_REQUESTS, load_demo_requests
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.portfolio.demo import load_demo
from mieux.portfolio.demo.loader import DEMO_ACTIONS

pytestmark = pytest.mark.django_db

AWAITING_TITLE = "Protocol for the care of unaccompanied migrant children at the southern border"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_requests():
    load_demo()
    load_demo_requests()
    return {r.title: r for r in AssistanceRequest.objects.select_related("lead_institution")}


def test_the_demo_has_one_request_in_each_stage(demo_requests):
    statuses = sorted(r.status for r in demo_requests.values())

    assert statuses == [
        "approved",
        "deferred",
        "draft",
        "formulated",
        "information_requested",
        "recommended",
        "rejected",
        "submitted",
        "under_assessment",
        "withdrawn",
    ]


def test_demo_partner_mx_has_a_request_awaiting_the_steering_committee(demo_requests):
    awaiting = demo_requests[AWAITING_TITLE]

    assert awaiting.status == "recommended"
    assert awaiting.created_by.username == "demo-partner-mx"
    assert awaiting.lead_institution.acronym == "INM"
    assert awaiting.country.iso2 == "MX"
    assert awaiting.languages == ["es"]
    assert sorted(t.code for t in awaiting.thematic_areas.all()) == ["HO-CHI", "IMT-BMS"]
    assert sorted(i.acronym for i in awaiting.requesting_institutions.all()) == ["INM", "UPM"]
    assert awaiting.assessment.recommendation == "recommend"
    assert awaiting.assessment.reasons.startswith("Eligible national authority")
    assert awaiting.assessment.assessed_by.username == "demo-officer"
    assert [c["code"] for c in awaiting.assessment.checks] == [
        "country_eligible",
        "requester_type_eligible",
        "civil_society_jointly",
        "thematic_fit",
        "possible_duplication",
    ]
    assert [(t.transition, t.actor.username) for t in awaiting.transitions.all()] == [
        ("submit", "demo-partner-mx"),
        ("start_assessment", "demo-officer"),
        ("recommend", "demo-officer"),
    ]


def test_the_formulated_request_links_its_draft_action(demo_requests):
    formulated = next(r for r in demo_requests.values() if r.status == "formulated")

    assert formulated.action.name == "Mexico V"
    assert formulated.action.is_public is False
    assert formulated.action.activities.count() == 7
    assert formulated.formulated_at is not None


def test_a_joint_request_with_brazil_prefers_spanish_and_portuguese(demo_requests):
    joint = next(r for r in demo_requests.values() if r.status == "information_requested")

    assert joint.languages == ["es", "pt"]
    assert sorted(i.country.iso2 for i in joint.requesting_institutions.all()) == ["BR", "PE"]
    assert joint.transitions.last().reason.startswith("Please confirm")


def test_every_step_was_taken_by_the_services_with_an_audit_event(demo_requests):
    steps = sum(len(data["steps"]) for data in DEMO_REQUESTS)

    assert RequestTransition.objects.count() == steps
    request_events = AuditEvent.objects.filter(object_type="intake.assistancerequest")
    assert request_events.filter(verb="request.created").count() == len(DEMO_REQUESTS)
    assert request_events.exclude(verb="request.created").count() == steps
    assert request_events.filter(actor=None).count() == 0


def test_the_story_is_backdated_over_the_past_months(demo_requests):
    now = timezone.now()
    formulated = next(r for r in demo_requests.values() if r.status == "formulated")
    rejected = next(r for r in demo_requests.values() if r.status == "rejected")

    def days_ago(moment: datetime.datetime) -> int:
        return (now.date() - moment.date()).days

    assert days_ago(formulated.submitted_at) == 190
    assert days_ago(formulated.decided_at) == 135
    assert days_ago(formulated.formulated_at) == 110
    assert days_ago(rejected.created_at) == 210
    assert days_ago(rejected.decided_at) == 170
    occurred = [t.occurred_at for t in formulated.transitions.all()]
    assert occurred == sorted(occurred)
    assert now - occurred[-1] > datetime.timedelta(days=100)
    assert (
        formulated.assessment.assessed_at
        == formulated.transitions.get(transition="recommend").occurred_at
    )


def test_the_draft_has_not_been_submitted(demo_requests):
    draft = next(r for r in demo_requests.values() if r.status == "draft")

    assert draft.submitted_at is None
    assert draft.transitions.count() == 0
    assert draft.languages == ["es"]


@pytest.mark.django_db(transaction=True)
def test_nobody_is_emailed_about_the_demo_history():
    # Transactional: the loader's own transaction really commits, as in `mieux load_demo`.
    load_demo()

    load_demo_requests()

    assert AssistanceRequest.objects.count() == len(DEMO_REQUESTS)
    assert mail.outbox == []


def test_a_second_load_creates_nothing(demo_requests):
    counts = (
        AssistanceRequest.objects.count(),
        RequestTransition.objects.count(),
        AuditEvent.objects.count(),
    )

    created = load_demo_requests()

    assert created == 0
    assert (
        AssistanceRequest.objects.count(),
        RequestTransition.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_the_load_demo_command_loads_the_requests_and_prints_the_logins():
    stdout = io.StringIO()

    call_command("load_demo", stdout=stdout)

    text = stdout.getvalue()
    assert f"{len(DEMO_REQUESTS)} requests for assistance" in text
    assert "demo-partner-mx   partner_focal_point at INM" in text
    assert AssistanceRequest.objects.count() == len(DEMO_REQUESTS)


def test_demo_users_have_example_addresses(demo_requests):
    awaiting = demo_requests[AWAITING_TITLE]

    assert awaiting.created_by.email == "demo-partner-mx@example.org"
    assert awaiting.created_by.preferred_language == "es"
    assert awaiting.contact_email == "demo-partner-mx@example.org"


# The language of the texts: every demo request states it, and it is true -----------------------

migration = importlib.import_module("mieux.intake.migrations.0003_request_text_language")


def test_every_demo_request_states_the_language_of_its_texts(demo_requests):
    assert all(data["text_language"] in LANGUAGE_CODES for data in DEMO_REQUESTS)
    assert {title: r.text_language for title, r in demo_requests.items()} == {
        data["title"]: data["text_language"] for data in DEMO_REQUESTS
    }


def test_the_formulated_demo_action_says_its_texts_are_in_the_language_they_are_written_in(
    demo_requests,
):
    # Issue 9: this action's English texts were labelled "original text in Spanish".
    formulated = next(r for r in demo_requests.values() if r.status == "formulated")

    assert formulated.languages == ["es"]
    assert formulated.action.language == formulated.text_language == "en"
    assert formulated.action.objective == formulated.objective


def _texts(data: dict, fields: tuple[str, ...]) -> list[str]:
    return [str(data.get(field, "")) for field in fields]


def test_the_declared_languages_of_the_demo_texts_are_the_ones_they_are_written_in():
    # The same identifier the migration fills old requests with: what each demo request and
    # action says its texts are in must be what they read as, translations included.
    identifier = migration._identifier()
    declared = [
        (data["title"], data["text_language"], _texts(data, ("title", "context", "objective")))
        for data in DEMO_REQUESTS
    ]
    for data in DEMO_ACTIONS:
        fields = ("title", "context", "objective", "result")
        declared.append((data["name"], data.get("language", "en"), _texts(data, fields)))
        for language, translated in data.get("translations", {}).items():
            declared.append((f"{data['name']} ({language})", language, _texts(translated, fields)))

    found = {name: migration.identify(identifier, texts) for name, _language, texts in declared}

    assert {name: language for name, language, _texts in declared} == {
        name: result[0] if result else "too short to tell" for name, result in found.items()
    }
