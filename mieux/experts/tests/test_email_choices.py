"""Invitation e-mails respect the expert's choice on their settings page, and the choice is
among the personal data exported (with the notifications, which erasure removes)."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from mieux.accounts.models import EmailOptOut, EmailTopic
from mieux.accounts.tests.factories import UserFactory
from mieux.experts.workflow import DeploymentStatus
from mieux.inbox.models import Notification
from mieux.inbox.services import notifications_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana_with_address(expert_user):
    expert_user.email = "ana@example.org"
    expert_user.save()
    return expert_user


def test_an_expert_who_declined_invitation_e_mails_gets_none_and_sees_it_in_mieux(
    expert, ana_with_address, invite, lima_workshop, django_capture_on_commit_callbacks
) -> None:
    EmailOptOut.objects.create(user=ana_with_address, topic=EmailTopic.DEPLOYMENT_INVITATIONS)

    with django_capture_on_commit_callbacks(execute=True):
        deployment = invite(expert, lima_workshop)

    assert mail.outbox == []
    assert deployment.status == DeploymentStatus.INVITED
    (notification,) = Notification.objects.filter(user=ana_with_address)
    assert notification.url == f"/deployments/{deployment.pk}/"
    assert notification.text == "Invitation to “Lima workshop”: please accept or decline"
    client = Client()
    client.force_login(ana_with_address)
    assert "Lima workshop" in client.get("/deployments/").text


def test_declining_another_topic_leaves_invitation_e_mails_on(
    expert, ana_with_address, invite, lima_workshop, django_capture_on_commit_callbacks
) -> None:
    EmailOptOut.objects.create(user=ana_with_address, topic=EmailTopic.REQUEST_UPDATES)

    with django_capture_on_commit_callbacks(execute=True):
        invite(expert, lima_workshop)

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_the_personal_data_export_holds_the_e_mail_choices(ana_with_address) -> None:
    EmailOptOut.objects.create(user=ana_with_address, topic=EmailTopic.DEPLOYMENT_INVITATIONS)
    out = StringIO()

    call_command("export_personal_data", "ana@example.org", stdout=out)

    (account,) = json.loads(out.getvalue())["accounts"]
    assert account["email_topics_declined"] == ["deployment_invitations"]


def test_the_personal_data_export_holds_the_notifications_and_erasure_removes_them(
    ana_with_address,
) -> None:
    other = UserFactory(username="other")
    notifications_create(
        texts=[(ana_with_address, "Invitation to “Lima workshop”"), (other, "Theirs")],
        url="/deployments/1/",
    )
    out = StringIO()

    call_command("export_personal_data", "ana@example.org", stdout=out)
    call_command("erase_personal_data", "ana@example.org", "--yes", verbosity=0)

    (account,) = json.loads(out.getvalue())["accounts"]
    assert [(n["text"], n["url"], n["read_at"]) for n in account["notifications"]] == [
        ("Invitation to “Lima workshop”", "/deployments/1/", None)
    ]
    assert list(Notification.objects.values_list("text", flat=True)) == ["Theirs"]
