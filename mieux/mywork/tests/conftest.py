"""A small world for My work: one user per role (and one holding two roles), two partner
institutions with an action each, and helpers that add requests, activities and deployments
in the states the lists look for. Dates are relative to today, as the page reads them."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from mieux.accounts.models import Membership, Role, User
from mieux.accounts.tests.factories import InstitutionFactory, RegionFactory, UserFactory
from mieux.experts.models import Deployment, Expert, ExpertType
from mieux.intake.models import AssistanceRequest
from mieux.intake.tests.conftest import ROLES
from mieux.portfolio.tests.factories import ActionFactory, ActivityFactory

# One user per facility role, as in the intake tests.


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def world(db) -> dict[str, Any]:
    region = RegionFactory(code="LAC", name_en="Latin America and the Caribbean")
    own = InstitutionFactory(name="Instituto Nacional de Migración")
    other = InstitutionFactory(name="Ministerio del Interior")
    users: dict[str, User] = {}
    for name, role in ROLES.items():
        users[name] = UserFactory(username=name, is_staff=role in {Role.PROJECT_OFFICER})
        Membership.objects.create(user=users[name], role=role)
    for name, institution in (("partner", own), ("other_partner", other)):
        users[name] = UserFactory(username=name)
        Membership.objects.create(
            user=users[name], role=Role.PARTNER_FOCAL_POINT, institution=institution
        )
    experts = {
        name: Expert.objects.create(
            user=users.get(name),
            full_name=f"{name.capitalize()} Expert",
            expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        )
        for name in ("expert", "other_expert")
    }
    own_action = ActionFactory(name="Mexico III", region=region, language="en")
    own_action.partner_institutions.add(own)
    other_action = ActionFactory(name="Peru III", region=region, language="en")
    other_action.partner_institutions.add(other)
    return {
        "region": region,
        "own": own,
        "other": other,
        "users": users,
        "experts": experts,
        "own_action": own_action,
        "other_action": other_action,
    }


@pytest.fixture
def add_request(world):
    def add(title: str, status: str, institution: str = "own") -> AssistanceRequest:
        assistance_request = AssistanceRequest.objects.create(
            title=title,
            region=world["region"],
            lead_institution=world[institution],
            status=status,
            created_by=world["users"]["partner"],
            submitted_at=timezone.now() if status != "draft" else None,
        )
        assistance_request.requesting_institutions.add(world[institution])
        return assistance_request

    return add


@pytest.fixture
def add_activity(world, today):
    def add(title: str, days_from_today: int, action: str = "own_action", **fields: Any) -> Any:
        start = today + datetime.timedelta(days=days_from_today)
        fields.setdefault("status", "planned")
        return ActivityFactory(
            action=world[action],
            title=title,
            start_date=start,
            end_date=start + datetime.timedelta(days=2),
            **fields,
        )

    return add


@pytest.fixture
def add_deployment(world):
    def add(activity: Any, status: str, expert: str = "expert") -> Deployment:
        return Deployment.objects.create(
            expert=world["experts"][expert],
            activity=activity,
            status=status,
            proposed_by=world["users"]["officer"],
        )

    return add


def lists_of(sections: list[Any], role: str) -> dict[str, Any]:
    """The lists of the section of `role`, by key."""
    (section,) = [section for section in sections if section.role == role]
    return {work_list.key: work_list for work_list in section.lists}


def titles(work_list: Any) -> list[str]:
    return [item.title for item in work_list.items]
