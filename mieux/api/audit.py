"""Facility staff's reports: an object's audit history, and lead times of requests.

Both are for project officers, the programme manager and administrators
(`mieux.intake.policies.is_facility_staff`): other callers get 403, anonymous callers 401.
"""

import datetime
import re
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router

from mieux.api import pagination
from mieux.api.auth import staff_only
from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, parse_aware_datetime
from mieux.api.intake_schemas import AuditListOut, AuditQuery, LeadTimeQuery, LeadTimesOut
from mieux.core.errors import DomainError, NotFound
from mieux.core.models import AuditEvent
from mieux.intake import leadtimes
from mieux.intake.models import AssistanceRequest
from mieux.portfolio.models import Action, Activity, Output

STAFF_ONLY = staff_only(gettext_lazy("Only facility staff may see this."))
router = Router(tags=["audit"], auth=STAFF_ONLY)
lead_times_router = Router(tags=["lead times"], auth=STAFF_ONLY)

ERRORS = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 422: ProblemOut}

# `<kind>:<id>` as clients name objects → the audit log's object type, and the model.
OBJECT_KINDS: dict[str, tuple[str, Any]] = {
    "request": ("intake.assistancerequest", AssistanceRequest),
    "action": ("portfolio.action", Action),
    "activity": ("portfolio.activity", Activity),
    "output": ("portfolio.output", Output),
}
OBJECT_RE = re.compile(r"^([a-z]{1,16}):([1-9][0-9]{0,17})$")
LONGEST_WAITING = 10


# An object's history oldest first: occurred_at ascending, then id.
EVENTS = pagination.Keyset(
    "audit", "occurred_at", False, parse_aware_datetime, datetime.datetime.isoformat
)


def _parse_object(value: str) -> tuple[str, Any, int]:
    match = OBJECT_RE.fullmatch(value)
    if match is None or match.group(1) not in OBJECT_KINDS:
        raise DomainError(
            _("Name the object as <kind>:<id>, where kind is one of: %s.")
            % ", ".join(OBJECT_KINDS),
            field="object",
        )
    object_type, model = OBJECT_KINDS[match.group(1)]
    return object_type, model, int(match.group(2))


@router.get(
    "/audit",
    response={200: AuditListOut, 404: ProblemOut, **ERRORS},
    summary="Audit history of an object",
    openapi_extra=AUTHENTICATED_ONLY,
)
def audit_list_endpoint(request: HttpRequest, params: Query[AuditQuery]) -> dict:
    """Every recorded change to one object, oldest first: who, when, what (`verb`), the values
    before and after, and the reason given. An object that never existed is a 404."""
    object_type, model, object_id = _parse_object(params.object)
    events = (
        AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
    page = pagination.paginate(events, EVENTS, limit=params.limit, cursor=params.cursor)
    if page.count == 0 and not model.objects.filter(pk=object_id).exists():
        raise NotFound(
            _("No %(kind)s %(id)d.") % {"kind": model._meta.verbose_name, "id": object_id}
        )
    return {"count": page.count, "next": page.next, "items": page.items}


@lead_times_router.get(
    "/lead-times",
    response={200: LeadTimesOut, **ERRORS},
    summary="Lead times of requests",
    openapi_extra=AUTHENTICATED_ONLY,
)
def lead_times_endpoint(request: HttpRequest, params: Query[LeadTimeQuery]) -> dict:
    """How quickly requests move, per region, year and stage (`submitted_to_decision`,
    `decision_to_formulated`, `formulated_to_first_activity`): count, median, 90th percentile
    and maximum in days; and the open requests waiting longest. A stage's year is the year it
    started."""
    return {
        "stages": leadtimes.lead_times(region=params.region, year=params.year),
        "longest_waiting": leadtimes.longest_waiting(limit=LONGEST_WAITING),
    }
