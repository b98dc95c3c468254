"""Lead times: how quickly the facility reacts to requests (selectors, read only).

Three stages are measured, each from the moment it starts:

- ``submitted_to_decision``: submission → the first steering decision (approve, reject or defer);
- ``decision_to_formulated``: the approval → the formulation into an Action;
- ``formulated_to_first_activity``: the formulation → the start date of the Action's first
  activity with status "delivered".

A stage's year is the calendar year (in settings.TIME_ZONE) in which it started. Figures are
aggregated in Python from a fixed number of narrow queries (at most five, whatever the data
size), so SQLite and PostgreSQL give identical numbers: no database-specific percentile function.
"""

import datetime
import math
import statistics
from collections import defaultdict
from typing import Any

from django.db.models import DateTimeField, Max, Min
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.core.errors import DomainError
from mieux.geo.models import Region
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.intake.workflow import RequestStatus
from mieux.portfolio.models import Activity, ActivityStatus

SUBMITTED_TO_DECISION = "submitted_to_decision"
DECISION_TO_FORMULATED = "decision_to_formulated"
FORMULATED_TO_FIRST_ACTIVITY = "formulated_to_first_activity"
STAGES = (SUBMITTED_TO_DECISION, DECISION_TO_FORMULATED, FORMULATED_TO_FIRST_ACTIVITY)
DECISION_TRANSITIONS = ("approve", "reject", "defer")
S = RequestStatus
# Open requests the facility still owes a decision or a formulation to.
WAITING_STATES = (
    S.SUBMITTED,
    S.UNDER_ASSESSMENT,
    S.INFORMATION_REQUESTED,
    S.RECOMMENDED,
    S.NOT_RECOMMENDED,
    S.DEFERRED,
    S.APPROVED,
)
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_LIMIT = 100
SECONDS_PER_DAY = 86400


def _days(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


def _percentile(ordered: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC)."""
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _summary(durations: list[float]) -> dict[str, Any]:
    ordered = sorted(durations)
    return {
        "count": len(ordered),
        "median_days": round(statistics.median(ordered), 2),
        "p90_days": round(_percentile(ordered, 0.9), 2),
        "max_days": round(ordered[-1], 2),
    }


def parse_year(year: int | str | None) -> int | None:
    """A calendar year given as an int or digits, or DomainError naming the field `year`."""
    if year is None or year == "":
        return None
    if isinstance(year, bool):
        year = "x"
    try:
        value = int(year)
    except (TypeError, ValueError):
        value = None
    if value is None or not MIN_YEAR <= value <= MAX_YEAR:
        raise DomainError(
            _("The year must be a number between %(first)d and %(last)d.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
            field="year",
        )
    return value


def _check_region(region: str | None) -> str | None:
    if region is None or region == "":
        return None
    code = str(region).strip().upper()
    if not Region.objects.filter(code=code).exists():
        raise DomainError(_("Unknown region “%s”.") % region, field="region")
    return code


def _first_activity_start(day: datetime.date) -> datetime.datetime:
    """An activity's start date as midnight in the project's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def lead_times(*, region: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Lead times per region, year and stage: count, median, 90th percentile and maximum in days.

    Rows are ordered by region code, year and stage; groups without any measured request are left
    out. An unknown region or a bad year raises DomainError naming the field.
    """
    region_code = _check_region(region)
    wanted_year = parse_year(year)

    requests = AssistanceRequest.objects.filter(submitted_at__isnull=False)
    if region_code is not None:
        requests = requests.filter(region__code=region_code)
    rows = list(
        requests.order_by().values_list(
            "pk", "region__code", "submitted_at", "decided_at", "formulated_at", "action_id"
        )
    )
    first_decisions = dict(
        RequestTransition.objects.filter(
            transition__in=DECISION_TRANSITIONS, assistance_request__in=requests.values("pk")
        )
        .order_by()
        .values_list("assistance_request_id")
        .annotate(first=Min("occurred_at"))
        .values_list("assistance_request_id", "first")
    )
    approvals = dict(
        RequestTransition.objects.filter(
            transition="approve", assistance_request__in=requests.values("pk")
        )
        .order_by()
        .values_list("assistance_request_id")
        .annotate(last=Max("occurred_at"))
        .values_list("assistance_request_id", "last")
    )
    first_activities = dict(
        Activity.objects.filter(
            status=ActivityStatus.DELIVERED,
            action__assistance_request__in=requests.filter(action__isnull=False).values("pk"),
        )
        .order_by()
        .values_list("action_id")
        .annotate(first=Min("start_date"))
        .values_list("action_id", "first")
    )

    local = timezone.get_default_timezone()
    durations: dict[tuple[str, int, str], list[float]] = defaultdict(list)

    def measure(code: str, stage: str, start: Any, end: Any) -> None:
        if start is None or end is None:
            return
        started_in = start.astimezone(local).year
        if wanted_year is None or started_in == wanted_year:
            durations[(code, started_in, stage)].append(_days(start, end))

    for pk, code, submitted_at, decided_at, formulated_at, action_id in rows:
        # Requests decided before transitions were recorded (imports) fall back to decided_at.
        measure(code, SUBMITTED_TO_DECISION, submitted_at, first_decisions.get(pk, decided_at))
        if formulated_at is not None:
            # A formulated request was approved; its decided_at is that approval.
            measure(code, DECISION_TO_FORMULATED, approvals.get(pk, decided_at), formulated_at)
            first_day = first_activities.get(action_id)
            if first_day is not None:
                # An activity recorded as starting before the formulation counts as immediate
                # rather than as a negative lead time.
                started = max(_first_activity_start(first_day), formulated_at)
                measure(code, FORMULATED_TO_FIRST_ACTIVITY, formulated_at, started)

    order = {stage: index for index, stage in enumerate(STAGES)}
    return [
        {"region": code, "year": started_in, "stage": stage, **_summary(values)}
        for (code, started_in, stage), values in sorted(
            durations.items(), key=lambda item: (item[0][0], item[0][1], order[item[0][2]])
        )
    ]


def longest_waiting(
    *, limit: int = 10, now: datetime.datetime | None = None
) -> list[dict[str, Any]]:
    """Open requests still owed a decision or a formulation, longest wait first (one query).

    A request waits since its last transition; `now` is for tests and defaults to the clock.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise DomainError(
            _("The limit must be a whole number between 1 and %d.") % MAX_LIMIT, field="limit"
        )
    now = now or timezone.now()
    waiting = (
        AssistanceRequest.objects.filter(status__in=WAITING_STATES)
        .annotate(
            waiting_since=Coalesce(
                Max("transitions__occurred_at"),
                "submitted_at",
                "created_at",
                output_field=DateTimeField(),
            )
        )
        .order_by("waiting_since", "id")
        .values("id", "title", "status", "region__code", "waiting_since")[:limit]
    )
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "status": row["status"],
            "region": row["region__code"],
            "waiting_since": row["waiting_since"],
            "waiting_days": round(_days(row["waiting_since"], now), 2),
        }
        for row in waiting
    ]
