"""The expert roster: profiles for facility staff and for the expert themself.

Contact data (e-mail, CV, unavailable periods) is personal data: only facility staff (project
officers, the programme manager, administrators) and the expert whose profile it is may read a
profile. Anyone else gets a 404, as if the profile did not exist; the roster list is staff-only
(403 for other identified callers). Anonymous callers get 401 everywhere.
"""

import mimetypes
import posixpath
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router

from mieux.accounts.models import Institution
from mieux.api import pagination
from mieux.api.auth import staff_only
from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, actor_of, authenticated
from mieux.api.params import MAX_ID
from mieux.api.roster_schemas import (
    ExpertListOut,
    ExpertListQuery,
    ExpertOut,
    ExpertPatchIn,
)
from mieux.core.errors import DomainError, NotFound
from mieux.experts import policies, profiles, services
from mieux.experts.models import (
    Deployment,
    Expert,
    ExpertStatus,
)
from mieux.experts.selectors import RosterFilter, filter_roster
from mieux.geo.models import Country, Region
from mieux.taxonomy.models import ThematicArea

router = Router(tags=["experts"], auth=authenticated)

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}
ONE = {**ERRORS, 403: ProblemOut, 404: ProblemOut}
ExpertId = Path(..., ge=1, le=MAX_ID, description="The expert's id.")


def _name_value(raw: Any) -> str:
    if not isinstance(raw, str) or not 1 <= len(raw) <= 200:
        raise ValueError(raw)
    return raw


# The roster by name, then id (the model's order).
EXPERTS = pagination.Keyset("experts", "full_name", False, _name_value, str)


def _list_queryset() -> QuerySet[Expert]:
    return (
        Expert.objects.select_related("institution__country")
        .prefetch_related("thematic_areas", "languages")
        .order_by("full_name", "id")
    )


def _filtered(experts: QuerySet[Expert], params: ExpertListQuery) -> QuerySet[Expert]:
    """The filters, combined with AND; a code that names nothing is a 400 naming the field."""
    theme = country = None
    if params.theme is not None:
        theme = ThematicArea.objects.filter(code=params.theme.upper()).first()
        if theme is None:
            raise DomainError(_("Unknown thematic area “%s”.") % params.theme, field="theme")
    if params.minimum_level is not None and params.language is None:
        raise DomainError(
            _("Give a language with the minimum level, e.g. language=es."), field="minimum_level"
        )
    language = (params.language or "").lower()
    if language and language not in services.ISO_639_1:
        raise DomainError(_("Unknown language “%s”.") % params.language, field="language")
    if params.country is not None:
        country = Country.objects.filter(iso2=params.country.upper()).first()
        if country is None:
            raise DomainError(_("Unknown country “%s”.") % params.country, field="country")
    if params.status is not None and params.status not in ExpertStatus.values:
        raise DomainError(
            _("Unknown status “%(value)s”: use one of %(choices)s.")
            % {"value": params.status, "choices": ", ".join(ExpertStatus.values)},
            field="status",
        )
    return filter_roster(
        experts,
        RosterFilter(
            q=params.q or "",
            theme=theme,
            language=language,
            minimum_level=params.minimum_level or "",
            country=country,
            status=params.status or "",
        ),
    )


def _profile(user: Any, expert: Expert | None, expert_id: Any) -> Expert:
    """The profile if the caller may read it; a 404 otherwise, as if it did not exist."""
    if expert is None or not policies.can_view_contact_data.test(user, expert):
        raise NotFound(_("No expert %s.") % expert_id)
    return expert


def _profile_queryset() -> QuerySet[Expert]:
    return Expert.objects.select_related("institution__country").prefetch_related(
        "thematic_areas",
        "languages",
        "countries_of_experience",
        "regions_of_experience",
        "unavailable_periods",
        Prefetch(
            "deployments",
            queryset=Deployment.objects.select_related(
                "activity__country", "activity__action"
            ).order_by("activity__start_date", "id"),
        ),
    )


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "/experts",
    response={200: ExpertListOut, **ERRORS, 403: ProblemOut},
    summary="The roster",
    auth=staff_only(gettext_lazy("Only facility staff may read the roster.")),
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_list_endpoint(request: HttpRequest, params: Query[ExpertListQuery]) -> dict:
    """Experts on the roster by name, for facility staff only (403 for anyone else).

    Filters combine with AND. Follow `next` (pass it as `cursor`) until it is null."""
    experts = _filtered(_list_queryset(), params)
    page = pagination.paginate(experts, EXPERTS, limit=params.limit, cursor=params.cursor)
    return {"count": page.count, "next": page.next, "items": page.items}


