"""Writes of notifications: the e-mail senders create them, the list page marks them read.

No audit event: a notification is itself the trace of a step that was audited where it was
taken (the request's or the deployment's transition).
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from mieux.inbox.models import Notification

MAX_TEXT = Notification._meta.get_field("text").max_length or 500


@transaction.atomic
def notifications_create(*, texts: Iterable[tuple[Any, str]], url: str) -> list[Notification]:
    """One notification per (user, text), each linking to the path `url` (one query)."""
    return Notification.objects.bulk_create(
        Notification(user=user, text=text[:MAX_TEXT], url=url) for user, text in texts
    )


def notifications_mark_read(*, user: Any, notification_ids: Iterable[int]) -> int:
    """Mark the user's own unread notifications among `notification_ids` read; returns how many
    (others' notifications are left alone whatever the ids say)."""
    return Notification.objects.filter(
        user_id=user.pk, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=timezone.now())
