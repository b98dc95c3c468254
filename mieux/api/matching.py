"""Matching experts to activities and planning many activities at once.

Both endpoints are for facility staff (project officers, the programme manager, administrators):
anonymous callers get 401, other identified callers 403. The ranking and the plans come from
`mieux.experts.matching` and `mieux.experts.planning`; these endpoints only validate and shape.
"""

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema

from mieux.api.auth import staff_only
from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, actor_of, authenticated
from mieux.api.params import MAX_ID, Id
from mieux.api.roster_schemas import ExpertInstitutionOut
from mieux.core.errors import DomainError, NotFound
from mieux.experts.matching import Candidate, rank_experts
from mieux.experts.models import Expert, LanguageLevel
from mieux.experts.planning import Plan, plan_activities
from mieux.portfolio.models import Activity, ActivityStatus
from mieux.portfolio.selectors import PortfolioFilter, activity_list

router = Router(tags=["matching"], auth=authenticated)

ERRORS = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 422: ProblemOut}
ONE = {**ERRORS, 404: ProblemOut}

MAX_PLANNED_ACTIVITIES = 2_000
MAX_TIME_LIMIT = 30.0
DEFAULT_TIME_LIMIT = 25.0
ActivityId = Path(..., ge=1, le=MAX_ID, description="The activity's id.")


# --- schemas ------------------------------------------------------------------------------------


class MatchQuery(Schema):
    limit: int = Field(20, ge=1, le=100, description="How many candidates, 1 to 100.")
    minimum_level: str = Field(
        "B2",
        max_length=8,
        description="The lowest command of the activity's language a candidate may have: A1, "
        "A2, B1, B2, C1, C2 or native.",
    )


class LanguageOut(Schema):
    code: str = Field(description="ISO 639-1.")
    level: str = Field(description="A1 to C2, or native.")


class MatchedExpertOut(Schema):
    id: int
    name: str
    institution: ExpertInstitutionOut | None
    country: str | None = Field(description="ISO 3166 alpha-2 of the institution's country.")
    expert_type: str
    languages: list[LanguageOut]


class ExplanationPartOut(Schema):
    criterion: str = Field(
        description="thematic_fit, language, experience, availability, workload, feedback or "
        "country_mix."
    )
    points: float
    max: float = Field(description="0 for the hard constraints (language, availability).")
    detail: str


class MatchOut(Schema):
    expert: MatchedExpertOut
    score: float = Field(description="0 to 100, the sum of the parts' points.")
    explanation: list[ExplanationPartOut]


class MatchListOut(Schema):
    count: int = Field(description="How many experts pass every hard constraint.")
    items: list[MatchOut]


class PlanIn(Schema):
    activity_ids: list[Id] = Field(
        min_length=1,
        max_length=MAX_PLANNED_ACTIVITIES,
        description="Planned activities to staff together (at most 2,000).",
    )
    time_limit: float | None = Field(
        None,
        gt=0,
        le=MAX_TIME_LIMIT,
        description="Seconds the exact solver may take (at most 30, default 25).",
    )


class AssignmentOut(Schema):
    activity_id: int
    expert_id: int
    expert_name: str
    fit: float


class PlanOut(Schema):
    method: str = Field(description="cp-sat (exact) or greedy.")
    total_fit: float
    bound: float | None = Field(description="The proven upper bound on the total fit (cp-sat).")
    optimal: bool
    seconds: float
    assignments: list[AssignmentOut]


class PlanComparisonOut(Schema):
    exact: PlanOut
    greedy: PlanOut
    greedy_gap_percent: float = Field(description="How far greedy falls short of the exact plan.")


# --- helpers ------------------------------------------------------------------------------------


# Checked in authentication, before the parameters: a caller without the role gets a 403
# whatever they send.
STAFF_ONLY = staff_only(gettext_lazy("Only facility staff may match and plan experts."))


def language_level(value: str) -> str:
    """The level as stored ("B2", "native"), or a 400 naming the accepted values."""
    cleaned = value.strip()
    level = cleaned.lower() if cleaned.lower() == LanguageLevel.NATIVE else cleaned.upper()
    if level not in LanguageLevel.values:
        raise DomainError(
            _("Unknown language level “%s”: use A1, A2, B1, B2, C1, C2 or native.") % value,
            field="minimum_level",
        )
    return level


