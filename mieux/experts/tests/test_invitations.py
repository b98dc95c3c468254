"""The invitation e-mail and its accept and decline links (no sign-in needed)."""

import datetime
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import resolve, reverse

from mieux.core.models import AuditEvent
from mieux.experts import invitations, services
from mieux.experts.models import Deployment, Expert, ExpertType
from mieux.experts.tests.conftest import CONSENTED
from mieux.inbox.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite_and_send(officer, django_capture_on_commit_callbacks):
    """Propose and invite as the officer, running the on-commit hooks (the e-mail)."""

    def make(expert: Expert, activity) -> Deployment:
        deployment = services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=activity.pk
        )
        with django_capture_on_commit_callbacks(execute=True):
            return services.deployment_transition(
                actor=officer, deployment_id=deployment.pk, transition="invite"
            )

    return make


@pytest.fixture
def expert_without_account(officer):
    return services.expert_create(
        actor=officer,
        full_name="Carla Gómez",
        email="carla@example.org",
        expert_type=ExpertType.OTHER_PUBLIC_ADMINISTRATION,
        consent_given_at=CONSENTED,
        status="active",
    )


def links_in(body: str) -> dict[str, str]:
    """The answer links of an invitation e-mail, by answer, as paths with their query."""
    links = {}
    for url in re.findall(r"https?://\S+", body):
        parts = urlsplit(url)
        if parts.query.startswith("answer="):
            links[parts.query.removeprefix("answer=")] = f"{parts.path}"
    return links


def test_inviting_e_mails_the_expert_the_activity_and_two_links(
    expert, expert_user, invite_and_send, lima_workshop
) -> None:
    expert_user.email = "ana@example.org"
    expert_user.save()
    lima_workshop.city = "Lima"
    lima_workshop.language = "es"
    lima_workshop.save()

    deployment = invite_and_send(expert, lima_workshop)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Invitation to “Lima workshop”: please accept or decline"
    assert "Dear Ana Pérez," in message.body
    assert "Activity: Lima workshop" in message.body
    assert "Action: Peru III" in message.body
    assert "Dates: May 4, 2026 to May 8, 2026" in message.body
    assert "Place: Lima" in message.body
    assert "Working language: Spanish" in message.body
    assert "Your role: Expert" in message.body
    links = links_in(message.body)
    assert sorted(links) == ["accept", "decline"]
    assert links["accept"] == links["decline"]
    match = resolve(links["accept"])
    assert match.view_name == "experts:deployment_respond"
    assert match.kwargs["deployment_id"] == deployment.pk


def test_an_expert_with_an_account_also_gets_the_link_to_the_deployment(
    expert, expert_user, invite_and_send, lima_workshop, settings
) -> None:
    settings.MIEUX_SITE_URL = "https://mieux.example.org"
    expert_user.email = "ana@example.org"
    expert_user.save()

    deployment = invite_and_send(expert, lima_workshop)

    body = mail.outbox[0].body
    link = f"https://mieux.example.org/deployments/{deployment.pk}/"
    assert (
        f"You can also answer on the page of the deployment in mieux, after signing in:\n{link}\n"
    ) in body
    assert resolve(urlsplit(link).path).view_name == "experts:deployment_detail"
    assert all(
        url.startswith("https://mieux.example.org/") for url in re.findall(r"https?://\S+", body)
    )


def test_an_expert_without_an_account_gets_no_link_to_a_page_they_cannot_open(
    expert_without_account, invite_and_send, lima_workshop
) -> None:
    invite_and_send(expert_without_account, lima_workshop)

    body = mail.outbox[0].body
    assert "after signing in" not in body
    assert not Notification.objects.exists()
    assert sorted(links_in(body)) == ["accept", "decline"]
    assert len(re.findall(r"https?://\S+", body)) == 2


def test_the_e_mail_is_in_the_expert_s_language(
    expert, expert_user, invite_and_send, lima_workshop
) -> None:
    expert_user.email = "ana@example.org"
    expert_user.preferred_language = "es"
    expert_user.save()

    invite_and_send(expert, lima_workshop)

    # Django's own catalogue: the date and the language's name follow the expert's language.
    body = mail.outbox[0].body
    assert "4 de mayo de 2026" in body
    assert "Inglés" in body


def test_an_expert_without_account_is_written_to_in_english(
    expert_without_account, invite_and_send, lima_workshop
) -> None:
    invite_and_send(expert_without_account, lima_workshop)

    assert [m.to for m in mail.outbox] == [["carla@example.org"]]
    assert "Dear Carla Gómez," in mail.outbox[0].body


def test_no_e_mail_for_a_proposal_a_rollback_or_an_expert_without_address(
    officer,
    expert,
    expert_without_account,
    lima_workshop,
    june_training,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.deployment_propose(
            actor=officer, expert_id=expert_without_account.pk, activity_id=lima_workshop.pk
        )
    # Ana's account has no e-mail address and her profile none either.
    deployment = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=june_training.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition="invite"
        )

    assert mail.outbox == []


