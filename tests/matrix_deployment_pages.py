"""The permission matrix's cases for the deployment pages (issue 4): an expert's deployments, one
deployment (its transitions and mission report), the invitation answer page and feedback on an
activity.

The demo gives demo-expert a completed deployment (with a mission report) on a delivered
Mexico II activity of which demo-partner-mx's institution is a partner, an invited one and an
accepted one on upcoming activities."""

from typing import Any

from mieux.experts import invitations
from mieux.experts.models import Deployment
from tests.matrix import STAFF, Case, Ref, expect, signed_in


def world() -> dict[str, Any]:
    """Ids of demo objects the cases below refer to with `Ref("…")`."""
    mine = Deployment.objects.filter(expert__user__username="demo-expert")
    # The one with a mission report: Mexico II's seminar, of which INM is a partner.
    completed = mine.filter(status="completed", mission_report__isnull=False).first()
    invited = mine.filter(status="invited").order_by("activity__start_date").first()
    assert completed is not None, "the demo roster is not loaded"
    assert invited is not None, "the demo roster is not loaded"
    return {
        "completed_deployment": completed.pk,
        "completed_version": completed.version,
        "invited_deployment": invited.pk,
        "invited_version": invited.version,
        "invitation_token": invitations.make_token(invited),
        "past_activity": completed.activity_id,
    }


COMPLETED = {"deployment_id": Ref("completed_deployment")}
INVITED = {"deployment_id": Ref("invited_deployment")}
# The expert themself and facility staff; everyone else gets a 404.
EXPERT_AND_STAFF = {"expert": 200, **dict.fromkeys(STAFF, 200)}
REPORT = {"summary": "Two days of seminars.", "results": "A checklist."}

CASES: list[Case] = [
    # Everyone signed in sees their own (possibly empty) list of deployments.
    Case("experts:deployment_list", signed_in(403, expert=200)),
    Case("experts:deployment_detail", signed_in(404, **EXPERT_AND_STAFF), COMPLETED, label="done"),
    Case("experts:deployment_detail", signed_in(404, **EXPERT_AND_STAFF), INVITED, label="invited"),
    Case(
        "experts:deployment_transition",
        # The expert answers; an officer may record the answer for them.
        signed_in(404, expert=302, **dict.fromkeys(STAFF, 302)),
        INVITED,
        method="post",
        data={"transition": "accept", "version": Ref("invited_version")},
        label="accept",
    ),
    Case(
        "experts:deployment_transition",
        # Not possible in this state, whoever asks: a conflict for all who may see it.
        signed_in(404, expert=409, **dict.fromkeys(STAFF, 409)),
        COMPLETED,
        method="post",
        data={"transition": "complete", "version": Ref("completed_version")},
        label="illegal complete",
    ),
    Case("experts:deployment_report", signed_in(404, **EXPERT_AND_STAFF), COMPLETED),
    Case(
        "experts:deployment_report",
        signed_in(404, expert=302, **dict.fromkeys(STAFF, 302)),
        COMPLETED,
        method="post",
        data={**REPORT, "version": Ref("completed_version")},
        label="POST",
    ),
    # The answer page needs no sign-in: the link's token proves the expert.
    Case(
        "experts:deployment_respond",
        expect(200),
        {**INVITED, "token": Ref("invitation_token")},
        label="valid link",
    ),
    Case(
        "experts:deployment_respond",
        expect(200),
        {**INVITED, "token": Ref("invitation_token")},
        method="post",
        data={"answer": "accept"},
        label="accept with the link",
    ),
    Case(
        "experts:deployment_respond",
        expect(400),
        {**INVITED, "token": "not-a-token"},
        method="post",
        data={"answer": "accept"},
        label="forged link",
    ),
    # Partners of the action and experts deployed on the activity give feedback; staff read it
    # all; others may see the (public) activity but have no part in it: 403.
    Case(
        "experts:activity_feedback",
        signed_in(403, partner=200, expert=200, **dict.fromkeys(STAFF, 200)),
        {"activity_id": Ref("past_activity")},
    ),
    Case(
        "experts:activity_feedback",
        signed_in(403, partner=302, expert=302),
        {"activity_id": Ref("past_activity")},
        method="post",
        data={"score": "4", "comment": "Useful."},
        label="POST",
    ),
]
