"""Reads of notifications, always the signed-in user's own."""

from typing import Any

from django.db.models import QuerySet

from mieux.inbox.models import Notification

PAGE_SIZE = 50


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The user's notifications, newest first (none for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (one query; none for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_of(user).filter(read_at__isnull=True).count()
