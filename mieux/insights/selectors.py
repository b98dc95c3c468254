"""Reads of the migration context data and the figures computed from it.

Each figure reads one release: the one given, or the latest that carries the indicator (the
newest DESA edition for stocks and populations; UNHCR for refugees by origin).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from mieux.geo.models import Country, Region
from mieux.insights.models import Indicator, Observation, Release, Sex

WORLD_CODE = "900"  # UN M49


def latest_release(indicator: str) -> Release | None:
    """The newest release with observations of `indicator`: the one whose edition names the
    latest year (DESA "Rev.2020" before "Rev.2019")."""
    releases = Release.objects.filter(
        pk__in=Observation.objects.filter(indicator=indicator).values("release")
    )
    return max(releases, key=_edition_year, default=None)


def _edition_year(release: Release) -> int:
    digits = "".join(character if character.isdigit() else " " for character in release.edition)
    years = [int(part) for part in digits.split() if len(part) == 4]
    return max(years, default=0)


def _release(indicator: str, release: Release | None) -> Release | None:
    return release if release is not None else latest_release(indicator)


def observations(
    release: Release, indicator: str, *, sex: str = Sex.TOTAL
) -> QuerySet[Observation]:
    return Observation.objects.filter(release=release, indicator=indicator, sex=sex)


def value_of(
    country: Country,
    year: int,
    indicator: str,
    *,
    sex: str = Sex.TOTAL,
    release: Release | None = None,
) -> float | None:
    """The figure for a country with no origin, or None when the release has none."""
    chosen = _release(indicator, release)
    if chosen is None:
        return None
    return (
        observations(chosen, indicator, sex=sex)
        .filter(country=country, year=year, origin_code="")
        .values_list("value", flat=True)
        .first()
    )


def average_annual_growth(first: float, first_year: int, last: float, last_year: int) -> float:
    """(last / first) ** (1 / years) - 1, as a fraction per year."""
    if last_year <= first_year:
        raise ValueError("the last year must come after the first")
    if first <= 0:
        raise ValueError("growth is undefined from zero")
    return float((last / first) ** (1 / (last_year - first_year)) - 1)


def percentage_change(first: float, last: float) -> float:
    """(last - first) / first * 100."""
    if first == 0:
        raise ValueError("a change from zero has no percentage")
    return (last - first) / first * 100


def country_growth(
    country: Country,
    indicator: str,
    first_year: int,
    last_year: int,
    *,
    sex: str = Sex.TOTAL,
    release: Release | None = None,
) -> float | None:
    """A country's average annual growth of an indicator between two years, or None."""
    chosen = _release(indicator, release)
    first = value_of(country, first_year, indicator, sex=sex, release=chosen)
    last = value_of(country, last_year, indicator, sex=sex, release=chosen)
    if first is None or last is None or first <= 0:
        return None
    return average_annual_growth(first, first_year, last, last_year)


def country_change(
    country: Country,
    indicator: str,
    first_year: int,
    last_year: int,
    *,
    sex: str = Sex.TOTAL,
    release: Release | None = None,
) -> float | None:
    """A country's percentage change of an indicator between two years, or None."""
    chosen = _release(indicator, release)
    first = value_of(country, first_year, indicator, sex=sex, release=chosen)
    last = value_of(country, last_year, indicator, sex=sex, release=chosen)
    if first is None or last is None or first == 0:
        return None
    return percentage_change(first, last)


@dataclass(frozen=True)
class RegionFigure:
    total: float
    world: float
    country_count: int

    @property
    def share(self) -> float | None:
        """The region's percentage of the world's figure."""
        return self.total / self.world * 100 if self.world else None


def region_total(
    region: Region,
    year: int,
    indicator: str,
    *,
    sex: str = Sex.TOTAL,
    release: Release | None = None,
) -> RegionFigure | None:
    """The sum over the facility region's countries, and its share of the world: the source's
    WORLD row (M49 900) where it has one, else the sum over every country. Counts only: a
    percentage indicator does not add up."""
    if indicator == Indicator.MIGRANT_SHARE:
        raise ValueError("percentages do not add up over countries")
    chosen = _release(indicator, release)
    if chosen is None:
        return None
    rows = observations(chosen, indicator, sex=sex).filter(year=year, origin_code="")
    in_region = rows.filter(country__region=region).aggregate(
        total=Sum("value"), countries=Count("id")
    )
    world_row = (
        rows.filter(area_code=WORLD_CODE, country__isnull=True)
        .values_list("value", flat=True)
        .first()
    )
    world = (
        world_row
        if world_row is not None
        else rows.filter(country__isnull=False).aggregate(total=Sum("value"))["total"]
    )
    return RegionFigure(
        total=in_region["total"] or 0.0,
        world=world or 0.0,
        country_count=in_region["countries"] or 0,
    )


@dataclass(frozen=True)
class Flow:
    code: str
    name: str
    country_id: int | None
    value: float


FLOW_INDICATORS = (Indicator.REFUGEES, Indicator.ASYLUM_SEEKERS)


def _top_flows(
    observations: "QuerySet[Observation]", group: tuple[str, str, str], limit: int
) -> list[Flow]:
    """The largest sums of `observations` per (code, name, country) `group`, largest first."""
    code, name, country = group
    rows = (
        observations.values(code, name, country)
        .annotate(total=Sum("value"))
        .order_by("-total", code)[:limit]
    )
    return [Flow(row[code], row[name], row[country], row["total"]) for row in rows]


def top_origins(
    destination: Country,
    year: int,
    *,
    indicators: Sequence[str] = FLOW_INDICATORS,
    limit: int = 10,
    release: Release | None = None,
) -> list[Flow]:
    """The origins with the most people hosted by `destination` in `year`, largest first."""
    chosen = _release(indicators[0], release)
    if chosen is None:
        return []
    observations = Observation.objects.filter(
        release=chosen, indicator__in=indicators, country=destination, year=year
    ).exclude(origin_code="")
    return _top_flows(observations, ("origin_code", "origin_name", "origin_country"), limit)


def top_destinations(
    origin: Country,
    year: int,
    *,
    indicators: Sequence[str] = FLOW_INDICATORS,
    limit: int = 10,
    release: Release | None = None,
) -> list[Flow]:
    """The destinations hosting the most people from `origin` in `year`, largest first."""
    chosen = _release(indicators[0], release)
    if chosen is None:
        return []
    observations = Observation.objects.filter(
        origin_country=origin, release=chosen, indicator__in=indicators, year=year
    )
    return _top_flows(observations, ("area_code", "area_name", "country"), limit)
