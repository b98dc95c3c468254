"""Matching and planning pages, for facility staff.

- `activity_matches`: one activity, its team, and the experts ranked for it with the explanation
  of each score; one click proposes a candidate (`activity_match_propose`).
- `planning`: planned activities chosen by filters and checkboxes, planned exactly (CP-SAT) and
  greedily side by side (a GET, so a plan is bookmarkable); one click proposes the exact plan
  (`planning_propose`).

Every write goes through `services.deployment_propose` or `staffing.propose_plan`; their errors
come back as messages and the officer lands on the same page, filters kept.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from mieux.accounts.decorators import role_page
from mieux.core.errors import DomainError
from mieux.experts import policies, services, staffing
from mieux.experts.matching import rank_experts
from mieux.experts.models import Deployment, DeploymentRole, Expert, LanguageLevel
from mieux.experts.planning import Assignment, PlanComparison, plan_activities
from mieux.experts.workflow import DeploymentStatus
from mieux.geo.models import Region
from mieux.portfolio.models import Action, Activity, ActivityStatus
from mieux.portfolio.selectors import PortfolioFilter, activity_list

CANDIDATES_SHOWN = 20
DEFAULT_LEVEL = LanguageLevel.B2.value
# As for POST /api/v1/plans: beyond this the page asks for narrower filters.
MAX_PLANNED_ACTIVITIES = 2_000
CRITERIA = {
    "thematic_fit": gettext_lazy("Thematic fit"),
    "language": gettext_lazy("Command of the language"),
    "experience": gettext_lazy("Experience in the country or region"),
    "availability": gettext_lazy("Availability and days left"),
    "workload": gettext_lazy("Fair share of the workload"),
    "feedback": gettext_lazy("Past feedback"),
    "country_mix": gettext_lazy("Mix of countries in the team"),
}


# Facility staff only: sign-in for visitors, 403 for other users.
staff_page = role_page(policies.is_facility_staff)


def _level(raw: str | None) -> str:
    """A minimum language level from the query string; DomainError if it is not one."""
    cleaned = (raw or "").strip()
    if not cleaned:
        return DEFAULT_LEVEL
    level = cleaned.lower() if cleaned.lower() == LanguageLevel.NATIVE else cleaned.upper()
    if level not in LanguageLevel.values:
        raise DomainError(
            _("Unknown language level “%s”: use A1, A2, B1, B2, C1, C2 or native.") % cleaned,
            field="minimum_level",
        )
    return level


def _activity(request: HttpRequest, activity_id: int) -> Activity:
    activity = (
        activity_list(request.user, PortfolioFilter())
        .select_related("action__region")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def _matches_url(activity_id: int, level: str) -> str:
    url = reverse("experts:activity_matches", args=[activity_id])
    return url if level == DEFAULT_LEVEL else f"{url}?minimum_level={level}"


# One activity ------------------------------------------------------------------------------------


# Short names of the criteria, for the compact breakdown of each candidate's score.
SHORT_CRITERIA = {
    "thematic_fit": gettext_lazy("Theme"),
    "language": gettext_lazy("Language"),
    "experience": gettext_lazy("Experience"),
    "workload": gettext_lazy("Workload"),
    "feedback": gettext_lazy("Feedback"),
    "country_mix": gettext_lazy("Country mix"),
}


def _breakdown(parts: list[Any]) -> list[dict[str, Any]]:
    """The scored criteria of an explanation, with the share of their maximum (0 to 100) that
    draws each one's bar. Availability is a hard constraint, 0 of 0: it is met by every
    candidate shown, and only the full explanation says so."""
    return [
        {
            "criterion": part.criterion,
            "label": SHORT_CRITERIA.get(part.criterion, part.criterion),
            "points": part.points,
            "maximum": part.maximum,
            "percent": round(100 * min(max(part.points / part.maximum, 0.0), 1.0)),
        }
        for part in parts
        if part.maximum
    ]


def _proposed(raw: str | None, team: list[Deployment]) -> Deployment | None:
    """The deployment just proposed (`?proposed=<id>` after a proposal), if it is in the team."""
    if not raw or not raw.isdigit():
        return None
    return next((deployment for deployment in team if deployment.pk == int(raw)), None)


@require_GET
@staff_page
def activity_matches(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The activity, its team (each member linking to their deployment), and the candidates
    ranked: one compact row each, the explanation of the score one click away."""
    user: Any = request.user
    # Every policy below reads the memberships: fetched once for the page.
    prefetch_related_objects([user], "memberships")
    activity = _activity(request, activity_id)
    error = None
    try:
        level = _level(request.GET.get("minimum_level"))
    except DomainError as exc:
        error, level = exc, DEFAULT_LEVEL
    team = list(
        Deployment.objects.filter(activity=activity)
        .select_related("expert__institution__country")
        .order_by("-role", "created_at", "id")  # descending: "lead_expert" first
    )
    team_rows = [
        {
            "deployment": deployment,
            "linked": policies.can_view_deployment.test(user, deployment),
        }
        for deployment in team
    ]
    ranking = rank_experts(activity, limit=CANDIDATES_SHOWN, minimum_level=level)
    prefetch_related_objects([c.expert for c in ranking.candidates], "languages")
    in_team = {row["deployment"].expert_id: row for row in team_rows}
    candidates = [
        {
            "candidate": candidate,
            "in_team": candidate.expert.pk in in_team,
            "team_row": in_team.get(candidate.expert.pk),
            "breakdown": _breakdown(candidate.explanation),
            "parts": [
                {"part": part, "label": CRITERIA.get(part.criterion, part.criterion)}
                for part in candidate.explanation
            ],
        }
        for candidate in ranking.candidates
    ]
    proposed = _proposed(request.GET.get("proposed"), team)
    return render(
        request,
        "experts/matching/activity_matches.html",
        {
            "nav": "planning",
            "activity": activity,
            "team": team,
            "team_rows": team_rows,
            "team_missing": max(activity.experts_needed - _active(team), 0),
            "proposed": proposed,
            "proposed_linked": bool(proposed and policies.can_view_deployment.test(user, proposed)),
            "ranking": ranking,
            "candidates": candidates,
            "criteria": list(SHORT_CRITERIA.values()),
            "level": level,
            "levels": LanguageLevel.choices,
            "roles": DeploymentRole.choices,
            "error": error,
        },
    )


