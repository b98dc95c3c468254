"""Requests for assistance: create, read, edit, take workflow transitions, attach files.

Every endpoint needs an identified caller (anonymous callers get 401). Visibility, editing and
transitions are decided by `mieux.intake.policies` and enforced by `mieux.intake.services`; a
request the caller may not see is a 404, as if it did not exist.
"""

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from mieux.accounts.models import Institution
from mieux.api import pagination
from mieux.api.auth import authenticated, caller
from mieux.api.errors import ProblemOut
from mieux.api.intake_schemas import (
    AttachmentOut,
    RequestIn,
    RequestListOut,
    RequestListQuery,
    RequestOut,
    RequestPatchIn,
    TransitionIn,
)
from mieux.api.params import MAX_ID
from mieux.api.uploads import multipart_body, uploaded_file
from mieux.core.errors import DomainError, NotFound
from mieux.geo.models import Country, Region
from mieux.intake import check_notes, policies, services
from mieux.intake.models import AssistanceRequest, RequestAttachment, RequestTransition
from mieux.intake.workflow import RequestStatus, transitions_from
from mieux.taxonomy.models import ThematicArea

# No anonymous fallback: these endpoints are for identified callers only.
# Read by `v1.MieuxNinjaAPI.get_openapi_schema`: do not document anonymous access here.
AUTHENTICATED_ONLY = {"x-mieux-authenticated": True}

router = Router(tags=["requests"], auth=authenticated)

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}
ONE = {**ERRORS, 403: ProblemOut, 404: ProblemOut}
WRITE = {**ONE, 409: ProblemOut}


def parse_aware_datetime(raw: Any) -> datetime.datetime:
    """A cursor's timestamp: ISO 8601 with a time zone, as `isoformat()` wrote it."""
    if not isinstance(raw, str) or len(raw) > 40:
        raise ValueError(raw)
    value = datetime.datetime.fromisoformat(raw)
    if value.tzinfo is None:
        raise ValueError(raw)
    return value


# Requests newest first: created_at descending, then id.
REQUESTS = pagination.Keyset(
    "requests", "created_at", True, parse_aware_datetime, datetime.datetime.isoformat
)

TEXT_FIELDS = (
    "context",
    "objective",
    "timing_note",
    "contact_name",
    "contact_email",
    "contact_phone",
)
RequestId = Path(..., ge=1, le=MAX_ID, description="The request's id.")


def actor_of(request: HttpRequest) -> Any:
    """The caller, with the memberships every policy reads loaded once (not once per check)."""
    user = caller(request)
    if user.is_authenticated:
        prefetch_related_objects([user], "memberships")
    return user


def _list_queryset(user: Any) -> QuerySet[AssistanceRequest]:
    return (
        policies.visible_requests(user)
        .select_related("country", "region", "lead_institution__country")
        .prefetch_related("thematic_areas")
        .order_by("-created_at", "id")
    )


def _detail(request: HttpRequest, request_id: int) -> AssistanceRequest:
    """The request with everything its detail shows, or a 404 if the caller may not see it."""
    user = actor_of(request)
    assistance_request = (
        policies.visible_requests(user)
        .select_related(
            "country", "region", "lead_institution__country", "action", "assessment__assessed_by"
        )
        .prefetch_related(
            "thematic_areas",
            "requesting_institutions__country",
            Prefetch("transitions", queryset=RequestTransition.objects.select_related("actor")),
        )
        .filter(pk=request_id)
        .first()
    )
    if assistance_request is None:
        raise NotFound(_("No request %s.") % request_id)
    # What this caller may do and see now, for the output schema.
    assistance_request.available_transitions = [  # type: ignore[attr-defined]
        transition
        for transition in transitions_from(assistance_request.status)
        if policies.can_take_transition(user, assistance_request, transition)
    ]
    assessment = getattr(assistance_request, "assessment", None)
    shows_assessment = policies.can_view_assessment.test(user, assistance_request)
    assistance_request.visible_assessment = (  # type: ignore[attr-defined]
        assessment if shows_assessment else None
    )
    if assessment is not None and shows_assessment:
        # Worded here, in the caller's language, with the names they need fetched once.
        assessment.worded_checks = check_notes.worded_lists(  # type: ignore[attr-defined]
            assessment.checks,
            countries=[assistance_request.country],
            thematic_areas=assistance_request.thematic_areas.all(),
        )[0]
    return assistance_request


