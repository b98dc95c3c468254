"""The permission matrix's cases for the matching and planning pages (issue 4).

Pages for facility staff: anonymous visitors are sent to sign in, other signed-in users get a 403.
The propose routes take POST only (405 to a GET, before anything else)."""

from typing import Any

from mieux.experts.models import Expert
from mieux.portfolio.models import Activity
from tests.matrix import STAFF, Case, Ref, expect, signed_in


def spanish_activity_in_peru() -> Activity:
    """The first planned Spanish-language activity of an action in Peru (the demo roster's)."""
    activity = (
        Activity.objects.filter(status="planned", language="es", action__countries__iso2="PE")
        .order_by("start_date", "id")
        .first()
    )
    assert activity is not None, "the demo has no planned Spanish-language activity in Peru"
    return activity


def world() -> dict[str, Any]:
    """Ids of demo objects the cases below refer to with `Ref("…")`."""
    activity = spanish_activity_in_peru()
    expert = Expert.objects.filter(languages__code="es", consent_given_at__isnull=False).first()
    assert expert is not None, "the demo roster has no Spanish speaker"
    return {
        "matching_activity": activity.pk,
        "matching_expert": expert.pk,
        "matching_assignment": f"{activity.pk}:{expert.pk}:50",
    }


STAFF_ONLY = signed_in(403, **dict.fromkeys(STAFF, 200))
# Staff are sent back to the page with a message, whether the proposal succeeded or not.
STAFF_POST = signed_in(403, **dict.fromkeys(STAFF, 302))
ACTIVITY = {"activity_id": Ref("matching_activity")}

CASES: list[Case] = [
    Case("experts:activity_matches", STAFF_ONLY, ACTIVITY),
    Case(
        "experts:activity_matches",
        signed_in(403, **dict.fromkeys(STAFF, 404)),
        {"activity_id": 999_999},
        label="unknown activity",
    ),
    Case(
        "experts:activity_match_propose",
        STAFF_POST,
        ACTIVITY,
        method="post",
        data={"expert_id": Ref("matching_expert"), "role": "expert"},
        label="POST",
    ),
    Case("experts:activity_match_propose", expect(405), ACTIVITY, label="GET"),
    Case("experts:planning", STAFF_ONLY),
    Case(
        "experts:planning",
        STAFF_ONLY,
        query="plan=1&activity={matching_activity}",
        label="plan",
    ),
    Case(
        "experts:planning_propose",
        STAFF_POST,
        method="post",
        data={"assignments": Ref("matching_assignment")},
        label="POST",
    ),
    Case("experts:planning_propose", expect(405), label="GET"),
]
