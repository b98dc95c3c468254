"""Reads of the roster and deployments."""

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from mieux.experts.models import Deployment, Expert, ExpertLanguage, LanguageLevel
from mieux.geo.models import Country
from mieux.taxonomy.models import ThematicArea


def deployments_of(user: Any) -> QuerySet[Deployment]:
    """The user's own deployments as an expert, soonest activity first."""
    if not getattr(user, "is_authenticated", False):
        return Deployment.objects.none()
    return (
        Deployment.objects.filter(expert__user=user)
        .select_related("expert", "activity", "activity__action")
        .order_by("activity__start_date", "id")
    )


def levels_at_least(minimum: str = "") -> list[str]:
    """The language levels from `minimum` up: A1 … C2, then native (all when none is given)."""
    levels = list(LanguageLevel.values)
    return levels[levels.index(minimum) :] if minimum else levels


@dataclass(frozen=True)
class RosterFilter:
    """The roster's search and filters, already validated by the page's form or the API."""

    q: str = ""  # a name, an e-mail, an institution or a keyword
    theme: ThematicArea | None = None  # a pillar includes its specific areas
    language: str = ""  # ISO 639-1
    minimum_level: str = ""  # with `language`
    country: Country | None = None  # the institution's
    status: str = ""


def filter_roster(experts: QuerySet[Expert], roster_filter: RosterFilter) -> QuerySet[Expert]:
    """The experts matching every filter given. Each filter on a related table is a subquery on
    the expert's id, so an expert shows once however many rows match."""
    words = roster_filter.q.strip()
    if words:
        # SQLite keeps JSON text with non-ASCII characters escaped ("\u00f3"); PostgreSQL's
        # jsonb does not: look for both forms.
        escaped = json.dumps(words)[1:-1]
        experts = experts.filter(
            Q(full_name__icontains=words)
            | Q(email__icontains=words)
            | Q(institution__name__icontains=words)
            | Q(keywords__icontains=words)
            | Q(keywords__icontains=escaped)
        )
    if roster_filter.theme is not None:
        areas = ThematicArea.objects.filter(
            Q(pk=roster_filter.theme.pk) | Q(parent=roster_filter.theme)
        )
        experts = experts.filter(
            pk__in=Expert.thematic_areas.through.objects.filter(thematicarea__in=areas).values(
                "expert_id"
            )
        )
    if roster_filter.language:
        spoken = ExpertLanguage.objects.filter(
            code=roster_filter.language, level__in=levels_at_least(roster_filter.minimum_level)
        )
        experts = experts.filter(pk__in=spoken.values("expert_id"))
    if roster_filter.country is not None:
        experts = experts.filter(institution__country=roster_filter.country)
    if roster_filter.status:
        experts = experts.filter(status=roster_filter.status)
    return experts
