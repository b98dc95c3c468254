"""Countries, facility regions and groupings: complete lists (bounded vocabularies; `next` is
always null)."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from mieux.api.errors import ProblemOut
from mieux.api.params import COUNTRY_PATTERN, CountryListQuery, LanguageQuery
from mieux.api.schemas import CountryListOut, CountryOut, GroupingListOut, RegionListOut
from mieux.core.errors import DomainError, NotFound
from mieux.geo.models import Country, Grouping, Region

router = Router(tags=["geo"])

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}


def _countries() -> QuerySet[Country]:
    return Country.objects.select_related("region").prefetch_related(
        Prefetch("groupings", queryset=Grouping.objects.order_by("code"))
    )


@router.get("/regions", response={200: RegionListOut, **ERRORS}, summary="Facility regions")
def region_list(request: HttpRequest, params: Query[LanguageQuery]) -> dict:
    """The facility's regions, each with the number of countries in it."""
    regions = list(
        Region.objects.annotate(countries_count=Count("countries")).order_by("sort_order", "code")
    )
    return {"count": len(regions), "items": regions}


@router.get("/groupings", response={200: GroupingListOut, **ERRORS}, summary="Groupings")
def grouping_list(request: HttpRequest, params: Query[LanguageQuery]) -> dict:
    """Regional integration bodies and sub-regions, with their member countries (ISO alpha-2)."""
    groupings = list(
        Grouping.objects.select_related("region").prefetch_related(
            Prefetch("members", queryset=Country.objects.order_by("iso2"))
        )
    )
    return {"count": len(groupings), "items": groupings}


@router.get("/countries", response={200: CountryListOut, **ERRORS}, summary="Countries")
def country_list(request: HttpRequest, params: Query[CountryListQuery]) -> dict:
    """ISO 3166 countries, optionally those of one facility region or one grouping.

    An unknown region or grouping code is a 400 `invalid_input` naming the field."""
    countries = _countries()
    if params.region is not None:
        region = Region.objects.filter(code=params.region.upper()).first()
        if region is None:
            raise DomainError(_("Unknown region “%s”.") % params.region, field="region")
        countries = countries.filter(region=region)
    if params.grouping is not None:
        grouping = Grouping.objects.filter(code__iexact=params.grouping).first()
        if grouping is None:
            raise DomainError(_("Unknown grouping “%s”.") % params.grouping, field="grouping")
        countries = countries.filter(groupings=grouping)
    items = list(countries.order_by("name_en", "iso2"))
    return {"count": len(items), "items": items}


@router.get(
    "/countries/{iso2}",
    response={200: CountryOut, 404: ProblemOut, **ERRORS},
    summary="One country",
)
def country_detail(
    request: HttpRequest,
    params: Query[LanguageQuery],
    iso2: str = Path(..., pattern=COUNTRY_PATTERN, max_length=2, description="e.g. PE"),
) -> Country:
    """A country by its ISO 3166-1 alpha-2 code (case-insensitive)."""
    country = _countries().filter(iso2=iso2.upper()).first()
    if country is None:
        raise NotFound(_("No country with the code “%s”.") % iso2)
    return country