def _active(team: list[Deployment]) -> int:
    return sum(1 for deployment in team if deployment.status != DeploymentStatus.DECLINED)


@require_POST
@staff_page
def activity_match_propose(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Propose one candidate, then back to the ranking with the same minimum level."""
    activity = _activity(request, activity_id)
    try:
        level = _level(request.POST.get("minimum_level"))
    except DomainError:
        level = DEFAULT_LEVEL
    try:
        expert_id = int(request.POST.get("expert_id", ""))
    except ValueError:
        messages.error(request, _("Choose an expert to propose."))
        return redirect(_matches_url(activity.pk, level))
    try:
        deployment = services.deployment_propose(
            actor=request.user,
            expert_id=expert_id,
            activity_id=activity.pk,
            role=request.POST.get("role", DeploymentRole.EXPERT),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_matches_url(activity.pk, level))
    messages.success(
        request,
        _("%(expert)s is proposed for “%(activity)s” as %(role)s.")
        % {
            "expert": deployment.expert.full_name,
            "activity": activity.title,
            "role": deployment.get_role_display().lower(),
        },
    )
    # Back to the ranking, at the team, which now says where to invite the new member.
    url = _matches_url(activity.pk, level)
    separator = "&" if "?" in url else "?"
    return redirect(f"{url}{separator}proposed={deployment.pk}#team-heading")


# Many activities ---------------------------------------------------------------------------------


def _date(raw: str | None, field: str) -> datetime.date | None:
    if not raw or not raw.strip():
        return None
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError(
            _("Dates are written year-month-day, such as 2027-03-15."), field=field
        ) from None


def _planned(params: QueryDict) -> tuple[list[Activity], dict[str, Any]]:
    """Planned activities matching the filters, soonest first; DomainError for a bad filter."""
    filters = {name: (params.get(name) or "").strip() for name in ("action", "region")}
    start, end = _date(params.get("start"), "start"), _date(params.get("end"), "end")
    activities = Activity.objects.filter(status=ActivityStatus.PLANNED)
    if filters["action"]:
        if not Action.objects.filter(slug=filters["action"]).exists():
            raise DomainError(_("Unknown action “%s”.") % filters["action"], field="action")
        activities = activities.filter(action__slug=filters["action"])
    if filters["region"]:
        if not Region.objects.filter(code=filters["region"].upper()).exists():
            raise DomainError(_("Unknown region “%s”.") % filters["region"], field="region")
        activities = activities.filter(action__region__code=filters["region"].upper())
    if start:
        activities = activities.filter(start_date__gte=start)
    if end:
        activities = activities.filter(start_date__lte=end)
    team = Count("deployments", filter=~Q(deployments__status=DeploymentStatus.DECLINED))
    found: list[Activity] = list(
        activities.select_related("action", "country")
        .annotate(team_size=team)
        .order_by("start_date", "id")[: MAX_PLANNED_ACTIVITIES + 1]
    )
    filters |= {"start": start.isoformat() if start else "", "end": end.isoformat() if end else ""}
    return found, filters


def _selected(params: QueryDict, activities: list[Activity]) -> list[Activity]:
    """The checked activities when planning was asked for, else every one listed."""
    if "plan" not in params:
        return activities
    checked = {value for value in params.getlist("activity") if value.isdigit()}
    return [activity for activity in activities if str(activity.pk) in checked]


def _rows(selected: list[Activity], comparison: PlanComparison) -> list[dict[str, Any]]:
    """One row per activity: the experts of each plan, best fit first."""
    ids = {a.expert_id for plan in (comparison.exact, comparison.greedy) for a in plan.assignments}
    names = dict(Expert.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    chosen: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for key, plan in (("exact", comparison.exact), ("greedy", comparison.greedy)):
        by_activity = defaultdict(list)
        for assignment in sorted(plan.assignments, key=lambda a: -a.fit):
            by_activity[assignment.activity_id].append(
                {"name": names.get(assignment.expert_id, ""), "fit": assignment.fit}
            )
        chosen[key] = by_activity
    return [
        {
            "activity": activity,
            "exact": chosen["exact"].get(activity.pk, []),
            "greedy": chosen["greedy"].get(activity.pk, []),
        }
        for activity in selected
    ]


def _encoded(assignments: list[Assignment]) -> str:
    """The plan as one form field ("activity:expert:fit,…"): a hidden field per pair would pass
    Django's limit on the number of fields for a large plan."""
    return ",".join(f"{a.activity_id}:{a.expert_id}:{a.fit:g}" for a in assignments)


def _decoded(raw: str) -> list[Assignment]:
    assignments = []
    for item in filter(None, raw.split(",")):
        try:
            activity_id, expert_id, fit = item.split(":")
            assignments.append(Assignment(int(activity_id), int(expert_id), float(fit)))
        except ValueError:
            raise DomainError(
                _("The plan sent was damaged; plan again."), field="assignments"
            ) from None
    return assignments


@require_GET
@staff_page
def planning(request: HttpRequest) -> HttpResponse:
    """Choose planned activities; with `plan`, plan them both ways and compare."""
    error = None
    activities: list[Activity] = []
    filters = {"action": "", "region": "", "start": "", "end": ""}
    try:
        activities, filters = _planned(request.GET)
    except DomainError as exc:
        error = exc
    too_many = len(activities) > MAX_PLANNED_ACTIVITIES
    activities = activities[:MAX_PLANNED_ACTIVITIES]
    selected = _selected(request.GET, activities)
    comparison, rows = None, []
    if "plan" in request.GET and error is None:
        if selected:
            comparison = plan_activities(selected)
            rows = _rows(selected, comparison)
        else:
            error = DomainError(_("Choose at least one activity to plan."), field="activity")
    back = request.GET.copy()
    back.pop("plan", None)
    return render(
        request,
        "experts/matching/planning.html",
        {
            "nav": "planning",
            "error": error,
            "filters": filters,
            "actions": Action.objects.filter(activities__status=ActivityStatus.PLANNED)
            .distinct()
            .order_by("name"),
            "regions": Region.objects.all(),
            "activities": activities,
            "selected_ids": {activity.pk for activity in selected},
            "too_many": too_many,
            "comparison": comparison,
            "rows": rows,
            "encoded_plan": _encoded(comparison.exact.assignments) if comparison else "",
            "return_to": request.GET.urlencode(),
            "filters_only": back.urlencode(),
        },
    )


def _planning_url(query: str) -> str:
    # Re-encoded, so the posted value can only ever be a query string of this page.
    encoded = QueryDict(query).urlencode()
    url = reverse("experts:planning")
    return f"{url}?{encoded}" if encoded else url


@require_POST
@staff_page
def planning_propose(request: HttpRequest) -> HttpResponse:
    """Propose every pair of the exact plan in one transaction, or none."""
    try:
        assignments = _decoded(request.POST.get("assignments", ""))
        deployments = staffing.propose_plan(actor=request.user, assignments=assignments)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_planning_url(request.POST.get("return_to", "")))
    activities = len({deployment.activity_id for deployment in deployments})
    messages.success(
        request,
        ngettext(
            "The plan is proposed: %(count)d deployment on %(activities)d activities.",
            "The plan is proposed: %(count)d deployments on %(activities)d activities.",
            len(deployments),
        )
        % {"count": len(deployments), "activities": activities},
    )
    return redirect(_planning_url(request.POST.get("filters_only", "")))


urlpatterns = [
    path("activities/<int:activity_id>/experts/", activity_matches, name="activity_matches"),
    path(
        "activities/<int:activity_id>/experts/propose/",
        activity_match_propose,
        name="activity_match_propose",
    ),
    path("planning/", planning, name="planning"),
    path("planning/propose/", planning_propose, name="planning_propose"),
]
