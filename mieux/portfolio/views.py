"""Public pages, server-rendered. Every read goes through `mieux.portfolio.selectors`.

Views only gather what a template shows; filtering, visibility and ordering live in the selectors so
the pages and the API agree. Each page runs a fixed number of queries whatever the data size.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mieux.core.errors import DomainError
from mieux.geo.models import Country, Region
from mieux.portfolio.models import (
    Action,
    ActionStatus,
    ActivityStatus,
    IndicatorKind,
    Measurement,
    OutputStatus,
    ResultIndicator,
)
from mieux.portfolio.selectors import (
    MAX_YEAR,
    PortfolioFilter,
    action_detail,
    action_list,
    activity_list,
    output_list,
    visible_actions,
)
from mieux.taxonomy.models import ThematicArea

HORIZONTAL_PILLAR_CODE = "HO"


@dataclass(frozen=True)
class Bar:
    """One row of an HTML bar list: a label, its count and the bar's width in percent."""

    label: str
    count: int
    percent: int
    url: str = ""


def bar_percent(count: int, largest: int) -> int:
    """The bar's width in steps of 5 %: the page sets it with a CSS class (`bar-w-<percent>`),
    since the content security policy forbids inline styles."""
    return 5 * round(count * 20 / largest) if largest else 0


def bars(rows: list[tuple[str, int, str]]) -> list[Bar]:
    """Bars for (label, count, url) rows, widest first, scaled to the largest count."""
    largest = max((count for _label, count, _url in rows), default=0)
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    return [Bar(label, count, bar_percent(count, largest), url) for label, count, url in ordered]


def activities_per_year(activities: QuerySet) -> list[Bar]:
    """Activity counts per start year, in year order (one query)."""
    rows = (
        activities.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("year")
    )
    counts = [(str(row["year"]), row["count"]) for row in rows]
    largest = max((count for _year, count in counts), default=0)
    return [Bar(year, count, bar_percent(count, largest)) for year, count in counts]


def officials_trained(actions: QuerySet[Action]) -> int:
    """Sum of the latest measurement of every 'officials trained' indicator of the actions."""
    latest = (
        Measurement.objects.filter(indicator=OuterRef("pk"))
        .order_by("-measured_on", "-id")
        .values("value")[:1]
    )
    values = (
        ResultIndicator.objects.filter(
            kind=IndicatorKind.OFFICIALS_TRAINED, action__in=actions.values("pk")
        )
        .annotate(latest=Subquery(latest))
        .values_list("latest", flat=True)
    )
    return int(sum(value for value in values if value is not None))


def home(request: HttpRequest) -> HttpResponse:
    public_actions = visible_actions(None)
    no_filter = PortfolioFilter()
    figures = {
        "actions": public_actions.count(),
        "activities": activity_list(None, no_filter)
        .filter(status=ActivityStatus.DELIVERED)
        .count(),
        "countries": Country.objects.filter(actions__in=public_actions.values("pk"))
        .distinct()
        .count(),
        "outputs_adopted": output_list(None, no_filter).filter(status=OutputStatus.ADOPTED).count(),
        "officials_trained": officials_trained(public_actions),
    }
    return render(
        request,
        "portfolio/home.html",
        {"nav": "home", "figures": figures, "regions": regions_with_counts(request.user)},
    )


def regions_with_counts(user: Any) -> list[Region]:
    """All regions, each with `action_count`: the actions the user may see there (two queries)."""
    counts = dict(
        visible_actions(user)
        .order_by()
        .values_list("region_id")
        .annotate(count=Count("id"))
        .values_list("region_id", "count")
    )
    regions = list(Region.objects.all())
    for region in regions:
        region.action_count = counts.get(region.pk, 0)  # type: ignore[attr-defined]
    return regions


def filter_options(user: Any, filters: PortfolioFilter | None) -> dict[str, Any]:
    """Choices for the portfolio's filter form, named in the active language (four queries)."""
    visible = visible_actions(user)
    selected_country = (filters.country or "").upper() if filters else ""
    countries = sorted(
        Country.objects.filter(
            Q(actions__in=visible.values("pk")) | Q(iso2=selected_country)
        ).distinct(),
        key=lambda country: country.name.casefold(),
    )
    areas = list(ThematicArea.objects.all())
    pillars = [area for area in areas if area.parent_id is None]
    themes = [
        (pillar, [area for area in areas if area.parent_id == pillar.pk]) for pillar in pillars
    ]
    span = visible.aggregate(
        first=Min("start_date"), last_start=Max("start_date"), last_end=Max("end_date")
    )
    years: list[int] = []
    if span["first"] is not None:
        last = max(
            span["last_start"].year,
            span["last_end"].year if span["last_end"] else 0,
            datetime.date.today().year,  # noqa: DTZ011 - a calendar year, the zone does not matter
        )
        years = list(range(min(last, MAX_YEAR), span["first"].year - 1, -1))
    return {
        "regions": list(Region.objects.all()),
        "countries": countries,
        "themes": themes,
        "statuses": ActionStatus.choices,
        "years": years,
    }


