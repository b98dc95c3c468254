"""Actions, activities and outputs, through the portfolio selectors (filters and visibility live
there: anonymous callers and partners see public actions, staff see all)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from mieux.api import pagination
from mieux.api.auth import caller
from mieux.api.errors import ProblemOut
from mieux.api.params import SLUG_PATTERN, LanguageQuery, PortfolioQuery
from mieux.api.schemas import ActionDetailOut, ActionListOut, ActivityListOut, OutputListOut
from mieux.core.errors import NotFound
from mieux.core.models import LANGUAGE_CODES, active_language
from mieux.portfolio.action_page import action_list_links, action_page
from mieux.portfolio.models import Action, period_label, translated_text
from mieux.portfolio.selectors import (
    ACTIVITY_ROW_FIELDS,
    PortfolioFilter,
    action_detail,
    activity_list,
    output_list,
)

router = Router(tags=["portfolio"])

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}


def _filters(params: PortfolioQuery) -> PortfolioFilter:
    """Validated by the selector: an unknown code is a DomainError naming the field (400)."""
    return PortfolioFilter.from_params(params.filter_params())


# The lists' items are built here from the selectors' plain rows (`values()`), as dicts of the
# final values that `RowSchema` validates natively: the same JSON as the schemas' resolvers give
# for model instances (the list item's shape is tested against the detail's), at a fraction of
# the cost. Names follow the active language like `TranslatedNameModel.name`.


def _name(names: tuple[str, ...] | list[Any], language_index: int) -> str:
    """`names` is (name_en, name_es, name_pt, name_fr): the one asked for, else English."""
    return names[language_index] or names[0]


def _row_names(row: dict[str, Any], relation: str) -> tuple[str, ...]:
    return tuple(row[f"{relation}__name_{code}"] for code in LANGUAGE_CODES)


def _action_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Action list items: the rows with their countries and thematic areas (two queries)."""
    language = active_language()
    index = LANGUAGE_CODES.index(language)
    links = action_list_links([row["id"] for row in rows])
    return [
        {
            "slug": row["slug"],
            "name": row["name"],
            "title": translated_text(
                row["title"],
                "title",
                original_language=row["language"],
                translations=row["translations"],
                language=language,
            ),
            "region": {
                "code": row["region__code"],
                "name": _name(_row_names(row, "region"), index),
            },
            "countries": [
                {"iso2": code, "name": _name(names, index)}
                for code, *names in links.countries.get(row["id"], ())
            ],
            "pillar": {
                "code": row["pillar__code"],
                "name": _name(_row_names(row, "pillar"), index),
            },
            "thematic_areas": [
                {"code": code, "name": _name(names, index)}
                for code, *names in links.thematic_areas.get(row["id"], ())
            ],
            "status": row["status"],
            "start_date": row["start_date"],
            "start_precision": row["start_precision"],
            "end_date": row["end_date"],
            "end_precision": row["end_precision"],
            "period_label": period_label(row["start_date"], row["end_date"]),
            "is_public": row["is_public"],
        }
        for row in rows
    ]


def _activity_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Activity list items: everything is in the rows already (no query)."""
    index = LANGUAGE_CODES.index(active_language())
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "description": row["description"],
            "activity_type": {
                "code": row["activity_type__code"],
                "name": _name(_row_names(row, "activity_type"), index),
            },
            "status": row["status"],
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "city": row["city"],
            "country": None
            if row["country__iso2"] is None
            else {"iso2": row["country__iso2"], "name": _name(_row_names(row, "country"), index)},
            "is_virtual": row["is_virtual"],
            "language": row["language"],
            "participants_total": row["participants_total"],
            "participants_female": row["participants_female"],
            "participants_male": row["participants_male"],
            "action": {"slug": row["action__slug"], "name": row["action__name"]},
        }
        for row in rows
    ]


@router.get("/actions", response={200: ActionListOut, **ERRORS}, summary="Actions")
def action_list_endpoint(request: HttpRequest, params: Query[PortfolioQuery]) -> dict:
    """Actions, newest first (start date descending, then id), one page at a time.

    Follow `next` (pass it as `cursor`) until it is null. `count` is the number of actions
    matching the filters. Filters combine with AND."""
    keyset = pagination.ACTIONS
    after = None if params.cursor is None else pagination.decode_cursor(keyset, params.cursor)
    count, rows = action_page(
        caller(request), _filters(params), after=after, limit=params.limit + 1
    )
    page = pagination.page_of(rows, keyset, limit=params.limit, count=count)
    return {"count": page.count, "next": page.next, "items": _action_items(page.items)}


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
        activities,
        pagination.ACTIVITIES,
        limit=params.limit,
        cursor=params.cursor,
        fields=ACTIVITY_ROW_FIELDS,
    )
    return {"count": page.count, "next": page.next, "items": _activity_items(page.items)}


@router.get("/outputs", response={200: OutputListOut, **ERRORS}, summary="Outputs")
def output_list_endpoint(request: HttpRequest, params: Query[PortfolioQuery]) -> dict:
    """Outputs of the visible actions matching the filters, by action then id."""
    outputs = output_list(caller(request), _filters(params))
    page = pagination.paginate(
        outputs, pagination.OUTPUTS, limit=params.limit, cursor=params.cursor
    )
    return {"count": page.count, "next": page.next, "items": page.items}
