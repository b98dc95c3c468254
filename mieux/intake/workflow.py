"""The request workflow as data: states, transitions, who may take them.

draft → submitted → under_assessment (⇄ information_requested) → recommended | not_recommended
→ approved | rejected | deferred → formulated; withdrawn from any open state by the requester.

Only `mieux.intake.services.request_transition` executes a transition; pages and the API read
this table to show the transitions a user may take now.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Role


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    RECOMMENDED = "recommended", _("Recommended")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    FORMULATED = "formulated", _("Formulated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = RequestStatus
CLOSED_STATES = frozenset({S.REJECTED, S.FORMULATED, S.WITHDRAWN})
OPEN_STATES = frozenset(set(S) - CLOSED_STATES)
# States a steering committee member may see: from the officer's recommendation on.
STEERING_VISIBLE_STATES = frozenset(
    {S.RECOMMENDED, S.NOT_RECOMMENDED, S.APPROVED, S.REJECTED, S.DEFERRED, S.FORMULATED}
)
AWAITING_DECISION_STATES = frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED, S.DEFERRED})
DECISION_STATES = frozenset({S.APPROVED, S.REJECTED, S.DEFERRED})

# Who acts: the requester (a partner focal point of a requesting institution), project officers,
# steering committee members. The programme manager may do whatever an officer may.
REQUESTER = "requester"
OFFICER = Role.PROJECT_OFFICER.value
STEERING = Role.STEERING_MEMBER.value


@dataclass(frozen=True)
class Transition:
    """One step. `label` names the button; `done` is the sentence that confirms it, `rule` the
    sentence that says when it is possible (each a whole sentence, so every language can word it
    its own way)."""

    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    actor: str
    done: Promise
    rule: Promise
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            _("Submit"),
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            REQUESTER,
            done=_("The request was submitted to the facility."),
            rule=_("Only a draft can be submitted."),
        ),
        Transition(
            "start_assessment",
            _("Start assessment"),
            frozenset({S.SUBMITTED}),
            S.UNDER_ASSESSMENT,
            OFFICER,
            done=_("The assessment of the request has started."),
            rule=_("Only a submitted request can be taken into assessment."),
        ),
        Transition(
            "request_information",
            _("Request information"),
            frozenset({S.UNDER_ASSESSMENT}),
            S.INFORMATION_REQUESTED,
            OFFICER,
            done=_("More information was asked of the requester."),
            rule=_("More information can be asked only while the request is under assessment."),
            reason_required=True,
        ),
        Transition(
            "resubmit",
            _("Resubmit"),
            frozenset({S.INFORMATION_REQUESTED}),
            S.UNDER_ASSESSMENT,
            REQUESTER,
            done=_("The request was sent back to the facility with the information asked for."),
            rule=_("Only a request waiting for more information can be resubmitted."),
        ),
        Transition(
            "recommend",
            _("Recommend"),
            frozenset({S.UNDER_ASSESSMENT}),
            S.RECOMMENDED,
            OFFICER,
            done=_("The request was recommended to the steering committee."),
            rule=_("Only a request under assessment can be recommended."),
            reason_required=True,
        ),
        Transition(
            "not_recommend",
            _("Do not recommend"),
            frozenset({S.UNDER_ASSESSMENT}),
            S.NOT_RECOMMENDED,
            OFFICER,
            done=_("The request went to the steering committee without a recommendation."),
            rule=_("Only a request under assessment can be sent on without a recommendation."),
            reason_required=True,
        ),
        Transition(
            "approve",
            _("Approve"),
            AWAITING_DECISION_STATES,
            S.APPROVED,
            STEERING,
            done=_("The request was approved."),
            rule=_("Only a request awaiting the steering committee's decision can be approved."),
            reason_required=True,
        ),
        Transition(
            "reject",
            _("Reject"),
            AWAITING_DECISION_STATES,
            S.REJECTED,
            STEERING,
            done=_("The request was rejected."),
            rule=_("Only a request awaiting the steering committee's decision can be rejected."),
            reason_required=True,
        ),
        Transition(
            "defer",
            _("Defer"),
            frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED}),
            S.DEFERRED,
            STEERING,
            done=_("The decision on the request was deferred."),
            rule=_("Only a request the officer recommended or did not recommend can be deferred."),
            reason_required=True,
        ),
        Transition(
            "formulate",
            _("Formulate into an action"),
            frozenset({S.APPROVED}),
            S.FORMULATED,
            OFFICER,
            done=_("The request was formulated into an action."),
            rule=_("Only an approved request can be formulated into an action."),
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            OPEN_STATES,
            S.WITHDRAWN,
            REQUESTER,
            done=_("The request was withdrawn."),
            rule=_("A request that is closed can no longer be withdrawn."),
        ),
    )
}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