def action_list_page(request: HttpRequest) -> HttpResponse:
    error: DomainError | None = None
    filters: PortfolioFilter | None = None
    try:
        filters = PortfolioFilter.from_params(request.GET)
    except DomainError as exc:
        error = exc
    page = None
    page_range: list[Any] = []
    if filters is not None:
        paginator = Paginator(action_list(request.user, filters), settings.PORTFOLIO_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    selected = {
        name: (request.GET.get(name) or "").strip()
        for name in ("region", "country", "theme", "status", "year")
    }
    context = {
        "nav": "portfolio",
        "error": error,
        "filters": filters,
        "selected": selected,
        "page": page,
        "page_range": page_range,
        "options": filter_options(request.user, filters),
    }
    return render(request, "portfolio/action_list.html", context, status=400 if error else 200)


def action_page(request: HttpRequest, slug: str) -> HttpResponse:
    action = action_detail(request.user, slug)
    if action is None:
        raise Http404(_("No such action."))
    areas = list(action.thematic_areas.all())
    indicators = list(action.indicators.all())
    context = {
        "nav": "portfolio",
        "action": action,
        "countries": list(action.countries.all()),
        "institutions": list(action.partner_institutions.all()),
        "specific_areas": [area for area in areas if area.pk != action.pillar_id],
        "gcm_objectives": list(action.gcm_objectives.all()),
        "activities": list(action.activities.all()),
        "outputs": list(action.outputs.all()),
        "indicators": [(indicator, indicator.latest_value) for indicator in indicators],
    }
    return render(request, "portfolio/action_detail.html", context)


def country_page(request: HttpRequest, iso2: str) -> HttpResponse:
    if iso2 != iso2.upper():
        return HttpResponsePermanentRedirect(
            reverse("portfolio:country_detail", args=[iso2.upper()])
        )
    country = (
        Country.objects.select_related("region")
        .prefetch_related("groupings")
        .filter(iso2=iso2)
        .first()
    )
    if country is None:
        raise Http404(_("No such country."))
    filters = PortfolioFilter(country=country.iso2)
    context = {
        "nav": "regions",
        "country": country,
        "groupings": list(country.groupings.all()),
        "actions": list(action_list(request.user, filters)),
        "activities_per_year": activities_per_year(activity_list(request.user, filters)),
    }
    return render(request, "portfolio/country_detail.html", context)


def region_list_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portfolio/region_list.html",
        {"nav": "regions", "regions": regions_with_counts(request.user)},
    )


def region_page(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper():
        return HttpResponsePermanentRedirect(
            reverse("portfolio:region_detail", args=[code.upper()])
        )
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("No such region."))
    filters = PortfolioFilter(region=region.code)
    actions = list(action_list(request.user, filters))
    areas = {area.pk: area for area in ThematicArea.objects.all()}
    horizontal = next(
        (area for area in areas.values() if area.code == HORIZONTAL_PILLAR_CODE), None
    )

    country_counts: Counter[Country] = Counter()
    pillar_counts: Counter[ThematicArea] = Counter()
    horizontal_counts: Counter[ThematicArea] = Counter()
    for action in actions:
        country_counts.update(c for c in action.countries.all() if c.region_id == region.pk)
        pillar_counts[areas.get(action.pillar_id, action.pillar)] += 1
        if horizontal is not None:
            horizontal_counts.update(
                {area for area in action.thematic_areas.all() if area.parent_id == horizontal.pk}
            )
    portfolio_url = reverse("portfolio:action_list")
    context = {
        "nav": "regions",
        "region": region,
        "actions": actions,
        "countries": sorted(
            country_counts.items(), key=lambda item: (-item[1], item[0].name.casefold())
        ),
        "activities_per_year": activities_per_year(activity_list(request.user, filters)),
        "pillar_bars": bars(
            [
                (area.name, count, f"{portfolio_url}?region={region.code}&theme={area.code}")
                for area, count in pillar_counts.items()
            ]
        ),
        "horizontal_bars": bars(
            [
                (area.name, count, f"{portfolio_url}?region={region.code}&theme={area.code}")
                for area, count in horizontal_counts.items()
            ]
        ),
    }
    return render(request, "portfolio/region_detail.html", context)
