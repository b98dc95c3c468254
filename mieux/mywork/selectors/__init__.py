"""The reads behind My work: one section per role the user holds, in a fixed order.

Each section costs a fixed number of queries whatever the data (tested with a growing
portfolio). The user's memberships must be loaded already (`role_page` does it).
"""

import datetime
from typing import Any

from django.utils import timezone

from mieux.accounts.models import Role, roles_of
from mieux.mywork.selectors.common import LIMIT, RoleSection, WorkItem, WorkList
from mieux.mywork.selectors.expert import expert_section
from mieux.mywork.selectors.facility import manager_section, officer_section, steering_section
from mieux.mywork.selectors.knowledge import knowledge_section
from mieux.mywork.selectors.partner import partner_section

__all__ = ["LIMIT", "RoleSection", "WorkItem", "WorkList", "my_work"]


def my_work(user: Any, today: datetime.date | None = None) -> list[RoleSection]:
    """The sections of the user's roles. An administrator sees the officer's queues (they may
    do whatever an officer may); `today` is for tests and defaults to the local date."""
    today = today or timezone.localdate()
    roles = roles_of(user)
    sections = []
    if Role.PARTNER_FOCAL_POINT in roles:
        sections.append(partner_section(user, today))
    if roles & {Role.PROJECT_OFFICER, Role.ADMIN}:
        sections.append(officer_section(today))
    if Role.PROGRAMME_MANAGER in roles:
        sections.append(manager_section())
    if Role.STEERING_MEMBER in roles:
        sections.append(steering_section())
    if Role.EXPERT in roles:
        sections.append(expert_section(user, today))
    if Role.KNOWLEDGE_MANAGER in roles:
        sections.append(knowledge_section(user))
    return sections
