"""The permission matrix's cases for the matching and planning endpoints (issue 4).

Both are for facility staff: anonymous callers get 401, other identified callers 403."""

from typing import Any

from tests.matrix import STAFF, Case, Ref, identified
from tests.matrix_matching_pages import spanish_activity_in_peru


def world() -> dict[str, Any]:
    """Ids of demo objects the cases below refer to with `Ref("…")`."""
    activity = spanish_activity_in_peru()
    # A list in a body is not searched for Refs: the whole list is one value of the world.
    return {"planned_activity": activity.pk, "planned_activity_ids": [activity.pk]}


CASES: list[Case] = [
    Case(
        "api-v1:expert_match_list_endpoint",
        identified(403, **dict.fromkeys(STAFF, 200)),
        {"activity_id": Ref("planned_activity")},
    ),
    Case(
        "api-v1:expert_match_list_endpoint",
        identified(403, **dict.fromkeys(STAFF, 404)),
        {"activity_id": 999_999},
        label="unknown activity",
    ),
    Case(
        "api-v1:plan_create_endpoint",
        identified(403, **dict.fromkeys(STAFF, 200)),
        method="post",
        data={"activity_ids": Ref("planned_activity_ids"), "time_limit": 5},
    ),
]
