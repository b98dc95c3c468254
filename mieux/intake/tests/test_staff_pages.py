"""Staff pages: steering agenda, assessment page, lead-time dashboard and object history."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mieux.core.models import AuditEvent
from mieux.intake import leadtimes, services
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.intake.tests.conftest import RECOMMENDED, login
from mieux.portfolio.models import ActionStatus
from mieux.portfolio.tests.factories import (
    ActionFactory,
    ActivityFactory,
)

pytestmark = pytest.mark.django_db

# Who may see what ----------------------------------------------------------------------------

VISITORS = [
    "anonymous",
    "partner",
    "other_partner",
    "officer",
    "manager",
    "admin",
    "steering",
    "expert",
    "knowledge",
]
FACILITY = {"officer", "manager", "admin"}
ALLOWED = {
    "steering_agenda": FACILITY | {"steering"},
    "assessment": FACILITY,
    "dashboard": FACILITY,
    "history": FACILITY,
}


def page_url(name: str, assistance_request: AssistanceRequest) -> str:
    if name == "assessment":
        return reverse("intake:assessment", args=[assistance_request.pk])
    if name == "history":
        return reverse("intake:history", args=["request", assistance_request.pk])
    return reverse(f"intake:{name}")


@pytest.mark.parametrize("name", sorted(ALLOWED))
@pytest.mark.parametrize("who", VISITORS)
def test_page_access_per_role(client, users, recommended, name, who):
    url = page_url(name, recommended)

    response = login(client, users, who).get(url)

    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={quote(url)}"
    elif who in ALLOWED[name]:
        assert response.status_code == 200
        assert recommended.title in response.text
    else:
        assert response.status_code == 403
        assert recommended.title not in response.text


@pytest.mark.parametrize("name", ["steering_agenda", "assessment"])
@pytest.mark.parametrize("who", ["anonymous", "partner", "other_partner", "expert"])
def test_posting_without_the_role_changes_nothing(client, users, recommended, name, who):
    events = AuditEvent.objects.count()

    response = login(client, users, who).post(
        page_url(name, recommended),
        {
            "request_id": recommended.pk,
            "version": recommended.version,
            "transition": "approve" if name == "steering_agenda" else "not_recommend",
            "reason": "Because.",
        },
    )

    assert response.status_code == (302 if who == "anonymous" else 403)
    recommended.refresh_from_db()
    assert (recommended.status, recommended.version) == ("recommended", 4)
    assert AuditEvent.objects.count() == events


# Steering agenda -----------------------------------------------------------------------------


def agenda_titles(response) -> list[str]:
    return re.findall(
        r'class="agenda-title" id="request-\d+-title"><a href="[^"]+">([^<]+)<', response.text
    )


def test_agenda_lists_requests_awaiting_decision_oldest_first(client, users, make_request):
    first = make_request("First recommended", RECOMMENDED)
    make_request("Only submitted", ("submit",))
    declined = make_request("Not recommended", ("submit", "start_assessment", "not_recommend"))
    deferred = make_request("Deferred", (*RECOMMENDED, "defer"))
    make_request("Approved", (*RECOMMENDED, "approve"))

    response = login(client, users, "steering").get(reverse("intake:steering_agenda"))

    assert response.status_code == 200
    assert agenda_titles(response) == [first.title, declined.title, deferred.title]
    assert "3 requests await a decision." in response.text


def test_agenda_shows_the_assessment_summary(client, users, recommended):
    response = login(client, users, "steering").get(reverse("intake:steering_agenda"))

    assert "5 of 5 eligibility checks passed." in response.text
    assert "Officer's recommendation:</strong> Recommend" in response.text
    assert "Reason to recommend." in response.text
    assert "Secretaría de Gobernación" in response.text
    assert f'href="/requests/{recommended.pk}/"' in response.text


def test_agenda_lists_failed_checks(client, users, world, make_request):
    world["mexico"].is_oda_eligible = False
    world["mexico"].save()
    make_request("Ineligible", RECOMMENDED)

    response = login(client, users, "steering").get(reverse("intake:steering_agenda"))

    assert "4 of 5 eligibility checks passed." in response.text
    assert "Country eligible" in response.text
    assert "Mexico is not on the list of ODA recipients." in response.text


def test_agenda_offers_decisions_to_steering_members_only(client, users, make_request):
    recommended = make_request("Recommended", RECOMMENDED)
    deferred = make_request("Deferred", (*RECOMMENDED, "defer"))

    as_steering = login(client, users, "steering").get(reverse("intake:steering_agenda"))
    as_officer = login(client, users, "officer").get(reverse("intake:steering_agenda"))

    decisions = re.findall(r'name="transition" value="(\w+)"', as_steering.text)
    assert decisions == ["approve", "reject", "defer", "approve", "reject"]
    assert f'name="version" value="{recommended.version}"' in as_steering.text
    assert f'name="version" value="{deferred.version}"' in as_steering.text
    assert 'name="transition"' not in as_officer.text
    assert f'href="/requests/{recommended.pk}/assessment/"' in as_officer.text
    assert "/assessment/" not in as_steering.text


def test_steering_member_approves_from_the_agenda(client, users, recommended):
    response = login(client, users, "steering").post(
        reverse("intake:steering_agenda"),
        {
            "request_id": recommended.pk,
            "version": recommended.version,
            "transition": "approve",
            "reason": "Approved at the March meeting.",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("intake:steering_agenda"), 302)]
    assert "Decision recorded: “Protection of migrant children” is now Approved." in response.text
    assert "No request awaits a decision." in response.text
    recommended.refresh_from_db()
    assert (recommended.status, recommended.version) == ("approved", 5)
    step = recommended.transitions.last()
    assert (step.transition, step.actor, step.reason) == (
        "approve",
        users["steering"],
        "Approved at the March meeting.",
    )


@pytest.mark.parametrize("transition", ["reject", "defer"])
def test_steering_member_rejects_or_defers_from_the_agenda(client, users, recommended, transition):
    response = login(client, users, "steering").post(
        reverse("intake:steering_agenda"),
        {
            "request_id": recommended.pk,
            "version": recommended.version,
            "transition": transition,
            "reason": "Not this year.",
        },
    )

    assert response.status_code == 302
    recommended.refresh_from_db()
    assert recommended.status == {"reject": "rejected", "defer": "deferred"}[transition]


def assert_unchanged(assistance_request: AssistanceRequest, events: int) -> None:
    status, version = assistance_request.status, assistance_request.version
    assistance_request.refresh_from_db()
    assert (assistance_request.status, assistance_request.version) == (status, version)
    assert AuditEvent.objects.count() == events


def test_a_decision_without_reason_is_refused(client, users, recommended):
    events = AuditEvent.objects.count()

    response = login(client, users, "steering").post(
        reverse("intake:steering_agenda"),
        {"request_id": recommended.pk, "version": recommended.version, "transition": "approve"},
    )

    assert response.status_code == 400
    assert "Give a reason for this step." in response.text
    assert "Nothing was changed" in response.text
    assert 'aria-invalid="true"' in response.text
    assert_unchanged(recommended, events)


def test_a_stale_decision_is_a_conflict(client, users, recommended):
    events = AuditEvent.objects.count()

    response = login(client, users, "steering").post(
        reverse("intake:steering_agenda"),
        {
            "request_id": recommended.pk,
            "version": recommended.version - 1,
            "transition": "approve",
            "reason": "Approved.",
        },
    )

    assert response.status_code == 409
    assert "The request changed since you read it (version 4, not 3)." in response.text
    assert "Approved.</textarea>" in response.text
    assert_unchanged(recommended, events)


def test_an_illegal_decision_is_a_conflict(client, users, make_request):
    deferred = make_request("Deferred", (*RECOMMENDED, "defer"))
    events = AuditEvent.objects.count()

    response = login(client, users, "steering").post(
        reverse("intake:steering_agenda"),
        {
            "request_id": deferred.pk,
            "version": deferred.version,
            "transition": "defer",
            "reason": "Again.",
        },
    )

    assert response.status_code == 409
    assert (
        "This request is “Deferred”. Only a request the officer recommended or did not "
        "recommend can be deferred." in response.text
    )
    assert_unchanged(deferred, events)


def test_an_officer_cannot_decide_from_the_agenda(client, users, recommended):
    events = AuditEvent.objects.count()

    response = login(client, users, "officer").post(
        reverse("intake:steering_agenda"),
        {
            "request_id": recommended.pk,
            "version": recommended.version,
            "transition": "approve",
            "reason": "Approved.",
        },
    )

    assert response.status_code == 403
    assert "Your role does not allow this step (“Approve”) on this request." in response.text
    assert_unchanged(recommended, events)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"transition": "formulate"}, "Choose one of the offered steps."),
        ({"version": "x"}, "The form was incomplete; reload the page."),
        ({"request_id": ""}, "The form was incomplete; reload the page."),
    ],
)
def test_a_malformed_decision_is_refused(client, users, recommended, form, message):
    events = AuditEvent.objects.count()
    data = {
        "request_id": recommended.pk,
        "version": recommended.version,
        "transition": "approve",
        "reason": "Approved.",
        **form,
    }

    response = login(client, users, "steering").post(reverse("intake:steering_agenda"), data)

    assert response.status_code == 400
    assert message in response.text
    assert_unchanged(recommended, events)


def test_a_decision_on_a_request_out_of_sight_is_not_found(client, users, make_request):
    submitted = make_request("Only submitted", ("submit",))
    events = AuditEvent.objects.count()

    response = login(client, users, "steering").post(
        reverse("intake:steering_agenda"),
        {"request_id": submitted.pk, "version": 2, "transition": "approve", "reason": "Yes."},
    )

    assert response.status_code == 404
    assert f"No request {submitted.pk}." in response.text
    assert_unchanged(submitted, events)


@pytest.mark.parametrize("who", ["steering", "officer"])
def test_agenda_queries_do_not_grow_with_requests(client, users, make_request, who):
    make_request("One", RECOMMENDED)
    login(client, users, who)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:steering_agenda"))
    for number in range(6):
        make_request(f"More {number}", RECOMMENDED if number % 2 else (*RECOMMENDED, "defer"))

    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("intake:steering_agenda"))

    assert len(agenda_titles(response)) == 7
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 12


# Assessment ----------------------------------------------------------------------------------


def test_assessment_shows_fresh_and_stored_checks(client, users, recommended):
    response = login(client, users, "officer").get(
        reverse("intake:assessment", args=[recommended.pk])
    )

    assert response.status_code == 200
    rows = response.context["check_rows"]
    assert [row["code"] for row in rows] == [
        "country_eligible",
        "requester_type_eligible",
        "civil_society_jointly",
        "thematic_fit",
        "possible_duplication",
    ]
    assert all(row["fresh"]["passed"] and row["stored"]["passed"] for row in rows)
    assert "Mexico is eligible for EU development cooperation." in response.text
    assert "Reason to recommend." in response.text
    assert f'href="/history/request/{recommended.pk}/"' in response.text
    # A recommended request is the steering committee's to decide: no officer step is offered.
    assert 'name="transition"' not in response.text


def test_assessment_lists_possible_duplicates(client, users, world, make_request):
    mexico_ii = ActionFactory(name="Mexico II", status=ActionStatus.ONGOING)
    mexico_ii.countries.add(world["mexico"])
    earlier = make_request("Earlier request", ("submit",))
    later = make_request("Later request", ("submit",))

    response = login(client, users, "officer").get(reverse("intake:assessment", args=[later.pk]))

    assert response.context["duplicates"] == [
        "action Mexico II",
        f"request #{earlier.pk} “Earlier request”",
    ]
    assert "Possibly overlapping: action Mexico II; request #" in response.text


def test_officer_assesses_and_recommends_from_the_page(client, users, make_request):
    submitted = make_request("To assess", ("submit",))
    url = reverse("intake:assessment", args=[submitted.pk])
    login(client, users, "officer")

    page = client.get(url)
    started = client.post(
        url, {"request_id": submitted.pk, "version": 2, "transition": "start_assessment"}
    )
    after_start = client.get(url)
    recommended = client.post(
        url,
        {
            "request_id": submitted.pk,
            "version": 3,
            "transition": "recommend",
            "reason": "Fits the mandate.",
        },
        follow=True,
    )

    assert re.findall(r'name="transition" value="(\w+)"', page.text) == ["start_assessment"]
    assert started.status_code == 302
    assert re.findall(r'name="transition" value="(\w+)"', after_start.text) == [
        "request_information",
        "recommend",
        "not_recommend",
    ]
    assert "Step recorded: the request is now Recommended." in recommended.text
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version) == ("recommended", 4)
    assert submitted.assessment.recommendation == "recommend"
    assert submitted.assessment.reasons == "Fits the mandate."
    assert submitted.assessment.assessed_by == users["officer"]


def test_recommending_without_reason_is_refused(client, users, make_request):
    under_assessment = make_request("Under assessment", ("submit", "start_assessment"))
    events = AuditEvent.objects.count()

    response = login(client, users, "officer").post(
        reverse("intake:assessment", args=[under_assessment.pk]),
        {"request_id": under_assessment.pk, "version": 3, "transition": "not_recommend"},
    )

    assert response.status_code == 400
    assert "Give a reason for this step." in response.text
    assert_unchanged(under_assessment, events)


def test_an_officer_cannot_approve_from_the_assessment_page(client, users, recommended):
    events = AuditEvent.objects.count()

    response = login(client, users, "officer").post(
        reverse("intake:assessment", args=[recommended.pk]),
        {"request_id": recommended.pk, "version": 4, "transition": "approve", "reason": "Yes."},
    )

    assert response.status_code == 400
    assert "Choose one of the offered steps." in response.text
    assert_unchanged(recommended, events)


def test_a_stale_step_on_the_assessment_page_is_a_conflict(client, users, make_request):
    under_assessment = make_request("Under assessment", ("submit", "start_assessment"))
    events = AuditEvent.objects.count()

    response = login(client, users, "officer").post(
        reverse("intake:assessment", args=[under_assessment.pk]),
        {
            "request_id": under_assessment.pk,
            "version": 2,
            "transition": "recommend",
            "reason": "Fits.",
        },
    )

    assert response.status_code == 409
    assert "The request changed since you read it" in response.text
    assert_unchanged(under_assessment, events)


def test_assessment_of_an_unknown_request_is_not_found(client, users, world):
    response = login(client, users, "officer").get(reverse("intake:assessment", args=[999]))

    assert response.status_code == 404


# Dashboard -----------------------------------------------------------------------------------

UTC = datetime.UTC


def stamp(assistance_request, *, submitted, decided=None, formulated=None, first_activity=None):
    """Move a request's timestamps and transitions to controlled moments."""
    AssistanceRequest.objects.filter(pk=assistance_request.pk).update(
        submitted_at=submitted, decided_at=decided, formulated_at=formulated
    )
    steps = RequestTransition.objects.filter(assistance_request=assistance_request)
    steps.exclude(transition__in=["approve", "reject", "defer", "formulate"]).update(
        occurred_at=submitted
    )
    if decided:
        steps.filter(transition__in=["approve", "reject", "defer"]).update(occurred_at=decided)
    if formulated:
        steps.filter(transition="formulate").update(occurred_at=formulated)
    if first_activity:
        ActivityFactory(
            action_id=assistance_request.action_id,
            start_date=first_activity,
            end_date=first_activity,
        )


