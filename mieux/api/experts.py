"""Deployments: an expert's own list, proposing an expert for an activity, one deployment and its
workflow transitions.

Every endpoint needs an identified caller (anonymous callers get 401). A deployment is visible to
facility staff and to the expert deployed (`mieux.experts.policies.visible_deployments`); anyone
else gets a 404, as if it did not exist. Writes go through `mieux.experts.services`, which check
the policy and the rules (no two held deployments on overlapping dates, the expert's unavailable
periods and yearly days) and change nothing when they refuse.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import ConfigDict

from mieux.api.auth import caller
from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, actor_of, authenticated
from mieux.api.intake_schemas import TRANSITION_PATTERN, Reason, TransitionOptionOut
from mieux.api.params import MAX_ID, Id, Version
from mieux.api.schemas import CountryRef
from mieux.core.errors import NotFound
from mieux.experts import policies, services
from mieux.experts.models import Deployment, DeploymentRole
from mieux.experts.selectors import deployments_of
from mieux.experts.workflow import TRANSITIONS, transitions_from

router = Router(tags=["deployments"], auth=authenticated)

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}
WRITE = {**ERRORS, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut}
DeploymentId = Path(..., ge=1, le=MAX_ID, description="The deployment's id.")


# --- schemas ----------------------------------------------------------------------------------


class DeploymentActionOut(Schema):
    slug: str
    name: str


class DeploymentActivityOut(Schema):
    id: int
    title: str
    start_date: datetime.date
    end_date: datetime.date
    city: str
    country: CountryRef | None
    is_virtual: bool
    action: DeploymentActionOut


class DeploymentOut(Schema):
    id: int
    role: str
    status: str
    activity: DeploymentActivityOut


class DeploymentListOut(Schema):
    count: int
    next: str | None
    items: list[DeploymentOut]


class DeploymentExpertOut(Schema):
    """Who is deployed: the name only (contact data is on the profile, for those who may see
    it)."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.full_name)


class DeploymentDetailOut(DeploymentOut):
    """One deployment; `transitions` are those the caller may take now. Pass `version` back with
    a transition to be sure nobody acted in between."""

    version: int
    expert: DeploymentExpertOut
    proposed_at: datetime.datetime
    invited_at: datetime.datetime | None
    responded_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    transitions: list[TransitionOptionOut]

    @staticmethod
    def resolve_proposed_at(obj: Deployment) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_transitions(obj: Any) -> list[dict[str, Any]]:
        return [
            {"name": t.name, "label": str(t.label), "reason_required": t.reason_required}
            for t in obj.available_transitions
        ]


class _StrictInput(Schema):
    model_config = ConfigDict(extra="forbid")


class DeploymentIn(_StrictInput):
    expert_id: Id = Field(..., description="The expert to propose.")
    role: str = Field(
        DeploymentRole.EXPERT.value,
        pattern=r"^[a-z_]{1,16}$",
        max_length=16,
        description="lead_expert or expert.",
    )


class DeploymentTransitionIn(_StrictInput):
    transition: str = Field(
        ...,
        pattern=TRANSITION_PATTERN,
        max_length=32,
        description=", ".join(TRANSITIONS) + ".",
    )
    reason: Reason = ""
    version: Version | None = Field(
        None, description="The version you read; if the deployment changed since, 409."
    )


# --- reads ------------------------------------------------------------------------------------


def _detail(user: Any, deployment_id: int) -> Deployment:
    """The deployment with the transitions the caller may take now, or a 404."""
    deployment = (
        policies.visible_deployments(user)
        .select_related("expert", "activity__country", "activity__action")
        .filter(pk=deployment_id)
        .first()
    )
    if deployment is None:
        raise NotFound(_("No deployment %s.") % deployment_id)
    deployment.available_transitions = [  # type: ignore[attr-defined]
        transition
        for transition in transitions_from(deployment.status)
        if policies.can_take_transition(user, deployment, transition)
    ]
    return deployment


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "/deployments",
    response={200: DeploymentListOut, **ERRORS},
    summary="My deployments",
    openapi_extra=AUTHENTICATED_ONLY,
)
def deployment_list_endpoint(request: HttpRequest) -> dict:
    """The caller's own deployments as an expert, soonest activity first (an expert has few, so
    the list is not paginated: `next` is always null)."""
    deployments = list(deployments_of(caller(request)).select_related("activity__country"))
    return {"count": len(deployments), "next": None, "items": deployments}


@router.get(
    "/deployments/{deployment_id}",
    response={200: DeploymentDetailOut, **ERRORS, 404: ProblemOut},
    summary="One deployment",
    openapi_extra=AUTHENTICATED_ONLY,
)
def deployment_detail_endpoint(
    request: HttpRequest, deployment_id: int = DeploymentId
) -> Deployment:
    """A deployment, for facility staff and the expert deployed; a 404 for anyone else."""
    return _detail(actor_of(request), deployment_id)


@router.post(
    "/activities/{activity_id}/deployments",
    response={201: DeploymentDetailOut, **WRITE},
    summary="Propose an expert",
    openapi_extra=AUTHENTICATED_ONLY,
)
def deployment_propose_endpoint(
    request: HttpRequest,
    payload: DeploymentIn,
    activity_id: int = Path(..., ge=1, le=MAX_ID, description="The activity's id."),
) -> Status:
    """Propose an expert for an activity (facility staff only; 403 for anyone else); take the
    `invite` transition to invite them.

    An unknown activity or expert is a 404; an expert without consent, deactivated, or an
    unknown role is a 400; an expert already proposed is a 409 `conflict`; one who holds a
    deployment on overlapping dates a 409 `overlapping_deployment`; one unavailable on the
    dates or out of days for the year a 409 `expert_unavailable`. Nothing changes on any
    error."""
    user = actor_of(request)
    deployment = services.deployment_propose(
        actor=user, expert_id=payload.expert_id, activity_id=activity_id, role=payload.role
    )
    return Status(201, _detail(user, deployment.pk))


@router.post(
    "/deployments/{deployment_id}/transitions",
    response={200: DeploymentDetailOut, **WRITE},
    summary="Take a deployment transition",
    openapi_extra=AUTHENTICATED_ONLY,
)
def deployment_transition_endpoint(
    request: HttpRequest, payload: DeploymentTransitionIn, deployment_id: int = DeploymentId
) -> Deployment:
    """Move the deployment along its workflow: staff `invite` and `complete`, the expert (or
    staff on their behalf) `accept` or `decline`.

    A transition the status does not allow is a 409 `illegal_transition`; with a stale
    `version`, or when someone else acted at the same moment, a 409 `concurrent_update`;
    accepting onto overlapping dates a 409 `overlapping_deployment`; a transition the caller
    may not take a 403. Nothing changes on any error."""
    user = actor_of(request)
    services.deployment_transition(
        actor=user,
        deployment_id=deployment_id,
        transition=payload.transition,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _detail(user, deployment_id)
