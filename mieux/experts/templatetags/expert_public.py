"""The public face of the roster: the experts of an action, as anyone may see them.

A template tag so that the portfolio's action page can show them without the portfolio app
importing the experts app (portfolio sits below experts in the layers).
"""

from typing import Any

from django import template
from django.db.models import BooleanField, Case, CharField, Q, Value, When

from mieux.experts.models import Expert
from mieux.experts.services import HELD_STATES

register = template.Library()

# Who may be named in public: the expert agreed to it, consented to processing, was not erased.
PUBLISHABLE = Q(publish_name=True, consent_given_at__isnull=False, erased_at__isnull=True)


def public_team(action: Any) -> tuple[list[dict[str, str]], int]:
    """The experts who work or worked on the action's activities (accepted or completed): those
    who may be named, with name and institution only, and how many others there are.

    One query. Names of experts who may not be named are blanked in the database, so they never
    reach the page."""
    rows = (
        Expert.objects.filter(
            deployments__activity__action=action, deployments__status__in=HELD_STATES
        )
        .annotate(
            shown=Case(
                When(PUBLISHABLE, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            public_name=Case(
                When(PUBLISHABLE, then="full_name"), default=Value(""), output_field=CharField()
            ),
            public_institution=Case(
                When(PUBLISHABLE, then="institution__name"),
                default=Value(""),
                output_field=CharField(),
            ),
            public_acronym=Case(
                When(PUBLISHABLE, then="institution__acronym"),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .values("id", "shown", "public_name", "public_institution", "public_acronym")
        .distinct()
        .order_by("public_name", "id")
    )
    named, others = [], 0
    for row in rows:
        if not row["shown"]:
            others += 1
            continue
        institution = row["public_institution"] or ""
        if institution and row["public_acronym"]:
            institution = f"{institution} ({row['public_acronym']})"
        named.append({"name": row["public_name"], "institution": institution})
    return named, others


@register.inclusion_tag("experts/public/action_experts.html")
def action_experts(action: Any) -> dict[str, Any]:
    """`{% action_experts action %}`: the "Experts" section of a public action page."""
    named, others = public_team(action)
    return {"named": named, "others": others}
