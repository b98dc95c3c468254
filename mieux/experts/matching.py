"""Matching experts to one activity: hard constraints first, then a score explained part by part.

The hard constraints that SQL can check (status, consent, erasure, the activity's language at the
minimum level, unavailable periods, held deployments on overlapping dates, already on the team)
select the candidates' ids in one query; the days left in the year are summed from their held
deployments. The score is computed for all candidates at once by
`mieux.experts.roster_snapshot` (shared with planning) from the cached static features
(`roster_static`, checked against a fingerprint of the roster on every call) and the
date-dependent ones read for the candidates only; explanations are built only for the
candidates returned. The query count is the same whatever the size of the roster.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import numpy as np
import pycountry
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from mieux.core.errors import DomainError
from mieux.experts.activity_context import ActivityContext, load_activity_contexts
from mieux.experts.matching_rules import (
    COUNTRY_MIX_MAX,
    EXACT,
    EXPERIENCE_MAX,
    FEEDBACK_MAX,
    LANGUAGE_MAX,
    LEVEL_RANK,
    LEVELS,
    REFERENCE_ALLOWANCE,
    RELATED,
    SIBLING,
    TEAM_STATES,
    THEMATIC_MAX,
    WORKLOAD_MAX,
    words,
)
from mieux.experts.models import Deployment, Expert, ExpertLanguage, UnavailablePeriod
from mieux.experts.roster_snapshot import Evaluation, RosterSnapshot
from mieux.experts.roster_static import static_roster
from mieux.experts.services import HELD_STATES
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Activity
from mieux.taxonomy.models import ThematicArea


@dataclass(frozen=True)
class Part:
    """One line of a candidate's explanation."""

    # Stable code: "thematic_fit", "language", "experience", "availability", "workload",
    # "feedback", "country_mix".
    criterion: str
    # Earned points. The language is both a hard constraint (the minimum level) and scored;
    # availability (dates and days left) is a hard constraint only: 0 of 0.
    points: float
    maximum: float
    detail: str  # one translated sentence, e.g. "Speaks Spanish at C1 (B2 required)."


@dataclass(frozen=True)
class Candidate:
    expert: Expert  # institution and institution.country loaded
    score: float  # 0 to 100: the sum of the parts' points, rounded to one decimal
    explanation: list[Part]


@dataclass(frozen=True)
class Ranking:
    activity: Activity
    count: int  # how many experts pass every hard constraint
    candidates: list[Candidate]  # best first, at most `limit`