@pytest.fixture
def measured(make_request):
    """Three formulated requests in 2024 and two waiting ones."""
    formulated = [
        make_request(f"Formulated {number}", (*RECOMMENDED, "approve", "formulate"))
        for number in range(3)
    ]
    for number, assistance_request in enumerate(formulated):
        stamp(
            assistance_request,
            submitted=datetime.datetime(2024, 1, 1, tzinfo=UTC),
            decided=datetime.datetime(2024, 1, 11 + 10 * number, tzinfo=UTC),
            formulated=datetime.datetime(2024, 3, 1, tzinfo=UTC),
            first_activity=datetime.date(2024, 3, 6),
        )
    waiting = make_request("Waiting for a decision", RECOMMENDED)
    stamp(waiting, submitted=datetime.datetime(2024, 6, 1, tzinfo=UTC))
    fresh = make_request("Just submitted", ("submit",))
    return {"formulated": formulated, "waiting": waiting, "fresh": fresh}


def test_dashboard_numbers_match_lead_times(client, users, measured):
    response = login(client, users, "manager").get(reverse("intake:dashboard"))

    assert response.status_code == 200
    shown = [
        {
            key: row[key]
            for key in ("region", "year", "stage", "count", "median_days", "p90_days", "max_days")
        }
        for row in response.context["rows"]
    ]
    assert shown == leadtimes.lead_times()
    assert shown == [
        {
            "region": "LAC",
            "year": 2024,
            "stage": "submitted_to_decision",
            "count": 3,
            "median_days": 20.0,
            "p90_days": 28.0,
            "max_days": 30.0,
        },
        {
            "region": "LAC",
            "year": 2024,
            "stage": "decision_to_formulated",
            "count": 3,
            "median_days": 40.0,
            "p90_days": 48.0,
            "max_days": 50.0,
        },
        {
            "region": "LAC",
            "year": 2024,
            "stage": "formulated_to_first_activity",
            "count": 3,
            "median_days": 5.0,
            "p90_days": 5.0,
            "max_days": 5.0,
        },
    ]
    table = response.text[response.text.index("lead-times-table") :]
    assert re.search(
        r"Submission to decision</th>\s*<td class=\"num\">3</td>\s*"
        r"<td class=\"num\">20.0</td>\s*<td class=\"num\">28.0</td>\s*"
        r"<td class=\"num\">30.0</td>",
        table,
    )
    assert "bar-fill bar-w-100" in response.text


