"""Staff pages: assessment, steering agenda, programme manager's dashboard (history: `history.py`).

Views gather what a template shows and hand every write to `services.request_transition`; who may
see a page is decided by `mieux.intake.policies`. Each page runs a fixed number of queries
whatever the number of requests.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, Min, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mieux.accounts.decorators import role_page
from mieux.core.errors import DomainError
from mieux.geo.models import Region
from mieux.intake import check_notes, eligibility, leadtimes, policies, services
from mieux.intake.forms import StaffStepForm, form_problem
from mieux.intake.models import Assessment, AssistanceRequest, RequestTransition
from mieux.intake.views.requests import language_names
from mieux.intake.workflow import (
    AWAITING_DECISION_STATES,
    TRANSITIONS,
    RequestStatus,
    Transition,
)

DECISION_STEPS = ("approve", "reject", "defer")
OFFICER_STEPS = ("start_assessment", "request_information", "recommend", "not_recommend")
CHECK_LABELS = {
    "country_eligible": gettext_lazy("Country eligible"),
    "requester_type_eligible": gettext_lazy("Requester type eligible"),
    "civil_society_jointly": gettext_lazy("Civil society only jointly with a public body"),
    "thematic_fit": gettext_lazy("Thematic fit"),
    "possible_duplication": gettext_lazy("No overlap with actions or open requests"),
}
STAGE_LABELS = {
    leadtimes.SUBMITTED_TO_DECISION: gettext_lazy("Submission to decision"),
    leadtimes.DECISION_TO_FORMULATED: gettext_lazy("Approval to formulation"),
    leadtimes.FORMULATED_TO_FIRST_ACTIVITY: gettext_lazy("Formulation to first delivered activity"),
}
LONGEST_WAITING_LIMIT = 10


def _take_step(request: HttpRequest, allowed: tuple[str, ...]) -> AssistanceRequest:
    """Run the transition a posted form asks for, through the one service that may.

    The form holds the same rules as the service (the reason's length, in the same words); a
    form that was tampered with or is outdated is refused as a whole."""
    form = StaffStepForm(request.POST, allowed=allowed)
    if not form.is_valid():
        if "transition" in form.errors:
            raise DomainError(_("Choose one of the offered steps."), field="transition")
        message, field = form_problem(form, _("The form was incomplete; reload the page."))
        raise DomainError(message, field=field or "transition")
    return services.request_transition(
        actor=request.user,
        request_id=form.cleaned_data["request_id"],
        transition=form.cleaned_data["transition"],
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )


def _assessment_of(assistance_request: AssistanceRequest) -> Assessment | None:
    try:
        return assistance_request.assessment
    except Assessment.DoesNotExist:
        return None


def _labelled(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**check, "label": CHECK_LABELS.get(check["code"], check["code"])} for check in checks]


def request_detail_url(request_id: int) -> str:
    # The detail page belongs to the request pages; until it exists the path is the same.
    try:
        return reverse("intake:request_detail", args=[request_id])
    except NoReverseMatch:
        return f"/requests/{request_id}/"


# Steering agenda -----------------------------------------------------------------------------


@dataclass
class AgendaItem:
    assistance_request: AssistanceRequest
    assessment: Assessment | None
    checks_passed: int
    checks_failed: list[dict[str, Any]]
    decisions: list[Transition]
    detail_url: str
    language_names: list[str]


def _agenda(user: Any) -> list[AgendaItem]:
    awaiting = (
        policies.visible_requests(user)
        .filter(status__in=AWAITING_DECISION_STATES)
        .select_related(
            "lead_institution", "country", "region", "assessment", "assessment__assessed_by"
        )
        .prefetch_related("thematic_areas", "requesting_institutions")
        .order_by("submitted_at", "id")
    )
    awaiting_list = list(awaiting)
    assessments = [_assessment_of(assistance_request) for assistance_request in awaiting_list]
    # Notes of every item worded at once: the names they need come in one query per kind.
    worded = check_notes.worded_lists(
        *(assessment.checks if assessment else [] for assessment in assessments),
        countries=[assistance_request.country for assistance_request in awaiting_list],
        thematic_areas=[
            area
            for assistance_request in awaiting_list
            for area in assistance_request.thematic_areas.all()
        ],
    )
    items = []
    for assistance_request, assessment, item_checks in zip(
        awaiting_list, assessments, worded, strict=True
    ):
        checks = _labelled(item_checks)
        items.append(
            AgendaItem(
                assistance_request=assistance_request,
                assessment=assessment,
                checks_passed=sum(1 for check in checks if check["passed"]),
                checks_failed=[check for check in checks if not check["passed"]],
                decisions=[
                    TRANSITIONS[name]
                    for name in DECISION_STEPS
                    if policies.can_take_transition(user, assistance_request, TRANSITIONS[name])
                ],
                detail_url=request_detail_url(assistance_request.pk),
                language_names=language_names(list(assistance_request.languages or [])),
            )
        )
    return items


@require_http_methods(["GET", "POST"])
@role_page(policies.can_view_steering_agenda)
def steering_agenda(request: HttpRequest) -> HttpResponse:
    error: DomainError | None = None
    if request.method == "POST":
        try:
            decided = _take_step(request, DECISION_STEPS)
        except DomainError as exc:
            error = exc
        else:
            messages.success(
                request,
                _("Decision recorded: “%(title)s” is now %(status)s.")
                % {"title": decided.title, "status": decided.get_status_display()},
            )
            return redirect("intake:steering_agenda")
    context = {
        "nav": "steering",
        "items": _agenda(request.user),
        "error": error,
        "failed_id": request.POST.get("request_id", "") if error else "",
        "posted_reason": request.POST.get("reason", "") if error else "",
        "can_see_assessments": policies.can_assess_requests.test(request.user),
    }
    return render(
        request, "intake/staff/steering_agenda.html", context, status=error.status if error else 200
    )


# Assessment ----------------------------------------------------------------------------------


def _check_rows(
    assistance_request: AssistanceRequest,
    fresh: list[dict[str, Any]],
    stored: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One row per check code: the check computed now next to the one stored, if any, each
    with its note worded in the reader's language."""
    fresh, stored = check_notes.worded_lists(
        fresh,
        stored,
        countries=[assistance_request.country],
        thematic_areas=assistance_request.thematic_areas.all(),
    )
    stored_by_code = {check["code"]: check for check in stored}
    codes = [check["code"] for check in fresh]
    codes += [code for code in stored_by_code if code not in codes]
    fresh_by_code = {check["code"]: check for check in fresh}
    return [
        {
            "code": code,
            "label": CHECK_LABELS.get(code, code),
            "fresh": fresh_by_code.get(code),
            "stored": stored_by_code.get(code),
        }
        for code in codes
    ]


@require_http_methods(["GET", "POST"])
@role_page(policies.can_assess_requests)
def assessment_page(request: HttpRequest, request_id: int) -> HttpResponse:
    error: DomainError | None = None
    if request.method == "POST":
        try:
            if request.POST.get("request_id") != str(request_id):
                raise DomainError(
                    _("The form was incomplete; reload the page."), field="request_id"
                )
            stepped = _take_step(request, OFFICER_STEPS)
        except DomainError as exc:
            error = exc
        else:
            messages.success(
                request,
                _("Step recorded: the request is now %s.") % stepped.get_status_display(),
            )
            return redirect("intake:assessment", request_id=request_id)
    assistance_request = (
        policies.visible_requests(request.user)
        .select_related("lead_institution", "country", "region", "assessment__assessed_by")
        .prefetch_related(
            "thematic_areas",
            "requesting_institutions",
            Prefetch(
                "transitions",
                queryset=RequestTransition.objects.select_related("actor").order_by(
                    "occurred_at", "id"
                ),
            ),
        )
        .filter(pk=request_id)
        .first()
    )
    if assistance_request is None:
        raise Http404(_("No such request."))
    assessment = _assessment_of(assistance_request)
    steps = [
        TRANSITIONS[name]
        for name in OFFICER_STEPS
        if policies.can_take_transition(request.user, assistance_request, TRANSITIONS[name])
    ]
    context = {
        "nav": "requests",
        "assistance_request": assistance_request,
        "assessment": assessment,
        "check_rows": _check_rows(
            assistance_request,
            eligibility.compute_checks(assistance_request),
            assessment.checks if assessment else [],
        ),
        "duplicates": [
            check_notes.overlap_text(overlap)
            for overlap in eligibility.possible_duplicates(assistance_request)
        ],
        "language_names": language_names(list(assistance_request.languages or [])),
        "steps": steps,
        "reason_required": any(step.reason_required for step in steps),
        "transitions": list(assistance_request.transitions.all()),
        "detail_url": request_detail_url(assistance_request.pk),
        "error": error,
        "posted_reason": request.POST.get("reason", "") if error else "",
    }
    return render(
        request, "intake/staff/assessment.html", context, status=error.status if error else 200
    )


# Dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageBar:
    label: str
    value: float
    count: int
    percent: int


def _stage_bars(rows: list[dict[str, Any]], region_names: dict[str, str]) -> list[dict[str, Any]]:
    """Per stage, one bar per region and year: the median, scaled to the stage's longest."""
    stages = []
    for stage, stage_label in STAGE_LABELS.items():
        stage_rows = [row for row in rows if row["stage"] == stage]
        longest = max((row["median_days"] for row in stage_rows), default=0)
        stages.append(
            {
                "stage": stage,
                "label": stage_label,
                "bars": [
                    StageBar(
                        label=f"{region_names.get(row['region'], row['region'])} · {row['year']}",
                        value=row["median_days"],
                        count=row["count"],
                        # Widths come in steps of 5 % (CSS classes, no inline style for the CSP).
                        percent=5 * round(row["median_days"] * 20 / longest) if longest else 0,
                    )
                    for row in stage_rows
                ],
            }
        )
    return stages


@require_http_methods(["GET"])
@role_page(policies.can_view_lead_times)
def dashboard(request: HttpRequest) -> HttpResponse:
    selected = {name: (request.GET.get(name) or "").strip() for name in ("region", "year")}
    regions = list(Region.objects.all())
    region_names = {region.code: region.name for region in regions}
    error: DomainError | None = None
    rows: list[dict[str, Any]] = []
    try:
        rows = leadtimes.lead_times(
            region=selected["region"] or None, year=leadtimes.parse_year(selected["year"])
        )
    except DomainError as exc:
        error = exc
    for row in rows:
        row["region_name"] = region_names.get(row["region"], row["region"])
        row["stage_label"] = STAGE_LABELS[row["stage"]]

    requests = AssistanceRequest.objects.all()
    if selected["region"] and error is None:
        requests = requests.filter(region__code=selected["region"].upper())
    counts = dict(
        requests.order_by()
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    first = AssistanceRequest.objects.aggregate(first=Min("submitted_at"))["first"]
    this_year = timezone.localdate().year
    years = list(range(this_year, (first.year if first else this_year) - 1, -1))

    waiting = leadtimes.longest_waiting(limit=LONGEST_WAITING_LIMIT)
    statuses = dict(RequestStatus.choices)
    for row in waiting:
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["region_name"] = region_names.get(row["region"], row["region"])
        row["url"] = request_detail_url(row["id"])

    context = {
        "nav": "dashboard",
        "selected": selected,
        "regions": regions,
        "years": years,
        "error": error,
        "rows": rows,
        "stages": _stage_bars(rows, region_names),
        "waiting": waiting,
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in RequestStatus.choices
        ],
        "total_requests": sum(counts.values()),
    }
    return render(
        request, "intake/staff/dashboard.html", context, status=error.status if error else 200
    )


urlpatterns: list[URLPattern] = [
    path("steering/", steering_agenda, name="steering_agenda"),
    path("requests/<int:request_id>/assessment/", assessment_page, name="assessment"),
    path("dashboard/", dashboard, name="dashboard"),
]
