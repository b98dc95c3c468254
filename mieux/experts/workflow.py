"""The deployment workflow as data: states, transitions, who may take them.

proposed → invited → accepted | declined; accepted → completed.

Only `mieux.experts.services.deployment_transition` executes a transition; pages and the API
read this table to show the transitions a user may take now.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Role


class DeploymentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


S = DeploymentStatus
CLOSED_STATES = frozenset({S.DECLINED, S.COMPLETED})

# Who acts: project officers (the programme manager and administrators may do the same) propose,
# invite and close; the expert answers an invitation. An officer may record the answer for an
# expert who has no account.
OFFICER = Role.PROJECT_OFFICER.value
EXPERT = Role.EXPERT.value


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
            "invite",
            _("Invite"),
            frozenset({S.PROPOSED}),
            S.INVITED,
            OFFICER,
            done=_("The expert was invited."),
            rule=_("Only a proposed expert can be invited."),
        ),
        Transition(
            "accept",
            _("Accept"),
            frozenset({S.INVITED}),
            S.ACCEPTED,
            EXPERT,
            done=_("The invitation was accepted."),
            rule=_("Only an open invitation can be accepted."),
        ),
        Transition(
            "decline",
            _("Decline"),
            frozenset({S.INVITED}),
            S.DECLINED,
            EXPERT,
            done=_("The invitation was declined."),
            rule=_("Only an open invitation can be declined."),
        ),
        Transition(
            "complete",
            _("Complete"),
            frozenset({S.ACCEPTED}),
            S.COMPLETED,
            OFFICER,
            done=_("The deployment was marked completed."),
            rule=_("Only an accepted deployment can be marked completed."),
        ),
    )
}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
