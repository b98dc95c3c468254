"""Vocabularies: thematic areas (pillars and their areas), GCM objectives, DAC sectors, activity
and output types. Complete lists (bounded vocabularies, no paging)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from mieux.api.errors import ProblemOut
from mieux.api.params import THEME_PATTERN, LanguageQuery
from mieux.api.schemas import (
    GCMObjectiveListOut,
    SectorListOut,
    ThematicAreaListOut,
    ThematicAreaOut,
    VocabularyListOut,
)
from mieux.core.errors import NotFound
from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, Sector, ThematicArea

router = Router(tags=["taxonomy"])

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}


def _thematic_areas() -> QuerySet[ThematicArea]:
    return ThematicArea.objects.select_related("parent").prefetch_related("children")


@router.get(
    "/thematic-areas", response={200: ThematicAreaListOut, **ERRORS}, summary="Thematic areas"
)
def thematic_area_list(request: HttpRequest, params: Query[LanguageQuery]) -> dict:
    """The five pillars (IMT, LM, IP, MD, HO) and their specific areas (IMT-THB…), in display
    order; an area names its `pillar`, a pillar lists its `children`."""
    areas = list(_thematic_areas())
    return {"count": len(areas), "items": areas}


@router.get(
    "/thematic-areas/{code}",
    response={200: ThematicAreaOut, 404: ProblemOut, **ERRORS},
    summary="One thematic area",
)
def thematic_area_detail(
    request: HttpRequest,
    params: Query[LanguageQuery],
    code: str = Path(..., pattern=THEME_PATTERN, max_length=16, description="e.g. IMT-THB"),
) -> ThematicArea:
    area = _thematic_areas().filter(code=code.upper()).first()
    if area is None:
        raise NotFound(_("No thematic area with the code “%s”.") % code)
    return area


@router.get(
    "/gcm-objectives", response={200: GCMObjectiveListOut, **ERRORS}, summary="GCM objectives"
)
def gcm_objective_list(request: HttpRequest) -> dict:
    """The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration."""
    objectives = list(GCMObjective.objects.all())
    return {"count": len(objectives), "items": objectives}


@router.get("/sectors", response={200: SectorListOut, **ERRORS}, summary="DAC sectors")
def sector_list(request: HttpRequest) -> dict:
    """DAC 5-digit sector codes (IATI Sector codelist); 15190 is migration."""
    sectors = list(Sector.objects.all())
    return {"count": len(sectors), "items": sectors}


@router.get(
    "/activity-types", response={200: VocabularyListOut, **ERRORS}, summary="Activity types"
)
def activity_type_list(request: HttpRequest, params: Query[LanguageQuery]) -> dict:
    types = list(ActivityType.objects.all())
    return {"count": len(types), "items": types}


@router.get("/output-types", response={200: VocabularyListOut, **ERRORS}, summary="Output types")
def output_type_list(request: HttpRequest, params: Query[LanguageQuery]) -> dict:
    types = list(OutputType.objects.all())
    return {"count": len(types), "items": types}
