"""The permission matrix's cases for the mission report and feedback endpoints (issue 4).

demo-expert has a completed deployment (with its report) on a delivered Mexico II activity of
which demo-partner-mx's institution is a partner, and an accepted one on an upcoming activity."""

from typing import Any

from mieux.experts.models import Deployment
from tests.matrix import STAFF, Case, Ref, identified


def world() -> dict[str, Any]:
    """Ids of demo objects the cases below refer to with `Ref("…")`."""
    mine = Deployment.objects.filter(expert__user__username="demo-expert")
    # The one with a mission report: Mexico II's seminar, of which INM is a partner.
    completed = mine.filter(status="completed", mission_report__isnull=False).first()
    upcoming = mine.filter(status="accepted").order_by("activity__start_date").first()
    assert completed is not None, "the demo roster is not loaded"
    assert upcoming is not None, "the demo roster is not loaded"
    return {
        "reported_deployment": completed.pk,
        "upcoming_deployment": upcoming.pk,
        "feedback_activity": completed.activity_id,
    }


REPORT = {"summary": "Two days of seminars.", "results": "A checklist."}
STAFF_OK = dict.fromkeys(STAFF, 200)

CASES: list[Case] = [
    # A deployment's report: the expert and staff; others do not see the deployment (404).
    Case(
        "api-v1:mission_report_detail_endpoint",
        identified(404, expert=200, **STAFF_OK),
        {"deployment_id": Ref("reported_deployment")},
    ),
    Case(
        "api-v1:mission_report_submit_endpoint",
        identified(404, expert=200, **STAFF_OK),
        {"deployment_id": Ref("reported_deployment")},
        method="put",
        data=REPORT,
        label="after the mission",
    ),
    Case(
        "api-v1:mission_report_submit_endpoint",
        identified(404, expert=409, **dict.fromkeys(STAFF, 409)),
        {"deployment_id": Ref("upcoming_deployment")},
        method="put",
        data=REPORT,
        label="before the activity",
    ),
    # Feedback: partners of the action and deployed experts (their own), staff (all); others see
    # the public activity but have no part in it (403).
    Case(
        "api-v1:feedback_list_endpoint",
        identified(403, partner=200, expert=200, **STAFF_OK),
        {"activity_id": Ref("feedback_activity")},
    ),
    Case(
        "api-v1:feedback_give_endpoint",
        identified(403, partner=200, expert=200),
        {"activity_id": Ref("feedback_activity")},
        method="put",
        data={"score": 4, "comment": "Useful."},
    ),
]