def test_dashboard_lists_requests_waiting_longest(client, users, measured):
    response = login(client, users, "officer").get(reverse("intake:dashboard"))

    waiting = response.context["waiting"]
    assert [row["id"] for row in waiting] == [measured["waiting"].pk, measured["fresh"].pk]
    assert f'<a href="/requests/{measured["waiting"].pk}/">Waiting for a decision</a>' in (
        response.text
    )


def test_dashboard_counts_requests_per_status(client, users, measured, make_request):
    make_request("Draft")

    response = login(client, users, "officer").get(reverse("intake:dashboard"))

    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts == {
        "draft": 1,
        "submitted": 1,
        "under_assessment": 0,
        "information_requested": 0,
        "recommended": 1,
        "not_recommended": 0,
        "approved": 0,
        "rejected": 0,
        "deferred": 0,
        "formulated": 3,
        "withdrawn": 0,
    }
    assert response.context["total_requests"] == 6


def test_dashboard_filters_by_region_and_year(client, users, measured):
    login(client, users, "officer")

    lac_2024 = client.get(reverse("intake:dashboard"), {"region": "LAC", "year": "2024"})
    africa = client.get(reverse("intake:dashboard"), {"region": "AFR"})
    year_2023 = client.get(reverse("intake:dashboard"), {"year": "2023"})

    assert len(lac_2024.context["rows"]) == 3
    assert '<option value="LAC" selected>' in lac_2024.text
    assert '<option value="2024" selected>' in lac_2024.text
    assert africa.context["rows"] == []
    assert sum(count for _value, _label, count in africa.context["status_counts"]) == 0
    assert year_2023.context["rows"] == []
    assert "No lead time measured for this selection yet." in year_2023.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "XYZ"}, "Unknown region “XYZ”."),
        ({"year": "soon"}, "The year must be a number between 1990 and 2100."),
    ],
)
def test_dashboard_explains_a_bad_filter(client, users, measured, params, message):
    response = login(client, users, "officer").get(reverse("intake:dashboard"), params)

    assert response.status_code == 400
    assert message in response.text
    assert response.context["rows"] == []


