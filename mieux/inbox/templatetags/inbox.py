"""`{% unread_notifications user as count %}` for the header's unread count."""

from typing import Any

from django import template

from mieux.inbox.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    return unread_count(user)
