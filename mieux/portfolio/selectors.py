"""Reads of the portfolio, shared by the public pages, the API and the benchmarks.

Filters are validated here once, so a page and an endpoint given the same bad value fail the same
way: a `DomainError` naming the field and the value.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from mieux.accounts.models import Role
from mieux.core.errors import DomainError
from mieux.geo.models import Country, Region
from mieux.portfolio.models import (
    Action,
    ActionStatus,
    Activity,
    Measurement,
    Output,
    ResultIndicator,
)
from mieux.taxonomy.models import ThematicArea

MIN_YEAR = 2000
MAX_YEAR = 2100


@dataclass(frozen=True)
class PortfolioFilter:
    """The portfolio's filters, all optional: region code, ISO alpha-2 country, theme code,
    action status and calendar year.

    `region_id` is the region's id, set by `validated()` (which looks the region up anyway), so
    the queries filter on a constant rather than on a sub-select of the code; built without
    validation, a filter looks the region up in a sub-select.
    """

    region: str | None = None
    country: str | None = None
    theme: str | None = None
    status: str | None = None
    year: int | None = None
    region_id: int | None = dataclasses.field(default=None, compare=False, repr=False)

    @classmethod
    def from_params(cls, params: Any) -> "PortfolioFilter":
        """Build from a QueryDict or dict of strings (empty values mean "no filter")."""

        def value(name: str) -> str | None:
            raw = params.get(name)
            return raw.strip() if isinstance(raw, str) and raw.strip() else None

        year = value("year")
        if year is not None and not (year.isdigit() and len(year) == 4):
            raise DomainError(_("Year must be four digits, such as 2017."), field="year")
        return cls(
            region=value("region"),
            country=value("country"),
            theme=value("theme"),
            status=value("status"),
            year=int(year) if year is not None else None,
        ).validated()

    def validated(self) -> "PortfolioFilter":
        """Check every value names something that exists; raise DomainError otherwise.

        Returns the filter with `region_id` set when it names a region."""
        region_id = None
        if self.region is not None:
            # Codes are unique: no ORDER BY (Region's default ordering) for one row.
            found = Region.objects.filter(code=self.region.upper()).order_by().values_list("id")
            if not (region_ids := [row[0] for row in found[:1]]):
                raise DomainError(_("Unknown region “%s”.") % self.region, field="region")
            region_id = region_ids[0]
        if (
            self.country is not None
            and not Country.objects.filter(iso2=self.country.upper()).exists()
        ):
            raise DomainError(
                _("Unknown country “%s”: use an ISO 3166 alpha-2 code such as PE.") % self.country,
                field="country",
            )
        if (
            self.theme is not None
            and not ThematicArea.objects.filter(code=self.theme.upper()).exists()
        ):
            raise DomainError(_("Unknown thematic area “%s”.") % self.theme, field="theme")
        if self.status is not None and self.status not in ActionStatus.values:
            raise DomainError(
                _("Unknown status “%(value)s”: use one of %(choices)s.")
                % {"value": self.status, "choices": ", ".join(ActionStatus.values)},
                field="status",
            )
        if self.year is not None and not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DomainError(
                _("Year must lie between %(min)d and %(max)d.")
                % {"min": MIN_YEAR, "max": MAX_YEAR},
                field="year",
            )
        if region_id is None or region_id == self.region_id:
            return self
        return dataclasses.replace(self, region_id=region_id)

    @property
    def is_empty(self) -> bool:
        return not any((self.region, self.country, self.theme, self.status, self.year))


def _region_id(filters: PortfolioFilter) -> int | Subquery:
    """The region as its id: filtering on `region_id` (not a join on its code) lets the planner
    read the (region, status, start_date) index in order. The id looked up by `validated()`
    when there is one, else a sub-select."""
    if filters.region_id is not None:
        return filters.region_id
    code = filters.region or ""
    # No ORDER BY/LIMIT in the sub-select (codes are unique): with them PostgreSQL gives up
    # parallel plans for the whole query.
    return Subquery(Region.objects.filter(code=code.upper()).order_by().values("id"))


def theme_codes(code: str) -> list[str]:
    """A pillar matches its specific areas too."""
    code = code.upper()
    return [code, *ThematicArea.objects.filter(parent__code=code).values_list("code", flat=True)]


def _action_matches(filters: PortfolioFilter, action_ref: Any, prefix: str = "") -> Q:
    """Conditions on an action: `action_ref` is the OuterRef of its id, `prefix` the path to it
    ("" from an action, "action__" from an activity)."""
    condition = Q()
    if filters.country:
        in_country = Action.countries.through.objects.filter(
            action_id=action_ref, country__iso2=filters.country.upper()
        )
        condition &= Q(Exists(in_country))
    if filters.theme:
        codes = theme_codes(filters.theme)
        in_theme = Action.thematic_areas.through.objects.filter(
            action_id=action_ref, thematicarea__code__in=codes
        )
        # A theme matches the action's pillar or one of its specific areas.
        condition &= Q(**{f"{prefix}pillar__code__in": codes}) | Q(Exists(in_theme))
    return condition


def sees_all(user: Any) -> bool:
    """Staff see every action, public or not."""
    return user is not None and bool(getattr(user, "is_staff", False))


def _visibility(user: Any, action_ref: Any, prefix: str = "") -> Q | None:
    """Who sees which actions: staff every one (None: no condition); a partner focal point also
    its own institutions' actions, public or not; everyone else the public ones.

    A subquery rather than a lookup of the user's institutions, so a page costs no extra query.
    """
    if sees_all(user):
        return None
    condition = Q(**{f"{prefix}is_public": True})
    if user is not None and getattr(user, "is_authenticated", False):
        own = Action.partner_institutions.through.objects.filter(
            action_id=action_ref,
            institution__memberships__user_id=user.pk,
            institution__memberships__role=Role.PARTNER_FOCAL_POINT,
        )
        condition |= Q(Exists(own))
    return condition


def visible_actions(user: Any) -> QuerySet[Action]:
    """Actions the user may see (see `_visibility`)."""
    condition = _visibility(user, OuterRef("pk"))
    actions = Action.objects.all()
    return actions if condition is None else actions.filter(condition)


def filter_actions(actions: QuerySet[Action], filters: PortfolioFilter) -> QuerySet[Action]:
    if filters.region:
        actions = actions.filter(region_id=_region_id(filters))
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.year:
        # Active at some point in the year: started by its end, not finished before its start.
        actions = actions.filter(start_date__lte=datetime.date(filters.year, 12, 31)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(filters.year, 1, 1))
        )
    if filters.country or filters.theme:
        actions = actions.filter(_action_matches(filters, OuterRef("pk")))
    return actions


def ordered_actions(user: Any, filters: PortfolioFilter) -> QuerySet[Action]:
    """Filtered visible actions in portfolio order (newest first), nothing joined or prefetched:
    the base of `action_list`, and what the API reads as rows of `ACTION_ROW_FIELDS`."""
    return filter_actions(visible_actions(user), filters).order_by("-start_date", "id")


def action_list(user: Any, filters: PortfolioFilter) -> QuerySet[Action]:
    """Filtered actions with what a list shows, in portfolio order (newest first)."""
    return (
        ordered_actions(user, filters)
        .select_related("region", "pillar")
        .prefetch_related("countries", "thematic_areas")
    )


# --- lists as plain rows ----------------------------------------------------------------------
# The API's lists read a page as plain rows of just the columns an item shows, not model
# instances: for a page of 20 actions, building ~130 instances and Django's two prefetches cost
# several times the page's queries themselves (docs/benchmarks.md, "Findings"). Actions: rows of
# `ACTION_ROW_FIELDS` (region and pillar joined), read in SQL by `action_page.action_page` with
# the same meaning as `ordered_actions`, then `action_page.action_list_links` for the countries
# and areas of the rows shown. Activities: `activity_list` read as `ACTIVITY_ROW_FIELDS`
# (action, type and country joined; the country's fields are None for an activity without
# one), one query a page.

NAME_FIELDS = ("name_en", "name_es", "name_pt", "name_fr")


def _named(relation: str, key: str) -> tuple[str, ...]:
    return (f"{relation}__{key}", *(f"{relation}__{name}" for name in NAME_FIELDS))


ACTION_ROW_FIELDS = (
    "id",
    "slug",
    "name",
    "title",
    "language",
    "translations",
    "status",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "is_public",
    *_named("region", "code"),
    *_named("pillar", "code"),
)

ACTIVITY_ROW_FIELDS = (
    "id",
    "title",
    "description",
    "status",
    "start_date",
    "end_date",
    "city",
    "is_virtual",
    "language",
    "participants_total",
    "participants_female",
    "participants_male",
    "action__slug",
    "action__name",
    *_named("activity_type", "code"),
    *_named("country", "iso2"),
)


def action_detail(user: Any, slug: str) -> Action | None:
    return (
        visible_actions(user)
        .select_related("region", "pillar")
        .prefetch_related(
            "countries",
            "thematic_areas__parent",
            "partner_institutions__country",
            "gcm_objectives",
            "sectors",
            "activities__activity_type",
            "activities__country",
            "outputs__output_type",
            "outputs__adopted_by",
            "indicators__measurements",
        )
        .filter(slug=slug)
        .first()
    )


def activity_list(user: Any, filters: PortfolioFilter) -> QuerySet[Activity]:
    """Activities of visible actions; `year` means the year the activity started.

    `status` filters the actions' status, as for the action list.
    """
    activities = Activity.objects.all()
    visibility = _visibility(user, OuterRef("action_id"), prefix="action__")
    if visibility is not None:
        activities = activities.filter(visibility)
    if filters.region:
        activities = activities.filter(action__region_id=_region_id(filters))
    if filters.status:
        activities = activities.filter(action__status=filters.status)
    if filters.year:
        activities = activities.filter(
            start_date__gte=datetime.date(filters.year, 1, 1),
            start_date__lte=datetime.date(filters.year, 12, 31),
        )
    if filters.country or filters.theme:
        activities = activities.filter(
            _action_matches(filters, OuterRef("action_id"), prefix="action__")
        )
    return activities.select_related("action", "activity_type", "country").order_by(
        "start_date", "id"
    )


def output_list(user: Any, filters: PortfolioFilter) -> QuerySet[Output]:
    actions = filter_actions(visible_actions(user), filters)
    return (
        Output.objects.filter(action__in=actions.values("pk"))
        .select_related("action", "output_type", "adopted_by")
        .order_by("action_id", "id")
    )


def workspace_activities(action: Action) -> QuerySet[Activity]:
    """Every activity of an action for the workspace (staff see them all), in date order."""
    return action.activities.select_related("activity_type", "country").order_by("start_date", "id")


def workspace_outputs(action: Action) -> QuerySet[Output]:
    """Every output of an action for the workspace, in the order they were recorded."""
    return action.outputs.select_related("output_type", "adopted_by").order_by("id")


def workspace_indicators(action: Action) -> QuerySet[ResultIndicator]:
    """Every result indicator of an action with its measurements (oldest first), for the
    workspace."""
    measurements = Measurement.objects.order_by("measured_on", "id")
    return action.indicators.prefetch_related(Prefetch("measurements", queryset=measurements))
