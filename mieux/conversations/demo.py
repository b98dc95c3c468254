"""A small demo conversation: two threads on the demo request of Mexico's National Institute
of Migration that awaits the steering committee's decision, between its focal point, the
project officer and the steering committee member.

Written through `services.message_post` as the people who would write it, then (demo only)
backdated so that the conversation sits in the request's story. Notifications are paused: the
demo replays the past. Idempotent: a request that already has messages is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from mieux.accounts.models import User
from mieux.conversations import notifications, services
from mieux.conversations.models import Message
from mieux.intake.models import AssistanceRequest

REQUEST_TITLE = "Protocol for the care of unaccompanied migrant children at the southern border"
# Threads of (username, text, days ago); the first message starts the thread, the others reply.
THREADS: list[list[tuple[str, str, int]]] = [
    [
        (
            "demo-officer",
            "Thank you for the request. How many child protection officers would take part in "
            "the training of trainers, and in which offices are they based?",
            80,
        ),
        (
            "demo-partner-mx",
            "Twenty officers, from Tapachula, Ciudad Hidalgo and Tenosique, the offices that "
            "received most of the children last year.",
            78,
        ),
        ("demo-officer", "Thank you, that is what the assessment needed.", 77),
    ],
    [
        (
            "demo-steering",
            "Before the committee decides: would the protocol also cover children travelling "
            "with adults who are not their parents?",
            45,
        ),
        (
            "demo-partner-mx",
            "Yes: separated children are part of the protocol, with a specific interview guide.",
            44,
        ),
    ],
]


def _at(now: datetime.datetime, days: int) -> datetime.datetime:
    return (now - datetime.timedelta(days=days)).replace(hour=11, minute=0, second=0, microsecond=0)


def load_demo_conversations() -> int:
    """Write the demo conversation unless it is there; returns how many messages were written.
    Needs the demo requests (`mieux load_demo` runs this after them)."""
    assistance_request = AssistanceRequest.objects.filter(title=REQUEST_TITLE).first()
    if (
        assistance_request is None
        or Message.objects.filter(assistance_request=assistance_request).exists()
    ):
        return 0
    users = {user.username: user for user in User.objects.filter(username__startswith="demo-")}
    now = timezone.now()
    written = 0
    with notifications.paused(), transaction.atomic():
        for thread in THREADS:
            first = None
            for username, text, days in thread:
                message = services.message_post(
                    actor=users[username],
                    assistance_request=assistance_request,
                    body=text,
                    reply_to=first,
                )
                first = first or message
                # DEMO ONLY: the service stamps "now"; the audit event stays as written.
                Message.objects.filter(pk=message.pk).update(created_at=_at(now, days))
                written += 1
    return written