def language_name(code: str) -> str:
    """The language's name in the active interface language."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        language = pycountry.languages.get(alpha_2=code)
        return str(language.name) if language is not None else code


def check_level(minimum_level: str) -> None:
    if minimum_level not in LEVEL_RANK:
        raise DomainError(
            _("The minimum level is one of A1, A2, B1, B2, C1, C2 or native."),
            field="minimum_level",
        )


def eligible_expert_ids(context: ActivityContext, minimum_level: str = "B2") -> QuerySet[Any, int]:
    """Ids of the experts passing the hard constraints checkable in SQL, but for being
    deployable: the activity's language at the minimum level, not unavailable and no held
    deployment on its dates, not already on its team. Only deployable experts are in the static
    roster (read afresh whenever any expert's status, consent or erasure changes), so it drops
    the others without a scan of the experts table here; the days left in the year are checked
    in the snapshot.

    The language filter is answered from the index `expert_language_matching`; each exclusion
    is an uncorrelated subquery, which the database computes once as a hashed set."""
    levels = LEVELS[LEVEL_RANK[minimum_level] - 1 :]
    unavailable = UnavailablePeriod.objects.filter(start__lte=context.end, end__gte=context.start)
    busy = Deployment.objects.filter(
        status__in=HELD_STATES,
        activity__start_date__lte=context.end,
        activity__end_date__gte=context.start,
    )
    on_team = Deployment.objects.filter(activity_id=context.id, status__in=TEAM_STATES)
    return (
        ExpertLanguage.objects.filter(code=context.language, level__in=levels)
        .exclude(expert_id__in=unavailable.values("expert_id"))
        .exclude(expert_id__in=busy.values("expert_id"))
        .exclude(expert_id__in=on_team.values("expert_id"))
        .order_by()
        .values_list("expert_id", flat=True)
    )


def order(evaluation: Evaluation, expert_ids: np.ndarray) -> np.ndarray:
    """Positions of the eligible experts, best score first, ties by expert id."""
    positions = np.flatnonzero(evaluation.eligible)
    keys = np.lexsort((expert_ids[positions], -evaluation.score[positions]))
    return positions[keys]


def rank_experts(
    activity: Activity, *, limit: int | None = 20, minimum_level: str = "B2"
) -> Ranking:
    check_level(minimum_level)
    context = load_activity_contexts([activity.pk])[activity.pk]
    static = static_roster()
    eligible = list(eligible_expert_ids(context, minimum_level))
    snapshot = RosterSnapshot.load(
        static,
        start=context.start,
        end=context.end,
        expert_ids=eligible,
        periods_checked=True,
    )
    evaluation = snapshot.evaluate(context, minimum_level)
    ranked = order(evaluation, snapshot.expert_ids)
    chosen = ranked if limit is None else ranked[:limit]
    experts = Expert.objects.select_related("institution__country").in_bulk(
        [int(snapshot.expert_ids[p]) for p in chosen]
    )
    explainer = Explainer(snapshot, context, evaluation, minimum_level)
    candidates = [
        Candidate(
            expert=experts[int(snapshot.expert_ids[p])],
            score=float(evaluation.score[p]),
            explanation=explainer.explain(int(p), experts[int(snapshot.expert_ids[p])]),
        )
        for p in chosen
    ]
    return Ranking(activity=activity, count=len(ranked), candidates=candidates)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


class Explainer:
    """Translated sentences for the parts of a candidate's score (a few queries for names)."""

    def __init__(
        self,
        snapshot: RosterSnapshot,
        context: ActivityContext,
        evaluation: Evaluation,
        minimum_level: str,
    ) -> None:
        self.snapshot, self.context, self.evaluation = snapshot, context, evaluation
        self.minimum_level = minimum_level
        self.areas = {area.pk: area for area in ThematicArea.objects.all()}
        self.static = snapshot.static
        self.area_of_column = {column: a for a, column in self.static.area_columns.items()}
        wanted = [c for c in (context.country_id, *sorted(context.action_country_ids)) if c]
        self.wanted_countries = wanted
        countries = Country.objects.in_bulk(wanted)
        self.country_names = {pk: str(country.name) for pk, country in countries.items()}
        region = Region.objects.filter(pk=context.region_id).first()
        self.region_name = str(region.name) if region else ""
        self.language = language_name(context.language)
        # Formatted once: formatting a date costs more than the rest of a sentence.
        self.dates = {"start": _date(context.start), "end": _date(context.end)}

    def explain(self, position: int, expert: Expert) -> list[Part]:
        def part(criterion: str, maximum: float, detail: str) -> Part:
            points = self.evaluation.parts[criterion][position] if maximum else 0.0
            return Part(criterion, float(points), maximum, detail)

        return [
            part("thematic_fit", THEMATIC_MAX, self._thematic(position)),
            part("language", LANGUAGE_MAX, self._language(position)),
            part("experience", EXPERIENCE_MAX, self._experience(position)),
            part("availability", 0.0, self._availability(position)),
            part("workload", WORKLOAD_MAX, self._workload(position)),
            part("feedback", FEEDBACK_MAX, self._feedback(position)),
            part("country_mix", COUNTRY_MIX_MAX, self._mix(expert)),
        ]

    def _thematic(self, position: int) -> str:
        held = [self.area_of_column[int(c)] for c in np.flatnonzero(self.static.areas[position])]
        needs = [n for n in self.context.needs if n in self.areas]
        best = (0.0, 0, 0)  # credit, expert's area, needed area
        covered = 0
        for needed in needs:
            for area in held:
                credit = self.static.relation(area, needed)
                if credit == EXACT:
                    covered += 1
                if credit > best[0]:
                    best = (credit, area, needed)
        credit, area, needed = best
        names = {
            "area": self.areas[area].name if area else "",
            "needed": self.areas[needed].name if needed else "",
        }
        if credit == EXACT and len(needs) > 1:
            sentence = _(
                "Expertise in %(covered)d of the %(count)d thematic areas the action addresses, "
                "including %(area)s."
            ) % {"covered": covered, "count": len(needs), **names}
        elif credit == EXACT:
            sentence = _("Expertise in %(area)s, which the action addresses.") % names
        elif credit == RELATED and self.static.area_parent.get(needed) == area:
            sentence = (
                _(
                    "Expertise in the pillar %(area)s, which includes %(needed)s, an area the "
                    "action addresses."
                )
                % names
            )
        elif credit == RELATED:
            sentence = (
                _(
                    "Expertise in %(area)s, a specific area of the pillar %(needed)s, which the "
                    "action addresses."
                )
                % names
            )
        elif credit == SIBLING:
            sentence = (
                _(
                    "Expertise in %(area)s, in the same pillar as %(needed)s, which the action "
                    "addresses."
                )
                % names
            )
        else:
            sentence = _("No expertise in the thematic areas the action addresses.")
        activity_words = self.context.words
        found = [
            keyword
            for keyword in self.static.keywords[position]
            if (key := words(keyword)) and key <= activity_words
        ]
        if found:
            sentence += " " + _("Keywords found in the activity: %(keywords)s.") % {
                "keywords": ", ".join(found)
            }
        return sentence

    def _language(self, position: int) -> str:
        level = LEVELS[int(self.evaluation.level[position]) - 1]
        values = {"language": self.language, "level": level, "minimum": self.minimum_level}
        if level == "native":
            return _("Speaks %(language)s as a native speaker (%(minimum)s required).") % values
        return _("Speaks %(language)s at %(level)s (%(minimum)s required).") % values

    def _experience(self, position: int) -> str:
        if self.evaluation.experience_full[position]:
            row = self.static.countries[position]
            country = next(
                c
                for c in self.wanted_countries
                if c in self.static.country_columns and row[self.static.country_columns[c]]
            )
            return _("Has experience in %(country)s.") % {"country": self.country_names[country]}
        if self.evaluation.experience_region[position]:
            if self.wanted_countries:
                return _("Has experience in %(region)s, though not in %(country)s.") % {
                    "region": self.region_name,
                    "country": self.country_names[self.wanted_countries[0]],
                }
            return _("Has experience in %(region)s.") % {"region": self.region_name}
        return _("Has no recorded experience in %(region)s.") % {"region": self.region_name}

    def _availability(self, position: int) -> str:
        values = self.dates
        maximum = int(self.static.max_days[position])
        if maximum < 0:
            return _("Available from %(start)s to %(end)s; no yearly limit on days.") % values
        return _(
            "Available from %(start)s to %(end)s; %(left)d of %(maximum)d days left in %(year)d."
        ) % {
            **values,
            "left": maximum - int(self.evaluation.used_days[position]),
            "maximum": maximum,
            "year": self.context.year,
        }

    def _workload(self, position: int) -> str:
        days = int(self.evaluation.recent_days[position])
        maximum = int(self.static.max_days[position])
        if maximum < 0:
            return _(
                "Held %(days)d days of deployments in the twelve months before the activity; "
                "with no yearly limit, this is measured against %(allowance)d days."
            ) % {"days": days, "allowance": REFERENCE_ALLOWANCE}
        return _(
            "Held %(days)d days of deployments in the twelve months before the activity, "
            "of an allowance of %(allowance)d days a year."
        ) % {"days": days, "allowance": maximum}

    def _feedback(self, position: int) -> str:
        count = int(self.snapshot.feedback_count[position])
        if not count:
            return _("No partner feedback yet: a neutral %(points)s of %(maximum)s points.") % {
                "points": formats.number_format(FEEDBACK_MAX / 2, 0),
                "maximum": formats.number_format(FEEDBACK_MAX, 0),
            }
        mean = self.snapshot.feedback_sum[position] / count
        return _(
            "Partners scored the activities this expert delivered %(mean)s out of 5 on average "
            "(%(count)d scores)."
        ) % {"mean": formats.number_format(mean, 1), "count": count}

    def _mix(self, expert: Expert) -> str:
        country = expert.institution.country if expert.institution else None
        if country is None:
            return _("The expert's home country is not recorded, so it adds no mix of countries.")
        if country.pk in self.context.team_country_ids:
            return _("The team already has an expert from %(country)s.") % {"country": country.name}
        return _("The team has no expert from %(country)s yet.") % {"country": country.name}
