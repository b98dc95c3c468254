"""My work for the facility: the project officer's queues, the steering committee's agenda and
the programme manager's overview. Every list is two queries (see `common.work_list`)."""

import datetime
from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mieux.experts.matching_rules import TEAM_STATES
from mieux.experts.models import Deployment
from mieux.experts.workflow import DeploymentStatus
from mieux.intake.leadtimes import WAITING_STATES
from mieux.intake.models import AssistanceRequest
from mieux.intake.workflow import AWAITING_DECISION_STATES, RequestStatus
from mieux.mywork.selectors.common import RoleSection, WorkItem, work_list
from mieux.portfolio.models import Action, Activity, ActivityStatus

S = RequestStatus
# The officer's next step on a request, and the page where it is taken.
OFFICER_STEPS = {
    S.SUBMITTED: (_("Submitted: start the assessment."), "intake:assessment"),
    S.UNDER_ASSESSMENT: (_("Under assessment: recommend it or not."), "intake:assessment"),
    S.APPROVED: (_("Approved: formulate it into an action."), "intake:request_detail"),
}


def _request_to_assess(assistance_request: AssistanceRequest) -> WorkItem:
    note, page = OFFICER_STEPS[RequestStatus(assistance_request.status)]
    return WorkItem(
        title=assistance_request.title,
        url=reverse(page, args=[assistance_request.pk]),
        context=assistance_request.lead_institution.name,
        note=str(note),
    )


def _activity_to_staff(activity: Any) -> WorkItem:
    return WorkItem(
        title=activity.title,
        url=reverse("experts:activity_matches", args=[activity.pk]),
        context=activity.action.name,
        note=ngettext(
            "%(team)d of %(needed)d expert in the team.",
            "%(team)d of %(needed)d experts in the team.",
            activity.experts_needed,
        )
        % {"team": activity.team, "needed": activity.experts_needed},
        start=activity.start_date,
        end=activity.end_date,
    )


def deployment_item(page: str, *, for_staff: bool = True) -> Any:
    """An item per deployment, linking to `page`; staff read whose deployment it is, the expert
    their role in it."""

    def to_item(deployment: Deployment) -> WorkItem:
        activity = deployment.activity
        return WorkItem(
            title=activity.title,
            url=reverse(page, args=[deployment.pk]),
            context=(
                f"{deployment.expert.full_name} · {activity.action.name}"
                if for_staff
                else activity.action.name
            ),
            note="" if for_staff else str(deployment.get_role_display()),
            start=activity.start_date,
            end=activity.end_date,
        )

    return to_item


def _action_item(action: Action) -> WorkItem:
    return WorkItem(
        title=action.name,
        url=reverse("portfolio:workspace_action_publication", args=[action.slug]),
        context=action.title,
        note=str(action.get_status_display()),
    )


def reports_due(deployments: Any, today: datetime.date) -> Any:
    """Deployments whose mission report is due and not written: as
    `experts.policies.report_is_due` says, completed, or accepted and the activity over."""
    return deployments.filter(
        Q(status=DeploymentStatus.COMPLETED)
        | Q(status=DeploymentStatus.ACCEPTED, activity__end_date__lt=today),
        mission_report__isnull=True,
    )


def deployments_with_activity() -> Any:
    return Deployment.objects.select_related("expert", "activity__action")


def officer_section(today: datetime.date) -> RoleSection:
    """Ten queries: five lists."""
    requests = _requests_in(OFFICER_STEPS)
    # The team as the matching page counts it: every deployment that was not declined.
    understaffed = (
        Activity.objects.filter(status=ActivityStatus.PLANNED, start_date__gte=today)
        .annotate(team=Count("deployments", filter=Q(deployments__status__in=TEAM_STATES)))
        .filter(team__lt=F("experts_needed"))
        .select_related("action")
        .order_by("start_date", "id")
    )
    deployments = deployments_with_activity()
    return RoleSection(
        role="project_officer",
        title=_("As project officer"),
        lists=[
            work_list(
                "requests_to_assess",
                _("Requests to assess or formulate"),
                _("No request waits for the facility."),
                requests,
                _request_to_assess,
                more_url=reverse("intake:request_list"),
            ),
            work_list(
                "activities_to_staff",
                _("Coming activities without a full team"),
                _("Every coming activity has its team."),
                understaffed,
                _activity_to_staff,
                more_url=reverse("experts:planning"),
            ),
            work_list(
                "deployments_to_invite",
                _("Proposed experts to invite"),
                _("No proposed expert waits for an invitation."),
                deployments.filter(status=DeploymentStatus.PROPOSED).order_by(
                    "activity__start_date", "id"
                ),
                deployment_item("experts:deployment_detail"),
            ),
            work_list(
                "reports_due",
                _("Mission reports due"),
                _("No mission report is due."),
                reports_due(deployments, today).order_by("activity__end_date", "id"),
                deployment_item("experts:deployment_report"),
            ),
            work_list(
                "actions_not_public",
                _("Actions not yet public"),
                _("Every action is public."),
                Action.objects.filter(is_public=False).order_by("-updated_at", "id"),
                _action_item,
                more_url=reverse("portfolio:workspace_action_list"),
            ),
        ],
    )


def _request_item(page: Any) -> Any:
    """An item per request, linking to `page(request)`, with its status."""

    def to_item(assistance_request: AssistanceRequest) -> WorkItem:
        return WorkItem(
            title=assistance_request.title,
            url=page(assistance_request),
            context=assistance_request.lead_institution.name,
            note=str(assistance_request.get_status_display()),
        )

    return to_item


def _requests_in(states: Any) -> Any:
    return (
        AssistanceRequest.objects.filter(status__in=states)
        .select_related("lead_institution")
        .order_by("submitted_at", "id")
    )


def steering_section() -> RoleSection:
    """Two queries: the agenda's requests, awaiting a decision, each linked to its place on the
    agenda (where the committee decides)."""
    agenda_url = reverse("intake:steering_agenda")
    return RoleSection(
        role="steering_member",
        title=_("As steering committee member"),
        lists=[
            work_list(
                "agenda",
                _("Requests on the agenda"),
                _("No request awaits the committee's decision."),
                _requests_in(AWAITING_DECISION_STATES),
                _request_item(lambda r: f"{agenda_url}#request-{r.pk}"),
                more_url=agenda_url,
            )
        ],
        link_url=agenda_url,
        link_label=_("Open the steering agenda"),
    )


def manager_section() -> RoleSection:
    """Two queries: the open requests owed a step, oldest submission first; the dashboard (lead
    times, longest waits) is a link away."""
    dashboard_url = reverse("intake:dashboard")
    return RoleSection(
        role="programme_manager",
        title=_("As programme manager"),
        lists=[
            work_list(
                "requests_waiting",
                _("Open requests, oldest first"),
                _("No open request waits for a step."),
                _requests_in(WAITING_STATES),
                _request_item(lambda r: reverse("intake:request_detail", args=[r.pk])),
                more_url=dashboard_url,
            )
        ],
        link_url=dashboard_url,
        link_label=_("Open the dashboard"),
    )