def _references(payload: dict[str, Any]) -> dict[str, Any]:
    """Codes and ids of the payload as the objects the service takes; unknown ones are a 400
    naming the field."""
    if payload.get("country") is not None:
        code = payload["country"].upper()
        country = Country.objects.select_related("region").filter(iso2=code).first()
        if country is None:
            raise DomainError(_("Unknown country “%s”.") % payload["country"], field="country")
        payload["country"] = country
    if payload.get("thematic_areas") is not None:
        codes = list(dict.fromkeys(payload["thematic_areas"]))
        found = {area.code: area for area in ThematicArea.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise DomainError(
                _("Unknown thematic area: %s.") % ", ".join(unknown), field="thematic_areas"
            )
        payload["thematic_areas"] = [found[code] for code in codes]
    if payload.get("requesting_institutions") is not None:
        ids = list(dict.fromkeys(payload["requesting_institutions"]))
        found_institutions = Institution.objects.in_bulk(ids)
        unknown_ids = [str(pk) for pk in ids if pk not in found_institutions]
        if unknown_ids:
            raise DomainError(
                _("Unknown institution: %s.") % ", ".join(unknown_ids),
                field="requesting_institutions",
            )
        payload["requesting_institutions"] = [found_institutions[pk] for pk in ids]
    return payload


@router.post(
    "/requests",
    response={201: RequestOut, **ERRORS, 403: ProblemOut},
    summary="Create a request",
    openapi_extra=AUTHENTICATED_ONLY,
)
def request_create_endpoint(request: HttpRequest, payload: RequestIn) -> Status:
    """A new draft request on behalf of the caller's institution (partner focal points only).

    Take the `submit` transition when it is complete."""
    fields = _references(payload.model_dump())
    assistance_request = services.request_create(actor=actor_of(request), **fields)
    return Status(201, _detail(request, assistance_request.pk))


@router.get(
    "/requests",
    response={200: RequestListOut, **ERRORS},
    summary="Requests",
    openapi_extra=AUTHENTICATED_ONLY,
)
def request_list_endpoint(request: HttpRequest, params: Query[RequestListQuery]) -> dict:
    """The requests the caller may see, newest first: partners their institutions' requests,
    steering members those from `recommended` on, facility staff all."""
    requests = _list_queryset(actor_of(request))
    if params.status is not None:
        if params.status not in RequestStatus.values:
            raise DomainError(_("Unknown status “%s”.") % params.status, field="status")
        requests = requests.filter(status=params.status)
    if params.country is not None:
        code = params.country.upper()
        if not Country.objects.filter(iso2=code).exists():
            raise DomainError(_("Unknown country “%s”.") % params.country, field="country")
        requests = requests.filter(country__iso2=code)
    if params.region is not None:
        code = params.region.upper()
        if not Region.objects.filter(code=code).exists():
            raise DomainError(_("Unknown region “%s”.") % params.region, field="region")
        requests = requests.filter(region__code=code)
    page = pagination.paginate(requests, REQUESTS, limit=params.limit, cursor=params.cursor)
    return {"count": page.count, "next": page.next, "items": page.items}


@router.get(
    "/requests/{request_id}",
    response={200: RequestOut, **ONE},
    summary="One request",
    openapi_extra=AUTHENTICATED_ONLY,
)
def request_detail_endpoint(request: HttpRequest, request_id: int = RequestId) -> Any:
    """A request with the transitions the caller may take now, its transition log and, for
    facility staff and steering members, its assessment. Not visible to the caller: 404."""
    return _detail(request, request_id)


@router.patch(
    "/requests/{request_id}",
    response={200: RequestOut, **WRITE},
    summary="Edit a request",
    openapi_extra=AUTHENTICATED_ONLY,
)
def request_update_endpoint(
    request: HttpRequest, payload: RequestPatchIn, request_id: int = RequestId
) -> Any:
    """Change a draft (or a request sent back for information): only the fields given change.

    An edit that changes something bumps `version`, and the answer carries the new one; an
    edit that changes nothing keeps it. With `version`, a request changed since the caller read
    it is a 409 `concurrent_update` and nothing changes; without it the last writer wins."""
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    for name in (
        "title",
        "text_language",
        "languages",
        "thematic_areas",
        "requesting_institutions",
    ):
        if name in changes and changes[name] is None:
            raise DomainError(_("%s may not be null.") % name, field=name)
    # Texts are never null in the model: null clears them.
    for name in TEXT_FIELDS:
        if name in changes and changes[name] is None:
            changes[name] = ""
    services.request_update(
        actor=actor_of(request),
        request_id=request_id,
        expected_version=version,
        **_references(changes),
    )
    return _detail(request, request_id)


@router.post(
    "/requests/{request_id}/transitions",
    response={200: RequestOut, **WRITE},
    summary="Take a transition",
    openapi_extra=AUTHENTICATED_ONLY,
)
def request_transition_endpoint(
    request: HttpRequest, payload: TransitionIn, request_id: int = RequestId
) -> Any:
    """Move the request along its workflow. A transition the request's status does not allow is a
    409 `illegal_transition`; with `version`, or when someone else acted at the same moment, a
    409 `concurrent_update`; a transition the caller may not take is a 403; some transitions
    need a `reason` (400 without one). Nothing changes on any error."""
    services.request_transition(
        actor=actor_of(request),
        request_id=request_id,
        transition=payload.transition,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _detail(request, request_id)


@router.post(
    "/requests/{request_id}/attachments",
    response={201: AttachmentOut, **WRITE},
    summary="Attach a file",
    openapi_extra={**AUTHENTICATED_ONLY, "requestBody": multipart_body("AttachmentUpload")},
)
def attachment_add_endpoint(request: HttpRequest, request_id: int = RequestId) -> Status:
    """Attach a file (PDF, Word, OpenDocument, text, PNG or JPEG; at most 10 MB) to a request the
    caller may edit. Send it as `multipart/form-data` in the field `file`. The file is part of
    the request: attaching it bumps the request's `version`. Its kind is read from its bytes:
    a name or declared type that disagrees with them is a 400 `invalid_file` (as is an unsafe
    package or a PDF that is also HTML), a file too large a 400 `file_too_large`; the type
    stored and served on download is the detected one."""
    attachment = services.attachment_add(
        actor=actor_of(request), request_id=request_id, upload=uploaded_file(request)
    )
    return Status(201, attachment)


@router.get(
    "/requests/{request_id}/attachments",
    response={200: list[AttachmentOut], **ONE},
    summary="Attachments",
    openapi_extra=AUTHENTICATED_ONLY,
)
def attachment_list_endpoint(request: HttpRequest, request_id: int = RequestId) -> Any:
    """The files attached to a request the caller may see, oldest first."""
    assistance_request = policies.visible_requests(actor_of(request)).filter(pk=request_id).first()
    if assistance_request is None:
        raise NotFound(_("No request %s.") % request_id)
    return assistance_request.attachments.select_related("uploaded_by").order_by(
        "uploaded_at", "id"
    )


@router.get(
    "/requests/{request_id}/attachments/{attachment_id}/download",
    response={200: None, **ONE},
    summary="Download an attachment",
    openapi_extra={
        **AUTHENTICATED_ONLY,
        "responses": {200: {"description": "The file", "content": {"*/*": {}}}},
    },
)
def attachment_download_endpoint(
    request: HttpRequest,
    request_id: int = RequestId,
    attachment_id: int = Path(..., ge=1, le=MAX_ID, description="The attachment's id."),
) -> FileResponse:
    """The file itself, for callers who may see the request."""
    attachment = (
        RequestAttachment.objects.filter(
            pk=attachment_id,
            assistance_request__in=policies.visible_requests(actor_of(request)).filter(
                pk=request_id
            ),
        )
        .only("file", "name", "content_type")
        .first()
    )
    if attachment is None:
        raise NotFound(_("No attachment %s.") % attachment_id)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Content-Type"] = attachment.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