def _expert_out(expert: Expert) -> dict[str, Any]:
    institution = expert.institution
    return {
        "id": expert.pk,
        "name": expert.full_name,
        "institution": (
            {
                "id": institution.pk,
                "name": institution.name,
                "acronym": institution.acronym,
                "country": institution.country,
            }
            if institution
            else None
        ),
        "country": institution.country.iso2 if institution and institution.country else None,
        "expert_type": expert.expert_type,
        "languages": [{"code": lang.code, "level": lang.level} for lang in expert.languages.all()],
    }


def _match_out(candidate: Candidate) -> dict[str, Any]:
    return {
        "expert": _expert_out(candidate.expert),
        "score": candidate.score,
        "explanation": [
            {
                "criterion": part.criterion,
                "points": part.points,
                "max": part.maximum,
                "detail": part.detail,
            }
            for part in candidate.explanation
        ],
    }


def _plan_out(plan: Plan, names: dict[int, str]) -> dict[str, Any]:
    return {
        "method": plan.method,
        "total_fit": plan.total_fit,
        "bound": plan.bound,
        "optimal": plan.optimal,
        "seconds": plan.seconds,
        "assignments": [
            {
                "activity_id": assignment.activity_id,
                "expert_id": assignment.expert_id,
                "expert_name": names.get(assignment.expert_id, ""),
                "fit": assignment.fit,
            }
            for assignment in plan.assignments
        ],
    }


def planned_activities(ids: list[int]) -> list[Activity]:
    """The activities with these ids, in the order given, or a 400 listing the ids that name no
    planned activity."""
    wanted = list(dict.fromkeys(ids))
    found = Activity.objects.filter(pk__in=wanted).select_related("action", "country").in_bulk()
    unknown = [pk for pk in wanted if pk not in found]
    not_planned = [
        pk for pk in wanted if pk in found and found[pk].status != ActivityStatus.PLANNED
    ]
    if unknown or not_planned:
        problems = []
        if unknown:
            problems.append(_("no such activity: %s") % ", ".join(map(str, unknown)))
        if not_planned:
            problems.append(_("not planned: %s") % ", ".join(map(str, not_planned)))
        raise DomainError(
            _("Only planned activities can be planned (%s).") % "; ".join(problems),
            field="activity_ids",
        )
    return [found[pk] for pk in wanted]


# --- endpoints ----------------------------------------------------------------------------------


@router.get(
    "/activities/{activity_id}/expert-matches",
    response={200: MatchListOut, **ONE},
    summary="Experts matched to an activity",
    auth=STAFF_ONLY,
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_match_list_endpoint(
    request: HttpRequest, params: Query[MatchQuery], activity_id: int = ActivityId
) -> dict:
    """Experts who pass the hard constraints (they command the activity's language at
    `minimum_level` or above, are free on its dates and have the days left), best first, each
    with its score and the explanation of the score part by part."""
    user = actor_of(request)
    level = language_level(params.minimum_level)
    activity = activity_list(user, PortfolioFilter()).filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No activity %s.") % activity_id)
    ranking = rank_experts(activity, limit=params.limit, minimum_level=level)
    experts = [candidate.expert for candidate in ranking.candidates]
    prefetch_related_objects(experts, "languages")
    return {"count": ranking.count, "items": [_match_out(c) for c in ranking.candidates]}


@router.post(
    "/plans",
    response={200: PlanComparisonOut, **ERRORS},
    summary="Plan many activities",
    auth=STAFF_ONLY,
    openapi_extra=AUTHENTICATED_ONLY,
)
def plan_create_endpoint(request: HttpRequest, payload: PlanIn) -> dict:
    """Assign experts across planned activities to maximise the total fit under the hard
    constraints (no overlapping deployments, days per year, each activity's team size), exactly
    with CP-SAT within `time_limit`, and greedily beside it. Nothing is saved: propose the plan
    one deployment at a time, or from the planning page in one click. Experts already on an
    activity's team count towards its size."""
    activities = planned_activities(payload.activity_ids)
    time_limit = payload.time_limit if payload.time_limit is not None else DEFAULT_TIME_LIMIT
    comparison = plan_activities(activities, time_limit=time_limit)
    expert_ids = {
        assignment.expert_id
        for plan in (comparison.exact, comparison.greedy)
        for assignment in plan.assignments
    }
    names = dict(Expert.objects.filter(pk__in=expert_ids).values_list("pk", "full_name"))
    return {
        "exact": _plan_out(comparison.exact, names),
        "greedy": _plan_out(comparison.greedy, names),
        "greedy_gap_percent": comparison.greedy_gap_percent,
    }
