"""`{% conversation_summary assistance_request user as summary %}`: what the request page's
panel shows of the conversation, in one query (none for a user who may not read it)."""

from typing import Any

from django import template

from mieux.conversations import policies, selectors

register = template.Library()


@register.simple_tag
def conversation_summary(assistance_request: Any, user: Any) -> dict[str, Any]:
    """{"readable", "can_post", "count", "latest"}. The policy reads the user's memberships and
    the request's requesting institutions, which the request page has already fetched."""
    if not policies.can_read_conversation.test(user, assistance_request):
        return {"readable": False, "can_post": False, "count": 0, "latest": None}
    return {
        "readable": True,
        "can_post": policies.can_post_message.test(user, assistance_request),
        **selectors.conversation_summary(assistance_request),
    }
