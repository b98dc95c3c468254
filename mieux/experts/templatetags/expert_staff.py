"""Links to the staffing pages for the pages of other apps that show activities.

A template tag, as `expert_public` is, so that the portfolio's action page can ask the experts'
policies without the portfolio app importing the experts app (portfolio sits below experts).
"""

from typing import Any

from django import template

from mieux.experts import policies

register = template.Library()


@register.simple_tag(takes_context=True)
def may_staff_activities(context: dict[str, Any]) -> bool:
    """`{% may_staff_activities as staffing %}`: the signed-in user may open the matching page
    of an activity (its team, each member linking to their deployment, and the candidates)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return bool(policies.can_manage_roster.test(user))
