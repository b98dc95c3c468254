"""Who may see and do what with requests for assistance: the one policy layer.

Pages, API and services ask these predicates (django-rules); none decides on its own. Call them
with `.test(user, obj)`, which passes each predicate the arguments it takes.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from mieux.accounts.models import FACILITY_ROLES, Role, roles_of
from mieux.intake.models import AssistanceRequest
from mieux.intake.workflow import (
    OFFICER,
    REQUESTER,
    STEERING,
    STEERING_VISIBLE_STATES,
    RequestStatus,
    Transition,
)

EDITABLE_STATES = frozenset({RequestStatus.DRAFT, RequestStatus.INFORMATION_REQUESTED})


def partner_institution_ids(user: Any) -> set[int]:
    """Institutions the user is a partner focal point of."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {
        membership.institution_id
        for membership in user.memberships.all()
        if membership.role == Role.PARTNER_FOCAL_POINT and membership.institution_id
    }


@rules.predicate
def is_facility_staff(user: Any) -> bool:
    """Project officers, the programme manager and administrators see every request."""
    return bool(roles_of(user) & FACILITY_ROLES)


@rules.predicate
def is_steering_member(user: Any) -> bool:
    return Role.STEERING_MEMBER in roles_of(user)


@rules.predicate
def is_requester(user: Any, assistance_request: AssistanceRequest) -> bool:
    ids = partner_institution_ids(user)
    if not ids:
        return False
    if assistance_request.lead_institution_id in ids:
        return True
    return any(
        institution.pk in ids for institution in assistance_request.requesting_institutions.all()
    )


@rules.predicate
def is_before_steering(user: Any, assistance_request: AssistanceRequest) -> bool:
    return assistance_request.status not in STEERING_VISIBLE_STATES


@rules.predicate
def is_editable(user: Any, assistance_request: AssistanceRequest) -> bool:
    return assistance_request.status in EDITABLE_STATES


can_view_request = is_facility_staff | is_requester | (is_steering_member & ~is_before_steering)
can_edit_request = is_requester & is_editable
can_create_request = rules.predicate(lambda user: bool(partner_institution_ids(user)))
# The assessment (checks and recommendation) is for the facility and the steering committee.
can_view_assessment = is_facility_staff | is_steering_member

ACTOR_PREDICATES = {
    REQUESTER: is_requester,
    OFFICER: is_facility_staff,
    STEERING: is_steering_member,
}


def can_take_transition(
    user: Any, assistance_request: AssistanceRequest, transition: Transition
) -> bool:
    """The user may take this transition on this request now (state included)."""
    if assistance_request.status not in transition.sources:
        return False
    if not can_view_request.test(user, assistance_request):
        return False
    return ACTOR_PREDICATES[transition.actor].test(user, assistance_request)


def visible_requests(user: Any) -> QuerySet[AssistanceRequest]:
    """The queryset form of `can_view_request`, for lists and lookups (others get a 404)."""
    requests = AssistanceRequest.objects.all()
    if is_facility_staff(user):
        return requests
    condition = Q(pk__in=[])
    ids = partner_institution_ids(user)
    if ids:
        condition |= Q(lead_institution_id__in=ids) | Q(requesting_institutions__in=ids)
    if is_steering_member(user):
        condition |= Q(status__in=STEERING_VISIBLE_STATES)
    return requests.filter(pk__in=requests.filter(condition).values("pk"))


# Staff pages: the steering agenda, the assessment page, the lead-time dashboard, object history.
@rules.predicate
def is_programme_manager(user: Any) -> bool:
    return Role.PROGRAMME_MANAGER in roles_of(user)


@rules.predicate
def is_partner_focal_point(user: Any) -> bool:
    return Role.PARTNER_FOCAL_POINT in roles_of(user)


# The request list: the partners' own requests, the committee's agenda items, all for staff.
can_list_requests = is_facility_staff | is_steering_member | is_partner_focal_point
can_view_steering_agenda = is_facility_staff | is_steering_member
can_assess_requests = is_facility_staff
can_view_lead_times = is_facility_staff
can_view_history = is_facility_staff
