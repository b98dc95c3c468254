"""My work for an expert: invitations to answer, missions coming, mission reports due."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mieux.experts.workflow import DeploymentStatus
from mieux.mywork.selectors.common import RoleSection, work_list
from mieux.mywork.selectors.facility import (
    deployment_item,
    deployments_with_activity,
    reports_due,
)


def expert_section(user: Any, today: datetime.date) -> RoleSection:
    """Six queries: three lists of the user's own deployments."""
    own = deployments_with_activity().filter(expert__user=user)
    return RoleSection(
        role="expert",
        title=_("As expert"),
        lists=[
            work_list(
                "invitations",
                _("Invitations to answer"),
                _("You have no invitation to answer."),
                own.filter(status=DeploymentStatus.INVITED).order_by("activity__start_date", "id"),
                deployment_item("experts:deployment_detail", for_staff=False),
                more_url=reverse("experts:deployment_list"),
            ),
            work_list(
                "missions_coming",
                _("Missions coming"),
                _("You have no mission coming."),
                own.filter(
                    status=DeploymentStatus.ACCEPTED, activity__end_date__gte=today
                ).order_by("activity__start_date", "id"),
                deployment_item("experts:deployment_detail", for_staff=False),
            ),
            work_list(
                "reports_due",
                _("Mission reports due"),
                _("No mission report is due."),
                reports_due(own, today).order_by("activity__end_date", "id"),
                deployment_item("experts:deployment_report", for_staff=False),
            ),
        ],
    )
