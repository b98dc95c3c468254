"""Who may see and do what with expert profiles and deployments: the one policy layer.

Call the predicates with `.test(user, obj)`, as for requests.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from mieux.accounts.models import Role
from mieux.experts.models import Deployment, Expert
from mieux.experts.workflow import EXPERT, OFFICER, Transition

FACILITY_ROLES = frozenset({Role.PROJECT_OFFICER, Role.PROGRAMME_MANAGER, Role.ADMIN})


def _roles(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.roles)


@rules.predicate
def is_facility_staff(user: Any) -> bool:
    """Project officers, the programme manager and administrators run the roster."""
    return bool(_roles(user) & FACILITY_ROLES)


@rules.predicate
def is_the_expert(user: Any, deployment: Deployment) -> bool:
    return bool(getattr(user, "is_authenticated", False) and deployment.expert.user_id == user.pk)


@rules.predicate
def is_own_profile(user: Any, expert: Expert) -> bool:
    return bool(getattr(user, "is_authenticated", False) and expert.user_id == user.pk)


can_manage_roster = is_facility_staff
can_view_deployment = is_facility_staff | is_the_expert

ACTOR_PREDICATES = {
    OFFICER: is_facility_staff,
    # An officer may record the answer of an expert who has no account.
    EXPERT: is_the_expert | is_facility_staff,
}


def can_take_transition(user: Any, deployment: Deployment, transition: Transition) -> bool:
    """The user may take this transition on this deployment now (state included)."""
    if deployment.status not in transition.sources:
        return False
    return bool(ACTOR_PREDICATES[transition.actor].test(user, deployment))


def visible_deployments(user: Any) -> QuerySet[Deployment]:
    """The queryset form of `can_view_deployment`, for lookups (others get a 404)."""
    if is_facility_staff(user):
        return Deployment.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Deployment.objects.none()
    return Deployment.objects.filter(expert__user=user)
