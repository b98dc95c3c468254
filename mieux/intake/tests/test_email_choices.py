"""Request e-mails respect the recipients' choices on their settings page."""

import pytest

from mieux.accounts.models import EmailOptOut, EmailTopic, Membership, Role, User
from mieux.accounts.tests.factories import InstitutionFactory, UserFactory
from mieux.intake import notifications, services
from mieux.intake.models import AssistanceRequest

pytestmark = pytest.mark.django_db


def user_with(role: Role, username: str, **membership) -> User:
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, **membership)
    return user


@pytest.fixture
def partner() -> User:
    return user_with(Role.PARTNER_FOCAL_POINT, "partner", institution=InstitutionFactory())


@pytest.fixture
def draft(partner) -> AssistanceRequest:
    return services.request_create(actor=partner, title="Border data", languages=["es"])


@pytest.fixture
def staff() -> dict[str, User]:
    return {
        "officer": user_with(Role.PROJECT_OFFICER, "officer"),
        "manager": user_with(Role.PROGRAMME_MANAGER, "manager"),
    }


def recipients_of_submit(draft: AssistanceRequest, partner: User) -> list[str]:
    return [user.username for user in notifications.recipients(draft, "submit", partner.pk)]


def test_a_submission_reaches_the_officers_and_the_manager(draft, partner, staff) -> None:
    assert recipients_of_submit(draft, partner) == ["officer", "manager"]


def test_who_declined_request_e_mails_is_left_out(draft, partner, staff) -> None:
    EmailOptOut.objects.create(user=staff["manager"], topic=EmailTopic.REQUEST_UPDATES)
    # Declining another topic changes nothing for request e-mails.
    EmailOptOut.objects.create(user=staff["officer"], topic=EmailTopic.DEPLOYMENT_INVITATIONS)

    assert recipients_of_submit(draft, partner) == ["officer"]
