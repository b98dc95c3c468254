"""Actions, activities and outputs, through the portfolio selectors (filters and visibility live
there: anonymous callers and partners see public actions, staff see all)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from mieux.api import pagination
from mieux.api.auth import caller
from mieux.api.errors import ProblemOut
from mieux.api.params import SLUG_PATTERN, LanguageQuery, PortfolioQuery
from mieux.api.schemas import ActionDetailOut, ActionListOut, ActivityListOut, OutputListOut
from mieux.core.errors import NotFound
from mieux.portfolio.models import Action
from mieux.portfolio.selectors import (
    PortfolioFilter,
    action_detail,
    action_list,
    activity_list,
    output_list,
)

router = Router(tags=["portfolio"])

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}


def _filters(params: PortfolioQuery) -> PortfolioFilter:
    """Validated by the selector: an unknown code is a DomainError naming the field (400)."""
    return PortfolioFilter.from_params(params.filter_params())


@router.get("/actions", response={200: ActionListOut, **ERRORS}, summary="Actions")
def action_list_endpoint(request: HttpRequest, params: Query[PortfolioQuery]) -> dict:
    """Actions, newest first (start date descending, then id), one page at a time.

    Follow `next` (pass it as `cursor`) until it is null. `count` is the number of actions
    matching the filters. Filters combine with AND."""
    actions = action_list(caller(request), _filters(params))
    page = pagination.paginate(
        actions, pagination.ACTIONS, limit=params.limit, cursor=params.cursor
    )
    return {"count": page.count, "next": page.next, "items": page.items}


@router.get(
    "/actions/{slug}",
    response={200: ActionDetailOut, 404: ProblemOut, **ERRORS},
    summary="One action",
)
def action_detail_endpoint(
    request: HttpRequest,
    params: Query[LanguageQuery],
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=100, description="e.g. peru-iii"),
) -> Action:
    """An action by its slug, with its activities, outputs and result indicators.

    A non-public action is a 404 for callers who may not see it."""
    action = action_detail(caller(request), slug)
    if action is None:
        raise NotFound(_("No action with the slug “%s”.") % slug)
    return action


@router.get("/activities", response={200: ActivityListOut, **ERRORS}, summary="Activities")
def activity_list_endpoint(request: HttpRequest, params: Query[PortfolioQuery]) -> dict:
    """Activities of the visible actions, earliest first (start date, then id).

    `region`, `country`, `theme` and `status` apply to the activity's action; `year` is the
    year the activity started."""
    activities = activity_list(caller(request), _filters(params))
    page = pagination.paginate(
        activities, pagination.ACTIVITIES, limit=params.limit, cursor=params.cursor
    )
    return {"count": page.count, "next": page.next, "items": page.items}


@router.get("/outputs", response={200: OutputListOut, **ERRORS}, summary="Outputs")
def output_list_endpoint(request: HttpRequest, params: Query[PortfolioQuery]) -> dict:
    """Outputs of the visible actions matching the filters, by action then id."""
    outputs = output_list(caller(request), _filters(params))
    page = pagination.paginate(
        outputs, pagination.OUTPUTS, limit=params.limit, cursor=params.cursor
    )
    return {"count": page.count, "next": page.next, "items": page.items}