def test_paused_invitations_send_nothing(
    expert_without_account, invite_and_send, lima_workshop
) -> None:
    with invitations.paused():
        invite_and_send(expert_without_account, lima_workshop)

    assert mail.outbox == []
    assert (
        invitations.send_invitation_email.call(
            Deployment.objects.get(expert=expert_without_account).pk
        )
        == 1
    )


def test_the_answer_page_shows_the_invitation_and_changes_nothing_on_get(
    expert_without_account, invite_and_send, lima_workshop
) -> None:
    deployment = invite_and_send(expert_without_account, lima_workshop)
    accept = links_in(mail.outbox[0].body)["accept"]

    response = Client().get(accept + "?answer=accept")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lima workshop" in html
    assert 'name="answer" value="accept"' in html
    assert 'name="answer" value="decline"' in html
    assert "answer-chosen" in html
    assert response["Referrer-Policy"] == "same-origin"
    deployment.refresh_from_db()
    assert (deployment.status, deployment.version) == ("invited", 2)


def test_an_expert_without_account_accepts_with_the_link_once(
    expert_without_account, invite_and_send, lima_workshop
) -> None:
    deployment = invite_and_send(expert_without_account, lima_workshop)
    link = links_in(mail.outbox[0].body)["accept"]
    client = Client()

    response = client.post(link, {"answer": "accept"})

    assert response.status_code == 200
    assert "You accepted the invitation" in response.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == "accepted"
    assert deployment.responded_at is not None
    event = AuditEvent.objects.filter(verb="deployment.accept").get()
    assert event.actor is None
    assert event.object_id == str(deployment.pk)

    again = client.post(link, {"answer": "decline"})

    assert again.status_code == 410
    assert "already answered" in again.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == "accepted"
    assert client.get(link).status_code == 410


def test_an_expert_with_account_declines_with_the_link_recorded_as_themselves(
    expert, expert_user, invite_and_send, lima_workshop
) -> None:
    expert_user.email = "ana@example.org"
    expert_user.save()
    deployment = invite_and_send(expert, lima_workshop)
    link = links_in(mail.outbox[0].body)["decline"]

    response = Client().post(link, {"answer": "decline", "reason": "On leave that week."})

    assert response.status_code == 200
    deployment.refresh_from_db()
    assert deployment.status == "declined"
    event = AuditEvent.objects.filter(verb="deployment.decline").get()
    assert event.actor == expert_user
    assert event.reason == "On leave that week."


def test_a_tampered_or_foreign_token_is_refused_and_changes_nothing(
    expert_without_account, other_expert, invite_and_send, lima_workshop, june_training
) -> None:
    deployment = invite_and_send(expert_without_account, lima_workshop)
    other = invite_and_send(other_expert, june_training)
    token = invitations.make_token(deployment)
    url = reverse("experts:deployment_respond", args=[deployment.pk, token[:-2] + "xx"])
    foreign = reverse("experts:deployment_respond", args=[other.pk, token])

    tampered_get = Client().get(url)
    tampered_post = Client().post(url, {"answer": "accept"})
    foreign_post = Client().post(foreign, {"answer": "accept"})

    assert tampered_get.status_code == 400
    assert "not valid" in tampered_get.content.decode()
    assert tampered_post.status_code == 400
    assert foreign_post.status_code == 400
    assert set(Deployment.objects.values_list("status", flat=True)) == {"invited"}


def test_an_expired_token_is_refused(
    expert_without_account, invite_and_send, lima_workshop, monkeypatch
) -> None:
    deployment = invite_and_send(expert_without_account, lima_workshop)
    with monkeypatch.context() as patch:
        thirty_one_days_ago = time.time() - datetime.timedelta(days=31).total_seconds()
        patch.setattr(signing.time, "time", lambda: thirty_one_days_ago)
        token = invitations.make_token(deployment)
    url = reverse("experts:deployment_respond", args=[deployment.pk, token])

    response = Client().post(url, {"answer": "accept"})

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == "invited"


def test_an_answer_that_is_neither_accept_nor_decline_is_refused(
    expert_without_account, invite_and_send, lima_workshop
) -> None:
    deployment = invite_and_send(expert_without_account, lima_workshop)
    url = reverse(
        "experts:deployment_respond", args=[deployment.pk, invitations.make_token(deployment)]
    )

    response = Client().post(url, {"answer": "complete"})

    assert response.status_code == 400
    deployment.refresh_from_db()
    assert deployment.status == "invited"
    with pytest.raises(invitations.DomainError):
        invitations.respond_with_token(
            deployment_id=deployment.pk, token=invitations.make_token(deployment), answer="invite"
        )


def test_accepting_with_the_link_still_refuses_overlapping_dates(
    officer, expert_without_account, invite_and_send, lima_workshop, cusco_visit
) -> None:
    first = invite_and_send(expert_without_account, lima_workshop)
    second = invite_and_send(expert_without_account, cusco_visit)
    services.deployment_transition(actor=officer, deployment_id=first.pk, transition="accept")
    url = reverse("experts:deployment_respond", args=[second.pk, invitations.make_token(second)])

    response = Client().post(url, {"answer": "accept"})

    assert response.status_code == 409
    assert "already deployed" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "invited"
