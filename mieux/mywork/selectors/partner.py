"""My work for a partner focal point: their institutions' open requests and what each waits
for, the coming activities of their actions, and the activities they may now rate."""

import datetime
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mieux.experts.models import Feedback
from mieux.intake.models import AssistanceRequest
from mieux.intake.policies import partner_institution_ids
from mieux.intake.workflow import OPEN_STATES, RequestStatus
from mieux.mywork.selectors.common import RoleSection, WorkItem, work_list
from mieux.portfolio.models import Action, Activity, ActivityStatus

S = RequestStatus
PARTNER_MOVES = (S.DRAFT, S.INFORMATION_REQUESTED)
# Whose move it is, in the partner's words.
WAITING_FOR: dict[str, Promise] = {
    S.DRAFT: _("Waits for you: submit it when it is complete."),
    S.INFORMATION_REQUESTED: _("Waits for you: the facility asked for more information."),
    S.SUBMITTED: _("Waits for the facility to start the assessment."),
    S.UNDER_ASSESSMENT: _("Waits for the facility's assessment."),
    S.RECOMMENDED: _("Waits for the steering committee's decision."),
    S.NOT_RECOMMENDED: _("Waits for the steering committee's decision."),
    S.DEFERRED: _("Waits for the steering committee's decision."),
    S.APPROVED: _("Approved: waits for the facility to turn it into an action."),
}


def _own_requests(ids: set[int]) -> Any:
    own = AssistanceRequest.objects.filter(
        Q(lead_institution_id__in=ids) | Q(requesting_institutions__in=ids)
    )
    # Through a subquery: a request of two of the user's institutions is listed once.
    return (
        AssistanceRequest.objects.filter(pk__in=own.values("pk"), status__in=OPEN_STATES)
        # The partner's own moves first (drafts, questions of the facility), newest first.
        .annotate(
            partner_moves=Case(
                When(status__in=PARTNER_MOVES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("partner_moves", "-updated_at", "-id")
    )


def _request_item(assistance_request: AssistanceRequest) -> WorkItem:
    return WorkItem(
        title=assistance_request.title,
        url=reverse("intake:request_detail", args=[assistance_request.pk]),
        context=str(assistance_request.get_status_display()),
        note=str(WAITING_FOR.get(assistance_request.status, "")),
    )


def _activities_of(ids: set[int]) -> Any:
    actions = Action.objects.filter(partner_institutions__in=ids).values("pk")
    return Activity.objects.filter(action__in=actions).select_related("action")


def _upcoming_item(activity: Activity) -> WorkItem:
    return WorkItem(
        title=activity.title,
        url=reverse("portfolio:action_detail", args=[activity.action.slug]),
        context=activity.action.name,
        start=activity.start_date,
        end=activity.end_date,
    )


def _feedback_item(activity: Activity) -> WorkItem:
    return WorkItem(
        title=activity.title,
        url=reverse("experts:activity_feedback", args=[activity.pk]),
        context=activity.action.name,
        start=activity.start_date,
        end=activity.end_date,
    )


def partner_section(user: Any, today: datetime.date) -> RoleSection:
    """Six queries (a count and a page for each list); the institutions come from the
    memberships the page already loaded."""
    ids = partner_institution_ids(user)
    activities = _activities_of(ids)
    upcoming = activities.filter(status=ActivityStatus.PLANNED, start_date__gte=today).order_by(
        "start_date", "id"
    )
    given = Feedback.objects.filter(activity=OuterRef("pk"), author=user)
    # As `experts.policies.activity_has_ended` says: delivered, or its last day is past.
    to_rate = (
        activities.exclude(status=ActivityStatus.CANCELLED)
        .filter(Q(status=ActivityStatus.DELIVERED) | Q(end_date__lt=today))
        .exclude(Exists(given))
        .order_by("-end_date", "-id")
    )
    return RoleSection(
        role="partner_focal_point",
        title=_("As partner focal point"),
        lists=[
            work_list(
                "requests",
                _("My requests and what they wait for"),
                _("You have no open request."),
                _own_requests(ids),
                _request_item,
                more_url=reverse("intake:request_list"),
            ),
            work_list(
                "upcoming_activities",
                _("Coming activities of my actions"),
                _("No activity of your actions is coming."),
                upcoming,
                _upcoming_item,
            ),
            work_list(
                "feedback_to_give",
                _("Feedback to give"),
                _("You have no activity to rate."),
                to_rate,
                _feedback_item,
            ),
        ],
    )
