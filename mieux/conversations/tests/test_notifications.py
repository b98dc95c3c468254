"""Who is told about a message: every other participant allowed to read it, in mieux always,
by e-mail unless they declined e-mails about requests; never the author."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from mieux.accounts.models import EmailOptOut, EmailTopic, Membership, Role
from mieux.accounts.tests.factories import UserFactory
from mieux.conversations import notifications
from mieux.inbox.models import Notification

pytestmark = pytest.mark.django_db

SITE = "https://mieux.example.org"


def _notified() -> dict[str, str]:
    return {n.user.username: n.url for n in Notification.objects.select_related("user")}


def _emailed() -> list[str]:
    return sorted(message.to[0].split("@")[0] for message in mail.outbox)


def test_a_partner_s_message_tells_the_officers_and_the_manager(
    submitted, post, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = post("partner", submitted, body="Any news?")

    url = f"/requests/{submitted.pk}/messages/#message-{message.pk}"
    assert _notified() == {"demo-officer": url, "demo-manager": url}
    assert _emailed() == ["demo-manager", "demo-officer"]


def test_the_steering_committee_is_told_once_the_request_is_before_it(
    request_in, post, django_capture_on_commit_callbacks
) -> None:
    recommended = request_in("recommended")

    with django_capture_on_commit_callbacks(execute=True):
        post("officer", recommended)

    assert sorted(_notified()) == ["demo-manager", "demo-partner", "demo-steering"]


def test_whoever_wrote_in_the_conversation_is_told_of_what_follows(
    submitted, post, django_capture_on_commit_callbacks
) -> None:
    # An administrator is not told of every message, but follows a conversation joined.
    first = post("admin", submitted, body="A question of the administrator.")

    with django_capture_on_commit_callbacks(execute=True):
        post("partner", submitted, body="An answer.", reply_to=first)

    assert sorted(_notified()) == ["demo-admin", "demo-manager", "demo-officer"]


def test_nobody_is_told_of_what_they_may_not_read(
    request_in, users, post, django_capture_on_commit_callbacks
) -> None:
    recommended = request_in("recommended")
    post("steering", recommended, body="The committee asks.")
    # A second focal point of the other institution, and a former officer with no role left.
    UserFactory(username="former-officer")
    Membership.objects.filter(user=users["officer"]).delete()

    with django_capture_on_commit_callbacks(execute=True):
        post("partner", recommended, body="An answer.")

    assert sorted(_notified()) == ["demo-manager", "demo-steering"]


def test_the_author_is_never_told_of_their_own_message(
    submitted, users, post, django_capture_on_commit_callbacks
) -> None:
    # The officer is also a focal point of the requesting institution: still not told.
    Membership.objects.create(
        user=users["officer"],
        role=Role.PARTNER_FOCAL_POINT,
        institution=submitted.lead_institution,
    )

    with django_capture_on_commit_callbacks(execute=True):
        post("officer", submitted)

    assert sorted(_notified()) == ["demo-manager", "demo-partner"]
    assert "demo-officer" not in _emailed()


def test_those_who_declined_e_mails_are_told_in_mieux_only(
    submitted, users, post, django_capture_on_commit_callbacks
) -> None:
    EmailOptOut.objects.create(user=users["manager"], topic=EmailTopic.REQUEST_UPDATES)

    with django_capture_on_commit_callbacks(execute=True):
        post("partner", submitted)

    assert sorted(_notified()) == ["demo-manager", "demo-officer"]
    assert _emailed() == ["demo-officer"]


def test_the_e_mail_links_to_the_conversation_and_the_request_in_the_reader_s_language(
    submitted, users, post, django_capture_on_commit_callbacks
) -> None:
    users["officer"].preferred_language = "es"
    users["officer"].save()

    with django_capture_on_commit_callbacks(execute=True):
        message = post("partner", submitted, body="¿Hay novedades?")

    email = next(m for m in mail.outbox if m.to == ["demo-officer@example.org"])
    assert f"{SITE}/requests/{submitted.pk}/messages/#message-{message.pk}" in email.body
    assert f"{SITE}/requests/{submitted.pk}/" in email.body
    assert "¿Hay novedades?" in email.body
    with translation.override("es"):
        # Whatever the catalogue says now: the subject is worded in the reader's language.
        subject = gettext("%(name)s wrote on request #%(id)s “%(title)s”") % {
            "name": "demo-partner",
            "id": submitted.pk,
            "title": submitted.title,
        }
        greeting = gettext("Dear %(name)s,") % {"name": "Officer"}
    assert email.subject == subject
    assert email.body.startswith(greeting)
    assert greeting != "Dear Officer,"
    english = next(m for m in mail.outbox if m.to == ["demo-manager@example.org"])
    assert english.subject == f"demo-partner wrote on request #{submitted.pk} “{submitted.title}”"


def test_a_message_that_rolled_back_tells_nobody(
    submitted, post, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        post("partner", submitted)
        transaction.set_rollback(True)

    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_paused_notifications_tell_nobody(
    submitted, post, django_capture_on_commit_callbacks
) -> None:
    # As the demo loader does: the commit happens inside the paused block.
    with notifications.paused(), django_capture_on_commit_callbacks(execute=True):
        post("partner", submitted)

    assert Notification.objects.count() == 0
    assert mail.outbox == []
