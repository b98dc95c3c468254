"""E-mails about a request's transitions, in each recipient's language, sent after commit.

`enqueue_transition_emails` is called from `transaction.on_commit`, so nothing is sent for a
transition that rolled back; the task runs on the configured tasks backend (immediate by default,
a queue worker in production).
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from mieux.accounts.models import EmailTopic, Role, User
from mieux.accounts.selectors import users_who_want
from mieux.core.links import site_link
from mieux.inbox.services import notifications_create
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.intake.workflow import OFFICER, REQUESTER, STEERING, TRANSITIONS, transitions_from

ROLE_OF_ACTOR = {OFFICER: Role.PROJECT_OFFICER, STEERING: Role.STEERING_MEMBER}
_paused: ContextVar[bool] = ContextVar("intake_notifications_paused", default=False)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No e-mails for transitions committed inside this block: the demo loader replays past
    steps, and nobody is to be told about them now."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def concerned(
    assistance_request: AssistanceRequest, transition: str, actor_id: int
) -> QuerySet[User]:
    """The people concerned: the requesters always; whoever must act next; never the actor.
    Each gets a notification in mieux."""
    institution_ids = [i.pk for i in assistance_request.requesting_institutions.all()]
    requesters = Q(
        memberships__role=Role.PARTNER_FOCAL_POINT, memberships__institution__in=institution_ids
    ) | Q(pk=assistance_request.created_by_id)
    condition = requesters
    next_actors = {t.actor for t in transitions_from(TRANSITIONS[transition].target)} - {REQUESTER}
    for actor_kind in next_actors:
        condition |= Q(memberships__role=ROLE_OF_ACTOR[actor_kind])
    if transition == "formulate" or next_actors == {OFFICER}:
        condition |= Q(memberships__role=Role.PROGRAMME_MANAGER)
    return (
        User.objects.filter(condition, is_active=True)
        .exclude(pk=actor_id)
        .distinct()
        .order_by("pk")
    )


def recipients(assistance_request: AssistanceRequest, transition: str, actor_id: int) -> list[User]:
    """Those concerned who get an e-mail too: not anyone who chose not to receive e-mails about
    requests (they follow requests in mieux instead), nor anyone without an address."""
    users = concerned(assistance_request, transition, actor_id)
    return list(users_who_want(users, EmailTopic.REQUEST_UPDATES).exclude(email=""))


@task()
def send_transition_emails(step_id: int) -> int:
    """Notify everyone concerned by one step in mieux, and e-mail those who want it; returns
    how many e-mails went out."""
    step = RequestTransition.objects.select_related("assistance_request__action").get(pk=step_id)
    assistance_request = step.assistance_request
    emailed = {user.pk for user in recipients(assistance_request, step.transition, step.actor_id)}
    sent = 0
    notified = []
    for user in concerned(assistance_request, step.transition, step.actor_id):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "assistance_request": assistance_request,
                "step": step,
                "transition": TRANSITIONS[step.transition],
                # Every e-mail links to its object; the page shows in the reader's language.
                "request_url": site_link("intake:request_detail", assistance_request.pk),
            }
            subject = render_to_string("intake/email/transition_subject.txt", context).strip()
            body = (
                render_to_string("intake/email/transition_body.txt", context)
                if user.pk in emailed
                else ""
            )
        notified.append((user, subject))
        if user.pk in emailed:
            sent += send_mail(subject, body, None, [user.email])
    notifications_create(
        texts=notified, url=reverse("intake:request_detail", args=[assistance_request.pk])
    )
    return sent


def enqueue_transition_emails(step_id: int) -> None:
    if _paused.get():
        return
    send_transition_emails.enqueue(step_id)
