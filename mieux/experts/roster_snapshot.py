"""The roster as arrays, so that many experts (and many activities) are scored at once.

This is the one definition of the matching score. `RosterSnapshot.evaluate` computes, for one
activity and every expert of the snapshot, whether the expert passes the hard constraints and the
points of each scored part, with numpy. A snapshot joins the cached static features of every
deployable expert (`roster_static`) with the date-dependent ones read afresh: held deployments,
unavailable periods and partner feedback. `rank_experts` reads those only for the experts that
pass the constraints checkable in SQL; `plan_activities` reads them for everyone and evaluates
each activity against the one snapshot.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.expressions import RawSQL

from mieux.experts.activity_context import ActivityContext
from mieux.experts.matching_rules import (
    COUNTRY_MIX_MAX,
    EXACT,
    EXPERIENCE_MAX,
    EXPERIENCE_REGION,
    FEEDBACK_MAX,
    KEYWORD_POINTS,
    KEYWORDS_MAX,
    LANGUAGE_POINTS,
    LEVEL_RANK,
    REFERENCE_ALLOWANCE,
    RELATED,
    SIBLING,
    THEMATIC_AREAS_MAX,
    WORKLOAD_MAX,
    WORKLOAD_WINDOW_DAYS,
    activity_days,
)
from mieux.experts.models import Deployment, FeedbackSource, UnavailablePeriod
from mieux.experts.roster_static import StaticRoster
from mieux.experts.services import HELD_STATES
from mieux.experts.workflow import DeploymentStatus


def among(column: str, ids: Sequence[int] | np.ndarray) -> Q:
    """`column IN ids`, with the ids passed as a single array parameter (thousands of separate
    parameters cost more than the query)."""
    values = np.asarray(ids, dtype=np.int64).tolist()  # plain ints, whatever came in
    if connection.vendor == "postgresql":
        return Q(**{f"{column}__in": RawSQL("SELECT unnest(%s::bigint[])", [values])})
    if connection.vendor == "sqlite":
        array = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
        return Q(**{f"{column}__in": array})
    return Q(**{f"{column}__in": values})


@dataclass
class Evaluation:
    """One activity against every expert of a snapshot: arrays indexed like `expert_ids`."""

    eligible: np.ndarray  # bool
    level: np.ndarray  # rank of the expert's command of the language (0: none)
    used_days: np.ndarray  # days held in the activity's year
    recent_days: np.ndarray  # days held in the twelve months before the activity
    area_credit: np.ndarray  # mean over the needed areas of the best credit, 0 to 1
    keywords_matched: np.ndarray
    experience_full: np.ndarray  # bool
    experience_region: np.ndarray  # bool
    parts: dict[str, np.ndarray]  # criterion → points (rounded to one decimal)
    score: np.ndarray  # sum of the parts, rounded to one decimal


@dataclass
class RosterSnapshot:
    """The static roster and, for the experts considered, what depends on dates; arrays are
    indexed by the static roster's positions."""

    static: StaticRoster
    considered: np.ndarray  # bool: the experts this snapshot may find eligible
    held_expert: np.ndarray
    held_start: np.ndarray  # proleptic ordinals
    held_end: np.ndarray
    held_days: np.ndarray
    held_year: np.ndarray
    unavailable_expert: np.ndarray
    unavailable_start: np.ndarray
    unavailable_end: np.ndarray
    feedback_sum: np.ndarray
    feedback_count: np.ndarray
    _used_by_year: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.static.size

    @property
    def expert_ids(self) -> np.ndarray:
        return self.static.expert_ids

    @property
    def max_days(self) -> np.ndarray:
        return self.static.max_days

    @classmethod
    def load(
        cls,
        static: StaticRoster,
        *,
        start: datetime.date,
        end: datetime.date,
        expert_ids: Sequence[int] | None = None,
        periods_checked: bool = False,
    ) -> RosterSnapshot:
        """The static roster with the deployments and periods that can matter for activities
        between `start` and `end`, and the partner feedback, in three queries.

        `expert_ids` restricts the experts considered (default: every deployable expert);
        `periods_checked` says the caller already left out experts unavailable on those dates
        (the SQL hard constraints do), so the periods need not be read."""
        size = static.size
        if expert_ids is None:
            considered = np.ones(size, dtype=bool)
            by_expert = Q()  # the rows of experts not in the static roster are dropped below
        else:
            positions, _ = static.positions(expert_ids)
            considered = np.zeros(size, dtype=bool)
            considered[positions] = True
            by_expert = among("expert_id", static.expert_ids[positions])

        # Held deployments that can overlap an activity, fall in its year or in the twelve
        # months before it. The window bounds them by the facility's activity, whatever the
        # roster's size; restricting them to the experts considered too costs more than it
        # saves (measured: docs/benchmarks.md), and the others' are simply not used.
        window_start = min(
            datetime.date(start.year, 1, 1), start - datetime.timedelta(WORKLOAD_WINDOW_DAYS)
        )
        window_end = datetime.date(end.year, 12, 31)
        held = list(
            Deployment.objects.filter(
                status__in=HELD_STATES,
                activity__end_date__gte=window_start,
                activity__start_date__lte=window_end,
            ).values_list("expert_id", "activity__start_date", "activity__end_date")
        )
        held_positions, held_known = static.positions([row[0] for row in held])
        held = [row for row, known in zip(held, held_known, strict=True) if known]

        periods: list[tuple[int, datetime.date, datetime.date]] = []
        if not periods_checked:
            periods = list(
                UnavailablePeriod.objects.filter(
                    by_expert, start__lte=end, end__gte=start
                ).values_list("expert_id", "start", "end")
            )
        period_positions, period_known = static.positions([row[0] for row in periods])
        periods = [row for row, known in zip(periods, period_known, strict=True) if known]

        # Partner scores of the activities each expert completed; filtering on the feedback
        # before annotating makes the sums count partner feedback only.
        feedback = list(
            Deployment.objects.filter(
                by_expert,
                status=DeploymentStatus.COMPLETED,
                activity__feedback__source=FeedbackSource.PARTNER,
            )
            .values("expert_id")
            .annotate(total=Sum("activity__feedback__score"), count=Count("activity__feedback"))
            .values_list("expert_id", "total", "count")
            .order_by()
        )
        feedback_positions, feedback_known = static.positions([row[0] for row in feedback])
        feedback = [row for row, known in zip(feedback, feedback_known, strict=True) if known]
        feedback_sum, feedback_count = np.zeros(size), np.zeros(size)
        feedback_sum[feedback_positions] = [row[1] for row in feedback]
        feedback_count[feedback_positions] = [row[2] for row in feedback]

        return cls(
            static=static,
            considered=considered,
            held_expert=held_positions,
            held_start=np.asarray([r[1].toordinal() for r in held], dtype=np.int64),
            held_end=np.asarray([r[2].toordinal() for r in held], dtype=np.int64),
            held_days=np.asarray([activity_days(r[1], r[2]) for r in held], dtype=np.int64),
            held_year=np.asarray([r[1].year for r in held], dtype=np.int64),
            unavailable_expert=period_positions,
            unavailable_start=np.asarray([r[1].toordinal() for r in periods], dtype=np.int64),
            unavailable_end=np.asarray([r[2].toordinal() for r in periods], dtype=np.int64),
            feedback_sum=feedback_sum,
            feedback_count=feedback_count,
        )

    # --- scoring --------------------------------------------------------------------------

    def used_days(self, year: int) -> np.ndarray:
        if year not in self._used_by_year:
            in_year = self.held_year == year
            self._used_by_year[year] = np.bincount(
                self.held_expert[in_year], weights=self.held_days[in_year], minlength=self.size
            ).astype(np.int64)
        return self._used_by_year[year]

    def _flag(self, experts: np.ndarray, where: np.ndarray) -> np.ndarray:
        flags = np.zeros(self.size, dtype=bool)
        flags[experts[where]] = True
        return flags

    def evaluate(self, context: ActivityContext, minimum_level: str = "B2") -> Evaluation:
        static, size = self.static, self.size
        start, end = context.start.toordinal(), context.end.toordinal()
        level = static.languages.get(context.language, np.zeros(size, dtype=np.int8))

        # Hard constraints.
        used = self.used_days(context.year)
        eligible = self.considered & (level >= LEVEL_RANK[minimum_level])
        eligible &= ~self._flag(
            self.unavailable_expert,
            (self.unavailable_start <= end) & (self.unavailable_end >= start),
        )
        eligible &= ~self._flag(
            self.held_expert, (self.held_start <= end) & (self.held_end >= start)
        )
        eligible &= (static.max_days < 0) | (static.max_days - used >= context.days)
        taken = [static.index[e] for e in context.team_expert_ids if e in static.index]
        eligible[taken] = False

        # Thematic fit: for each needed area, the best credit among the expert's areas.
        credit = np.zeros(size, dtype=np.float32)
        needs = [n for n in context.needs if n in static.area_columns]
        if needs:
            relations = np.zeros((static.areas.shape[1], len(needs)), dtype=np.float32)
            for area, column in static.area_columns.items():
                for j, needed in enumerate(needs):
                    relations[column, j] = static.relation(area, needed)
            best = np.zeros((size, len(needs)), dtype=np.float32)
            for value in (SIBLING, RELATED, EXACT):
                hits = static.areas @ (relations == value).astype(np.float32)
                best = np.where(hits > 0, np.float32(value), best)
            credit = best.mean(axis=1)
        matched = static.matched_keywords(context.words)
        keywords_matched = np.bincount(
            static.keyword_experts[np.isin(static.keyword_ids, matched)], minlength=size
        )
        thematic = THEMATIC_AREAS_MAX * credit + np.minimum(
            KEYWORDS_MAX, KEYWORD_POINTS * keywords_matched
        )

        # Experience in the activity's country (or the action's), else in its region.
        wanted = {context.country_id, *context.action_country_ids} - {None}
        columns = [static.country_columns[c] for c in wanted if c in static.country_columns]
        full = np.zeros(size, dtype=bool)
        if columns:
            full = np.asarray(static.countries[:, columns].any(axis=1))
        region_column = static.region_columns.get(context.region_id)
        in_region = (
            static.regions[:, region_column] & ~full
            if region_column is not None
            else np.zeros(size, dtype=bool)
        )
        experience = np.where(full, EXPERIENCE_MAX, np.where(in_region, EXPERIENCE_REGION, 0.0))

        recent_window = (self.held_start >= start - WORKLOAD_WINDOW_DAYS) & (
            self.held_start < start
        )
        recent = np.bincount(
            self.held_expert[recent_window],
            weights=self.held_days[recent_window],
            minlength=size,
        )
        allowance = np.where(static.max_days > 0, static.max_days, REFERENCE_ALLOWANCE)
        workload = WORKLOAD_MAX * np.clip(1.0 - recent / allowance, 0.0, 1.0)

        with np.errstate(invalid="ignore", divide="ignore"):
            mean = self.feedback_sum / self.feedback_count
        feedback = np.where(
            self.feedback_count > 0, FEEDBACK_MAX * (mean - 1.0) / 4.0, FEEDBACK_MAX / 2
        )

        new_country = (static.home_country >= 0) & ~np.isin(
            static.home_country, list(context.team_country_ids)
        )
        country_mix = np.where(new_country, COUNTRY_MIX_MAX, 0.0)

        parts = {
            "thematic_fit": thematic,
            "language": LANGUAGE_POINTS[level],
            "experience": experience,
            "workload": workload,
            "feedback": feedback,
            "country_mix": country_mix,
        }
        parts = {name: np.round(points.astype(np.float64), 1) for name, points in parts.items()}
        score = np.round(sum(parts.values()), 1)
        return Evaluation(
            eligible=eligible,
            level=level,
            used_days=used,
            recent_days=recent.astype(np.int64),
            area_credit=credit,
            keywords_matched=keywords_matched,
            experience_full=full,
            experience_region=in_region,
            parts=parts,
            score=score,
        )
