"""Telling the participants of a request's conversation about a new message, after commit.

Each participant allowed to read the conversation, the author excepted, gets a notification in
mieux; those who did not decline e-mails about requests (`EmailTopic.REQUEST_UPDATES`: a
message is news about the request, and a topic of its own would be a new choice to migrate)
and have an address get an e-mail too, in their own language, linking to the conversation.

The participants: the focal points of the requesting institutions and the request's author;
the project officers and the programme manager, who follow every open request; the steering
committee members once the request is before them; and anyone else who has written in the
conversation (an administrator, say). Each is then asked the conversation's policy, so nobody
is told about what they may not read (a steering member, after a withdrawal; a user whose role
was taken away).
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from mieux.accounts.models import EmailTopic, Role, User
from mieux.accounts.selectors import users_who_want
from mieux.conversations import policies
from mieux.conversations.models import Message
from mieux.core.links import site_link
from mieux.inbox.services import notifications_create
from mieux.intake.workflow import STEERING_VISIBLE_STATES

_paused: ContextVar[bool] = ContextVar("conversation_notifications_paused", default=False)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No notifications for messages committed inside this block (the demo loader's)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def recipients(message: Message) -> list[User]:
    """Who is told about `message`: the participants who may read it, never its author."""
    assistance_request = message.assistance_request
    institution_ids = [i.pk for i in assistance_request.requesting_institutions.all()]
    condition = (
        Q(memberships__role=Role.PARTNER_FOCAL_POINT, memberships__institution__in=institution_ids)
        | Q(pk=assistance_request.created_by_id)
        | Q(memberships__role__in=[Role.PROJECT_OFFICER, Role.PROGRAMME_MANAGER])
        | Q(pk__in=Message.objects.filter(assistance_request=assistance_request).values("author"))
    )
    if assistance_request.status in STEERING_VISIBLE_STATES:
        condition |= Q(memberships__role=Role.STEERING_MEMBER)
    candidates = (
        User.objects.filter(condition, is_active=True)
        .exclude(pk=message.author_id)
        .distinct()
        .order_by("pk")
        .prefetch_related("memberships")
    )
    return [
        user for user in candidates if policies.can_read_conversation.test(user, assistance_request)
    ]


def conversation_path(message: Message) -> str:
    path = reverse("conversations:message_list", args=[message.assistance_request_id])
    return f"{path}#message-{message.pk}"


@task()
def send_message_notifications(message_id: int) -> int:
    """Notify the recipients of one message in mieux and e-mail those who want it; returns how
    many e-mails went out."""
    message = (
        Message.objects.select_related("assistance_request", "author")
        .prefetch_related("assistance_request__requesting_institutions", "attachments")
        .get(pk=message_id)
    )
    users = recipients(message)
    emailed = set(
        users_who_want(
            User.objects.filter(pk__in=[user.pk for user in users]), EmailTopic.REQUEST_UPDATES
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    path = conversation_path(message)
    notified = []
    sent = 0
    for user in users:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "message": message,
                "author_name": message.author.get_full_name() or message.author.username,
                "assistance_request": message.assistance_request,
                # Every e-mail links to its object; the pages show in the reader's language.
                "conversation_url": site_link(
                    "conversations:message_list", message.assistance_request_id
                )
                + f"#message-{message.pk}",
                "request_url": site_link("intake:request_detail", message.assistance_request_id),
            }
            subject = render_to_string("conversations/email/message_subject.txt", context).strip()
            body = (
                render_to_string("conversations/email/message_body.txt", context)
                if user.pk in emailed
                else ""
            )
        notified.append((user, subject))
        if user.pk in emailed:
            sent += send_mail(subject, body, None, [user.email])
    notifications_create(texts=notified, url=path)
    return sent


def enqueue_message_notifications(message_id: int) -> None:
    if _paused.get():
        return
    send_message_notifications.enqueue(message_id)