# Before /experts/{expert_id}: the path converter would also take "me" as an id.
@router.get(
    "/experts/me",
    response={200: ExpertOut, **ONE},
    summary="My expert profile",
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_me_endpoint(request: HttpRequest) -> Expert:
    """The caller's own expert profile; 404 when the caller has none."""
    user = actor_of(request)
    expert = _profile_queryset().filter(user=user).first()
    if expert is None:
        raise NotFound(_("You have no expert profile."))
    return expert


@router.get(
    "/experts/{expert_id}",
    response={200: ExpertOut, **ONE},
    summary="One expert",
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_detail_endpoint(request: HttpRequest, expert_id: int = ExpertId) -> Expert:
    """A whole profile, contact data included, for facility staff and the expert themself;
    a 404 for anyone else."""
    user = actor_of(request)
    return _profile(user, _profile_queryset().filter(pk=expert_id).first(), expert_id)


@router.get(
    "/experts/{expert_id}/cv",
    response={200: None, **ONE},
    summary="An expert's CV",
    openapi_extra={
        **AUTHENTICATED_ONLY,
        "responses": {200: {"description": "The file", "content": {"*/*": {}}}},
    },
)
def expert_cv_endpoint(request: HttpRequest, expert_id: int = ExpertId) -> FileResponse:
    """The CV file, for facility staff and the expert themself; a 404 for anyone else and when
    there is no CV."""
    user = actor_of(request)
    expert = _profile(user, Expert.objects.filter(pk=expert_id).first(), expert_id)
    if not expert.cv:
        raise NotFound(_("%s has no CV on file.") % expert)
    filename = posixpath.basename(expert.cv.name or "cv")
    response = FileResponse(expert.cv.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the expert's own profile ------------------------------------------------------------------

NULLABLE = frozenset({"institution", "max_days_per_year"})


def _codes(model: Any, field: str, codes: list[str], name: str) -> list[Any]:
    """The objects of these codes, in order; an unknown one is a 400 naming the field."""
    wanted = list(dict.fromkeys(code.upper() for code in codes))
    found = {getattr(obj, field): obj for obj in model.objects.filter(**{f"{field}__in": wanted})}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise DomainError(_("Unknown code: %s.") % ", ".join(unknown), field=name)
    return [found[code] for code in wanted]


def _changes(payload: ExpertPatchIn) -> dict[str, Any]:
    changes = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None and name not in NULLABLE:
            raise DomainError(_("%s may not be null.") % name, field=name)
    if changes.get("institution") is not None:
        institution = Institution.objects.filter(pk=changes["institution"]).first()
        if institution is None:
            raise DomainError(
                _("Unknown institution: %s.") % changes["institution"], field="institution"
            )
        changes["institution"] = institution
    for name, model, field in (
        ("thematic_areas", ThematicArea, "code"),
        ("countries_of_experience", Country, "iso2"),
        ("regions_of_experience", Region, "code"),
    ):
        if name in changes:
            changes[name] = _codes(model, field, changes[name], name)
    return changes


@router.patch(
    "/experts/me",
    response={200: ExpertOut, **ONE, 409: ProblemOut},
    summary="Update my expert profile",
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_me_update_endpoint(request: HttpRequest, payload: ExpertPatchIn) -> Expert:
    """Change the caller's own profile: only the fields given change; `languages` replaces the
    list (`[{"code": "es", "level": "C1"}]`). 404 when the caller has no profile; nothing
    changes on any error."""
    user = actor_of(request)
    expert_id = Expert.objects.filter(user=user).values_list("pk", flat=True).first()
    if expert_id is None:
        raise NotFound(_("You have no expert profile."))
    changes = _changes(payload)
    languages = changes.pop("languages", None)
    # Both services or neither.
    with transaction.atomic():
        if changes:
            profiles.expert_update(actor=user, expert_id=expert_id, **changes)
        if languages is not None:
            profiles.expert_set_languages(
                actor=user,
                expert_id=expert_id,
                languages=[(language["code"], language["level"]) for language in languages],
            )
    return _profile_queryset().get(pk=expert_id)
