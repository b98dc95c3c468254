"""Mission reports and feedback on activities.

Every endpoint needs an identified caller (anonymous callers get 401). A deployment's report is
for the expert and facility staff (others: 404, as if the deployment did not exist); it can be
written once the mission is over (else 409). Feedback on an activity is given by partner focal
points of the action's institutions and by experts deployed on it, once it has taken place;
staff read all of it, the others their own. An activity whose action the caller may not see is a
404; one they may see but have no part in is a 403.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, actor_of, authenticated
from mieux.api.params import MAX_ID, Version
from mieux.core.errors import NotFound
from mieux.experts import policies, reports
from mieux.experts.models import MissionReport
from mieux.experts.reports import MAX_COMMENT as MAX_FEEDBACK_COMMENT
from mieux.experts.reports import MAX_TEXT as MAX_REPORT_TEXT

router = Router(tags=["feedback"], auth=authenticated)

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}
ONE = {**ERRORS, 403: ProblemOut, 404: ProblemOut}
WRITE = {**ONE, 409: ProblemOut}

DeploymentId = Path(..., ge=1, le=MAX_ID, description="The deployment's id.")
ActivityId = Path(..., ge=1, le=MAX_ID, description="The activity's id.")


class MissionReportIn(Schema):
    summary: str = Field(
        ..., max_length=MAX_REPORT_TEXT, description="What the mission did; required."
    )
    results: str = Field("", max_length=MAX_REPORT_TEXT, description="Results observed.")
    challenges: str = Field("", max_length=MAX_REPORT_TEXT, description="Challenges met.")
    recommendations: str = Field("", max_length=MAX_REPORT_TEXT, description="Recommendations.")
    follow_up: str = Field("", max_length=MAX_REPORT_TEXT, description="Follow-up needed.")
    version: Version | None = Field(
        None,
        description="The deployment's version you read. If the deployment or its report "
        "changed since, 409 `concurrent_update` and nothing changes. Optional, but without it "
        "the last writer wins: a report someone else saved since you read it is overwritten.",
    )


class MissionReportOut(Schema):
    deployment: int = Field(..., alias="deployment_id")
    version: int = Field(
        ..., description="The deployment's version: writing or changing the report bumps it."
    )
    summary: str
    results: str
    challenges: str
    recommendations: str
    follow_up: str
    submitted_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_version(report: Any) -> int:
        return report.deployment.version


class FeedbackIn(Schema):
    score: int = Field(..., description="From 1 (poor) to 5 (excellent).")
    comment: str = Field("", max_length=MAX_FEEDBACK_COMMENT, description="Optional.")


class FeedbackOut(Schema):
    id: int
    activity: int = Field(..., alias="activity_id")
    source: str = Field(..., description="`partner` or `expert`.")
    author: str = Field(..., description="The author's name.")
    score: int
    comment: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_author(feedback: Any) -> str:
        return str(feedback.author.get_full_name() or feedback.author.username)


class FeedbackListOut(Schema):
    count: int
    next: str | None
    items: list[FeedbackOut]


@router.get(
    "/deployments/{deployment_id}/report",
    response={200: MissionReportOut, **ONE},
    summary="A deployment's mission report",
    openapi_extra=AUTHENTICATED_ONLY,
)
def mission_report_detail_endpoint(request: HttpRequest, deployment_id: int = DeploymentId) -> Any:
    """The mission report of a deployment, for the expert and facility staff. No report yet, or
    a deployment the caller may not see: 404."""
    deployment = policies.visible_deployments(actor_of(request)).filter(pk=deployment_id).first()
    if deployment is None:
        raise NotFound(_("No deployment %s.") % deployment_id)
    report = MissionReport.objects.filter(deployment=deployment).first()
    if report is None:
        raise NotFound(_("Deployment %s has no mission report yet.") % deployment_id)
    report.deployment = deployment
    return report


@router.put(
    "/deployments/{deployment_id}/report",
    response={200: MissionReportOut, **WRITE},
    summary="Write a mission report",
    openapi_extra=AUTHENTICATED_ONLY,
)
def mission_report_submit_endpoint(
    request: HttpRequest, payload: MissionReportIn, deployment_id: int = DeploymentId
) -> Any:
    """Write the deployment's mission report, or replace its texts (the expert, or staff on
    their behalf). Only once the deployment is accepted and the activity over, or completed:
    before, a 409. `summary` is required (400 when empty); every change is audited and bumps the
    deployment's `version`. With `version`, a deployment changed since the caller read it is a
    409 `concurrent_update`; without it the last writer wins."""
    texts = payload.model_dump()
    expected_version = texts.pop("version")
    return reports.mission_report_submit(
        actor=actor_of(request),
        deployment_id=deployment_id,
        expected_version=expected_version,
        **texts,
    )


@router.get(
    "/activities/{activity_id}/feedback",
    response={200: FeedbackListOut, **ONE},
    summary="Feedback on an activity",
    openapi_extra=AUTHENTICATED_ONLY,
)
def feedback_list_endpoint(request: HttpRequest, activity_id: int = ActivityId) -> dict:
    """All feedback for facility staff, newest first; a partner focal point of the action or an
    expert deployed on the activity gets their own (at most one). Not paginated: an activity
    has a handful (`next` is always null)."""
    actor = actor_of(request)
    activity = reports.visible_activity(actor, activity_id)
    items = list(reports.feedback_visible_to(actor, activity))
    return {"count": len(items), "next": None, "items": items}


@router.put(
    "/activities/{activity_id}/feedback",
    response={200: FeedbackOut, **WRITE},
    summary="Give feedback on an activity",
    openapi_extra=AUTHENTICATED_ONLY,
)
def feedback_give_endpoint(
    request: HttpRequest, payload: FeedbackIn, activity_id: int = ActivityId
) -> Any:
    """Give or change the caller's own feedback: a score from 1 to 5 (else 400) and a comment.
    Only once the activity has taken place (else 409), by a partner focal point of the action
    (`source` partner) or an expert deployed on it (`source` expert); anyone else gets 403."""
    actor = actor_of(request)
    feedback = reports.feedback_give(
        actor=actor, activity_id=activity_id, score=payload.score, comment=payload.comment
    )
    feedback.author = actor
    return feedback