def test_dashboard_queries_do_not_grow_with_requests(
    client, users, measured, make_request, django_assert_max_num_queries
):
    login(client, users, "manager")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:dashboard"))
    for number in range(5):
        more = make_request(f"More {number}", (*RECOMMENDED, "approve", "formulate"))
        stamp(
            more,
            submitted=datetime.datetime(2023, 1, 1, tzinfo=UTC),
            decided=datetime.datetime(2023, 2, 1, tzinfo=UTC),
            formulated=datetime.datetime(2023, 3, 1, tzinfo=UTC),
            first_activity=datetime.date(2023, 4, 1),
        )

    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as many:
        response = client.get(reverse("intake:dashboard"))

    assert len(response.context["rows"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


# History -------------------------------------------------------------------------------------


def test_history_lists_every_step_with_actor_and_changes(client, users, recommended):
    response = login(client, users, "officer").get(
        reverse("intake:history", args=["request", recommended.pk])
    )

    assert response.status_code == 200
    entries = response.context["entries"]
    assert [(entry["verb_label"], entry["actor"]) for entry in entries] == [
        ("Created", "demo-partner"),
        ("Submit", "demo-partner"),
        ("Start assessment", "Officer"),
        ("Recommend", "Officer"),
    ]
    created = {change["field"]: change["after"] for change in entries[0]["changes"]}
    assert created["lead institution"] == "Secretaría de Gobernación"
    assert created["requesting institutions"] == "Secretaría de Gobernación"
    assert created["country"] == "Mexico"
    assert created["created by"] == "demo-partner"
    assert created["thematic areas"] == "IMT"
    assert "ID" not in created
    submit_changes = {change["field"]: change for change in entries[1]["changes"]}
    assert submit_changes["status"]["before"] == "Draft"
    assert submit_changes["status"]["after"] == "Submitted"
    assert submit_changes["version"] == {"field": "version", "before": "1", "after": "2"}
    assert "updated at" not in submit_changes
    assert "Reason to recommend." in response.text
    assert "<del>Under assessment</del>" in response.text
    assert "<ins>Recommended</ins>" in response.text


def test_history_of_an_action(client, users, world):
    action = ActionFactory(name="Mexico II", slug="mexico-ii", status=ActionStatus.PLANNED)
    AuditEvent.objects.create(
        actor=users["admin"],
        verb="action.updated",
        object_type="portfolio.action",
        object_id=str(action.pk),
        object_repr=str(action),
        before={"status": "planned", "is_public": False},
        after={"status": "ongoing", "is_public": True},
    )

    response = login(client, users, "manager").get(
        reverse("intake:history", args=["action", action.pk])
    )

    assert response.status_code == 200
    assert response.context["entries"][0]["changes"] == [
        {"field": "status", "before": "Planned", "after": "Ongoing"},
        {"field": "public", "before": "no", "after": "yes"},
    ]
    assert 'href="/actions/mexico-ii/"' in response.text


@pytest.mark.parametrize(("kind", "object_id"), [("user", 1), ("request", 999), ("output", 5)])
def test_history_of_an_unknown_object_is_not_found(client, users, world, kind, object_id):
    response = login(client, users, "officer").get(
        reverse("intake:history", args=[kind, object_id])
    )

    assert response.status_code == 404


def test_history_queries_do_not_grow_with_events(client, users, make_request):
    assistance_request = make_request("Short", ("submit",))
    login(client, users, "officer")
    url = reverse("intake:history", args=["request", assistance_request.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for step in ("start_assessment", "recommend"):
        services.request_transition(
            actor=users["officer"], request_id=assistance_request.pk, transition=step, reason="x"
        )

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["entries"]) == 4
    assert len(many.captured_queries) == len(few.captured_queries)
