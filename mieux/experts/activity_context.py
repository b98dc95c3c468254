"""What the matching score needs to know about an activity, for one or many activities."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mieux.experts.matching_rules import TEAM_STATES, activity_days, words
from mieux.experts.models import Deployment
from mieux.portfolio.models import Action, Activity


@dataclass(frozen=True)
class ActivityContext:
    """What the score needs to know about one activity."""

    id: int
    title: str
    start: datetime.date
    end: datetime.date
    days: int
    language: str
    country_id: int | None
    action_country_ids: frozenset[int]
    region_id: int
    needs: tuple[int, ...]  # the action's thematic areas, else its pillar
    words: frozenset[str]
    experts_needed: int
    team_country_ids: frozenset[int]
    team_expert_ids: frozenset[int]  # experts with a deployment on it that is not declined

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def open_places(self) -> int:
        return max(self.experts_needed - len(self.team_expert_ids), 0)


def load_activity_contexts(activity_ids: Iterable[int]) -> dict[int, ActivityContext]:
    """Contexts of the activities, in four queries whatever their number."""
    ids = list(activity_ids)
    rows = list(
        Activity.objects.filter(pk__in=ids).values_list(
            "id",
            "title",
            "description",
            "start_date",
            "end_date",
            "language",
            "country_id",
            "experts_needed",
            "action_id",
            "action__title",
            "action__name",
            "action__region_id",
            "action__pillar_id",
        )
    )
    action_ids = {row[8] for row in rows}
    countries: dict[int, set[int]] = defaultdict(set)
    for action_id, country_id in Action.countries.through.objects.filter(
        action_id__in=action_ids
    ).values_list("action_id", "country_id"):
        countries[action_id].add(country_id)
    areas: dict[int, set[int]] = defaultdict(set)
    for action_id, area_id in Action.thematic_areas.through.objects.filter(
        action_id__in=action_ids
    ).values_list("action_id", "thematicarea_id"):
        areas[action_id].add(area_id)
    team_countries: dict[int, set[int]] = defaultdict(set)
    team: dict[int, set[int]] = defaultdict(set)
    for activity_id, expert_id, country_id in Deployment.objects.filter(
        activity_id__in=ids, status__in=TEAM_STATES
    ).values_list("activity_id", "expert_id", "expert__institution__country_id"):
        team[activity_id].add(expert_id)
        if country_id is not None:
            team_countries[activity_id].add(country_id)
    contexts = {}
    for (
        activity_id,
        title,
        description,
        start,
        end,
        language,
        country_id,
        experts_needed,
        action_id,
        action_title,
        action_name,
        region_id,
        pillar_id,
    ) in rows:
        needs = tuple(sorted(areas[action_id])) or (pillar_id,)
        contexts[activity_id] = ActivityContext(
            id=activity_id,
            title=title,
            start=start,
            end=end,
            days=activity_days(start, end),
            language=language,
            country_id=country_id,
            action_country_ids=frozenset(countries[action_id]),
            region_id=region_id,
            needs=needs,
            words=words(f"{title} {description} {action_title} {action_name}"),
            experts_needed=experts_needed,
            team_country_ids=frozenset(team_countries[activity_id]),
            team_expert_ids=frozenset(team[activity_id]),
        )
    return contexts


def date_window(contexts: Sequence[ActivityContext]) -> tuple[datetime.date, datetime.date]:
    return min(c.start for c in contexts), max(c.end for c in contexts)
