"""Who may see and do what with expert profiles and deployments: the one policy layer.

Call the predicates with `.test(user, obj)`, as for requests.
"""

from typing import Any

import rules
from django.db.models import QuerySet
from django.utils import timezone

from mieux.accounts.models import FACILITY_ROLES, Role, roles_of
from mieux.experts.models import Deployment, Expert
from mieux.experts.workflow import EXPERT, OFFICER, DeploymentStatus, Transition
from mieux.portfolio.models import Activity, ActivityStatus


@rules.predicate
def is_facility_staff(user: Any) -> bool:
    """Project officers, the programme manager and administrators run the roster."""
    return bool(roles_of(user) & FACILITY_ROLES)


@rules.predicate
def is_the_expert(user: Any, deployment: Deployment) -> bool:
    return bool(getattr(user, "is_authenticated", False) and deployment.expert.user_id == user.pk)


@rules.predicate
def is_own_profile(user: Any, expert: Expert) -> bool:
    return bool(getattr(user, "is_authenticated", False) and expert.user_id == user.pk)


can_manage_roster = is_facility_staff


@rules.predicate
def is_expert(user: Any) -> bool:
    """Experts on the roster: their deployments and their own profile."""
    return Role.EXPERT in roles_of(user)


can_view_own_deployments = is_expert
can_edit_own_profile = is_expert
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


# Profiles (issue 4, items 1 and 5): an expert edits their own profile; staff edit any. Contact
# data (e-mail, CV, notes on unavailable periods) is shown to the same people and no one else.
can_edit_profile = is_facility_staff | is_own_profile
can_view_contact_data = is_facility_staff | is_own_profile


def visible_experts(user: Any) -> QuerySet[Expert]:
    """The queryset form of `can_view_contact_data`: staff see the roster, an expert their own
    profile, anyone else nothing (their lookups are 404s)."""
    if is_facility_staff(user):
        return Expert.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Expert.objects.none()
    return Expert.objects.filter(user=user)


# --- mission reports and feedback on activities ------------------------------------------------


@rules.predicate
def report_is_due(user: Any, deployment: Deployment) -> bool:
    """A report follows the mission: accepted and the activity over, or completed."""
    if deployment.status == DeploymentStatus.COMPLETED:
        return True
    return bool(
        deployment.status == DeploymentStatus.ACCEPTED
        and deployment.activity.end_date < timezone.localdate()
    )


# The expert writes the report; staff may write it on the expert's behalf.
can_write_report = (is_the_expert | is_facility_staff) & report_is_due


@rules.predicate
def activity_has_ended(user: Any, activity: Activity) -> bool:
    """Feedback is on what happened: a delivered activity, or one whose last day is past."""
    if activity.status == ActivityStatus.CANCELLED:
        return False
    return bool(
        activity.status == ActivityStatus.DELIVERED or activity.end_date < timezone.localdate()
    )


@rules.predicate
def is_partner_of_activity(user: Any, activity: Activity) -> bool:
    """A partner focal point of one of the partner institutions of the activity's action."""
    if not getattr(user, "is_authenticated", False):
        return False
    ids = {
        membership.institution_id
        for membership in user.memberships.all()
        if membership.role == Role.PARTNER_FOCAL_POINT and membership.institution_id
    }
    return bool(ids) and activity.action.partner_institutions.filter(pk__in=ids).exists()


@rules.predicate
def is_deployed_on_activity(user: Any, activity: Activity) -> bool:
    """An expert who accepted (or completed) a deployment on the activity."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Deployment.objects.filter(
        activity=activity,
        expert__user=user,
        status__in=(DeploymentStatus.ACCEPTED, DeploymentStatus.COMPLETED),
    ).exists()


can_read_all_feedback = is_facility_staff
