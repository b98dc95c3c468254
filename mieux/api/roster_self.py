"""The expert's own profile, beyond `PATCH /experts/me`: unavailable periods, the CV, consent.

Every endpoint acts on the caller's own profile only (a 404 when the caller has none, staff
included: staff change other experts' profiles on the roster pages). Anonymous callers get 401.
The writes are `mieux.experts.profiles`' services; their errors become problem+json.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import ConfigDict

from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, actor_of, authenticated
from mieux.api.params import MAX_ID
from mieux.api.roster import _profile_queryset
from mieux.api.roster_schemas import ExpertOut, Text, UnavailablePeriodOut
from mieux.api.uploads import multipart_body, uploaded_file
from mieux.core.errors import NotFound
from mieux.experts import profiles
from mieux.experts.models import Expert, UnavailablePeriod

router = Router(tags=["experts"], auth=authenticated)

ONE = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}
WRITE = {**ONE, 409: ProblemOut}
PeriodId = Path(..., ge=1, le=MAX_ID, description="The unavailable period's id.")
CV_BODY = multipart_body("CvUpload")


class UnavailablePeriodIn(Schema):
    model_config = ConfigDict(extra="forbid")

    start: datetime.date = Field(..., description="The first day the expert cannot work.")
    end: datetime.date = Field(..., description="The last day (the same as `start` or later).")
    note: Text = Field("", max_length=300, description="Why, for the facility (optional).")


class UnavailablePeriodCreatedOut(UnavailablePeriodOut):
    id: int


def _own_expert_id(user: Any) -> int:
    expert_id = Expert.objects.filter(user=user).values_list("pk", flat=True).first()
    if expert_id is None:
        raise NotFound(_("You have no expert profile."))
    return expert_id


def _profile(expert_id: int) -> Expert:
    return _profile_queryset().get(pk=expert_id)


# --- unavailable periods -----------------------------------------------------------------------


@router.post(
    "/experts/me/unavailable-periods",
    response={201: UnavailablePeriodCreatedOut, **WRITE},
    summary="Add an unavailable period",
    openapi_extra=AUTHENTICATED_ONLY,
)
def unavailable_period_add_endpoint(request: HttpRequest, payload: UnavailablePeriodIn) -> Status:
    """Declare days the caller cannot work (both days included). A 400 when `end` is before
    `start`; a 409 `overlapping_deployment` when the period meets a deployment the caller
    accepted (the facility must release it first)."""
    user = actor_of(request)
    period = profiles.unavailable_period_add(
        actor=user,
        expert_id=_own_expert_id(user),
        start=payload.start,
        end=payload.end,
        note=payload.note,
    )
    return Status(201, period)


@router.delete(
    "/experts/me/unavailable-periods/{period_id}",
    response={204: None, **WRITE},
    summary="Remove an unavailable period",
    openapi_extra=AUTHENTICATED_ONLY,
)
def unavailable_period_remove_endpoint(request: HttpRequest, period_id: int = PeriodId) -> Status:
    """Remove one of the caller's own unavailable periods; any other id is a 404."""
    user = actor_of(request)
    expert_id = _own_expert_id(user)
    # Staff may remove anyone's period through the service: here only the caller's own.
    if not UnavailablePeriod.objects.filter(pk=period_id, expert_id=expert_id).exists():
        raise NotFound(_("No unavailable period %s.") % period_id)
    profiles.unavailable_period_remove(actor=user, period_id=period_id)
    return Status(204, None)


# --- the CV ------------------------------------------------------------------------------------


@router.put(
    "/experts/me/cv",
    response={200: ExpertOut, **WRITE},
    summary="Upload my CV",
    openapi_extra={**AUTHENTICATED_ONLY, "requestBody": CV_BODY},
)
def expert_me_cv_upload_endpoint(request: HttpRequest) -> Expert:
    """Store the caller's CV (PDF, Word .docx or OpenDocument .odt; at most 5 MB), replacing
    the previous one. Send it as `multipart/form-data` in the field `file`."""
    user = actor_of(request)
    expert_id = _own_expert_id(user)
    profiles.expert_upload_cv(actor=user, expert_id=expert_id, upload=uploaded_file(request))
    return _profile(expert_id)


@router.delete(
    "/experts/me/cv",
    response={204: None, **WRITE},
    summary="Remove my CV",
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_me_cv_remove_endpoint(request: HttpRequest) -> Status:
    """Remove the caller's CV; a 409 when there is none."""
    user = actor_of(request)
    profiles.expert_remove_cv(actor=user, expert_id=_own_expert_id(user))
    return Status(204, None)


# --- consent -----------------------------------------------------------------------------------


@router.post(
    "/experts/me/consent",
    response={200: ExpertOut, **WRITE},
    summary="Consent to the processing of my data",
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_me_consent_give_endpoint(request: HttpRequest) -> Expert:
    """Consent now (`consent_given_at`); consenting again keeps the first date."""
    user = actor_of(request)
    expert_id = _own_expert_id(user)
    profiles.expert_give_consent(actor=user, expert_id=expert_id)
    return _profile(expert_id)


@router.delete(
    "/experts/me/consent",
    response={200: ExpertOut, **WRITE},
    summary="Withdraw my consent",
    openapi_extra=AUTHENTICATED_ONLY,
)
def expert_me_consent_withdraw_endpoint(request: HttpRequest) -> Expert:
    """Withdraw consent: the profile stays, but the caller can no longer be proposed for an
    activity. Withdrawing again changes nothing."""
    user = actor_of(request)
    expert_id = _own_expert_id(user)
    profiles.expert_withdraw_consent(actor=user, expert_id=expert_id)
    return _profile(expert_id)
