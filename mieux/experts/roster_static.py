"""The static part of the roster as arrays, cached per process and keyed by a fingerprint.

Static features change only when a profile (or the reference data) does: home country, yearly
allowance, keywords, languages, thematic areas, countries and regions of experience, for every
deployable expert. Loading them for 10,000 experts takes hundreds of milliseconds, so they are
kept in memory between calls. Each call first reads a fingerprint of the tables they come from
in one cheap query; any change to those tables changes it, and the next call reloads
(`static_roster`). The date-dependent features (deployments, unavailable periods, feedback) are
always read fresh (`roster_snapshot`).
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Case, Count, F, Max, Model, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from mieux.accounts.models import Institution
from mieux.experts.matching_rules import (
    DEPLOYABLE,
    EXACT,
    LEVEL_RANK,
    RELATED,
    SIBLING,
    deployable_experts,
    words,
)
from mieux.experts.models import Expert, ExpertLanguage
from mieux.geo.models import Country
from mieux.taxonomy.models import ThematicArea


@dataclass(frozen=True)
class StaticRoster:
    """Every deployable expert's static features, indexed by position (experts by id).

    Shared between threads and calls once cached: never modified after loading."""

    expert_ids: np.ndarray  # sorted
    index: dict[int, int]  # expert id → position
    home_country: np.ndarray  # institution's country id, -1 when unknown
    max_days: np.ndarray  # -1: no limit
    keywords: list[list[str]]
    languages: dict[str, np.ndarray]  # code → level rank per expert (0: does not speak it)
    area_parent: dict[int, int | None]
    area_columns: dict[int, int]
    areas: np.ndarray  # experts by areas, float32 0/1
    country_columns: dict[int, int]
    countries: np.ndarray  # experts by countries of experience, bool
    region_columns: dict[int, int]
    regions: np.ndarray  # experts by regions (declared, or holding a country of experience there)
    keyword_experts: np.ndarray
    keyword_ids: np.ndarray
    keyword_words: list[frozenset[str]]
    keywords_by_word: dict[str, list[int]]

    @property
    def size(self) -> int:
        return len(self.expert_ids)

    def positions(self, expert_ids: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the experts, and which of `expert_ids` the roster holds (an expert
        who became deployable after the roster was read is left out until the next call)."""
        ids = np.asarray(expert_ids, dtype=np.int64)
        found = np.searchsorted(self.expert_ids, ids)
        known = found < self.size
        known[known] = self.expert_ids[found[known]] == ids[known]
        return found[known], known

    def relation(self, area: int, needed: int) -> float:
        """Credit of holding `area` for a needed area, from the taxonomy's hierarchy."""
        if area == needed:
            return EXACT
        parent, needed_parent = self.area_parent.get(area), self.area_parent.get(needed)
        if area == needed_parent or needed == parent:
            return RELATED
        if parent is not None and parent == needed_parent:
            return SIBLING
        return 0.0

    def matched_keywords(self, activity_words: frozenset[str]) -> list[int]:
        candidates = {k for word in activity_words for k in self.keywords_by_word.get(word, ())}
        return sorted(k for k in candidates if self.keyword_words[k] <= activity_words)


def _pairs(queryset: QuerySet[Any, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The (expert id, other id) rows of a link table as two arrays."""
    rows = np.asarray(list(queryset), dtype=np.int64).reshape(-1, 2)
    return rows[:, 0], rows[:, 1]


def load_static_roster() -> StaticRoster:
    """Read the static features of every deployable expert (seven queries)."""
    rows = list(
        deployable_experts()
        .order_by("pk")
        .values_list("pk", "institution__country_id", "max_days_per_year", "keywords")
    )
    expert_ids = np.asarray([row[0] for row in rows], dtype=np.int64)
    index = {int(expert_id): position for position, expert_id in enumerate(expert_ids)}
    size = len(rows)
    # One uncorrelated subquery, which the database evaluates once per query as a hashed set.
    deployable = {"expert_id__in": deployable_experts().values("pk")}

    def located(experts: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Each query reads the database afresh: an expert who became deployable after the
        # first one is left out (the fingerprint read before this load will not match).
        positions = np.searchsorted(expert_ids, experts)
        known = positions < size
        known[known] = expert_ids[positions[known]] == experts[known]
        return positions[known], values[known]

    languages: dict[str, np.ndarray] = {}
    for expert_id, code, level in ExpertLanguage.objects.filter(**deployable).values_list(
        "expert_id", "code", "level"
    ):
        position = index.get(expert_id)
        if position is None:
            continue
        if code not in languages:
            languages[code] = np.zeros(size, dtype=np.int8)
        languages[code][position] = LEVEL_RANK.get(level, 0)

    area_parent: dict[int, int | None] = dict(ThematicArea.objects.values_list("id", "parent_id"))
    area_columns = {area_id: column for column, area_id in enumerate(sorted(area_parent))}
    areas = np.zeros((size, max(len(area_columns), 1)), dtype=np.float32)
    positions, values = located(
        *_pairs(
            Expert.thematic_areas.through.objects.filter(**deployable).values_list(
                "expert_id", "thematicarea_id"
            )
        )
    )
    areas[positions, [area_columns[int(v)] for v in values]] = 1.0

    country_region = dict(Country.objects.values_list("id", "region_id"))
    country_columns = {country: column for column, country in enumerate(sorted(country_region))}
    positions, values = located(
        *_pairs(
            Expert.countries_of_experience.through.objects.filter(**deployable).values_list(
                "expert_id", "country_id"
            )
        )
    )
    declared_positions, declared_regions = located(
        *_pairs(
            Expert.regions_of_experience.through.objects.filter(**deployable).values_list(
                "expert_id", "region_id"
            )
        )
    )
    region_ids = {r for r in country_region.values() if r is not None}
    region_ids |= {int(r) for r in declared_regions}
    region_columns = {region: column for column, region in enumerate(sorted(region_ids))}
    countries = np.zeros((size, max(len(country_columns), 1)), dtype=bool)
    regions = np.zeros((size, max(len(region_columns), 1)), dtype=bool)
    countries[positions, [country_columns[int(v)] for v in values]] = True
    for position, country_id in zip(positions, values, strict=True):
        region = country_region.get(int(country_id))
        if region is not None:
            regions[position, region_columns[region]] = True
    regions[declared_positions, [region_columns[int(r)] for r in declared_regions]] = True

    keyword_experts, keyword_ids = [], []
    vocabulary: dict[frozenset[str], int] = {}
    keywords = []
    for position, row in enumerate(rows):
        own = row[3] or []
        keywords.append(own)
        for keyword in own:
            key = words(keyword) if isinstance(keyword, str) else frozenset()
            if key:
                keyword_experts.append(position)
                keyword_ids.append(vocabulary.setdefault(key, len(vocabulary)))
    keyword_words = list(vocabulary)
    keywords_by_word: dict[str, list[int]] = defaultdict(list)
    for keyword_id, key in enumerate(keyword_words):
        for word in key:
            keywords_by_word[word].append(keyword_id)

    return StaticRoster(
        expert_ids=expert_ids,
        index=index,
        home_country=np.asarray([row[1] or -1 for row in rows], dtype=np.int64),
        max_days=np.asarray([-1 if row[2] is None else row[2] for row in rows], dtype=np.int64),
        keywords=keywords,
        languages=languages,
        area_parent=area_parent,
        area_columns=area_columns,
        areas=areas,
        country_columns=country_columns,
        countries=countries,
        region_columns=region_columns,
        regions=regions,
        keyword_experts=np.asarray(keyword_experts, dtype=np.int64),
        keyword_ids=np.asarray(keyword_ids, dtype=np.int64),
        keyword_words=keyword_words,
        keywords_by_word=dict(keywords_by_word),
    )


# --- the fingerprint --------------------------------------------------------------------------


def _summary(model: type[Model], **aggregates: Any) -> QuerySet[Any, Any]:
    """`SELECT <aggregates> FROM <table>`: one row (grouping by a constant groups nothing)."""
    return (
        model._default_manager.order_by()
        .annotate(whole=Value(1))
        .values("whole")
        .annotate(**aggregates)
        .values(*aggregates)
    )


def _weighted(weight: Any) -> Sum:
    """A sum that changes when a row's `weight` changes in place (rows keep their id)."""
    return Sum(F("pk") * Coalesce(weight, Value(0)))


def _fingerprint_summaries() -> list[QuerySet[Any, Any]]:
    """What the fingerprint is made of, one summary per table (each table is read once)."""
    rank = Case(
        *(When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
        default=Value(0),
    )
    summaries = [
        # A save sets `updated_at`; COUNT and MAX(id) see inserts and deletes; the count of
        # deployable experts sees status, consent or erasure changed by a queryset `.update()`,
        # which bypasses `updated_at` (no code does that today; it costs nothing to be sure).
        _summary(
            Expert,
            count=Count("pk"),
            last=Max("pk"),
            updated=Max("updated_at"),
            deployable=Count("pk", filter=DEPLOYABLE),
        ),
        # Languages have no `updated_at`: the weighted sum sees a level changed in place.
        _summary(ExpertLanguage, count=Count("pk"), last=Max("pk"), levels=_weighted(rank)),
        # Reference data the arrays depend on: an institution's country, an area's parent, a
        # country's region.
        _summary(
            Institution, count=Count("pk"), last=Max("pk"), countries=_weighted(F("country_id"))
        ),
        _summary(
            ThematicArea, count=Count("pk"), last=Max("pk"), parents=_weighted(F("parent_id"))
        ),
        _summary(Country, count=Count("pk"), last=Max("pk"), regions=_weighted(F("region_id"))),
    ]
    # Link rows are only inserted and deleted and ids only grow (AUTOINCREMENT on SQLite,
    # sequences on PostgreSQL), so their count and last id see every change. One gap, on SQLite
    # only: ids taken by a transaction that rolls back are taken again, so features cached by a
    # ranking *inside* such a transaction could match a later, different link with the same id.
    # A SUM(id * other id) would close it at 2.5 times the cost of these scans.
    for link in (
        Expert.thematic_areas.through,
        Expert.countries_of_experience.through,
        Expert.regions_of_experience.through,
    ):
        summaries.append(_summary(link, count=Count("pk"), last=Max("pk")))
    return summaries


@functools.cache
def _fingerprint_sql(vendor: str) -> tuple[str, tuple[Any, ...]]:
    """The summaries as derived tables of one SELECT, compiled once per database backend.

    One row of `SELECT ... FROM (summary) t0 CROSS JOIN (summary) t1 ...`: every table is scanned
    once (scalar subqueries, one per value, would scan the experts table four times)."""
    del vendor  # the key of the cache: the SQL depends on the backend only
    compiled = [
        summary.query.get_compiler(connection=connection).as_sql()
        for summary in _fingerprint_summaries()
    ]
    # Only ORM-compiled SQL and quoted identifiers; the values stay parameters.
    sql = "SELECT * FROM " + " CROSS JOIN ".join(  # noqa: S608
        f"({part}) {connection.ops.quote_name(f'summary_{i}')}"
        for i, (part, _) in enumerate(compiled)
    )
    return sql, tuple(parameter for _, parameters in compiled for parameter in parameters)


def roster_fingerprint() -> tuple[Hashable, ...]:
    """A value that changes whenever the static features of any expert may have changed, read
    in one query."""
    sql, parameters = _fingerprint_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        row = cursor.fetchone()
    # The database too: tests (and scripts) may switch databases within one process.
    return (connection.vendor, connection.settings_dict["NAME"], *row)


# --- the cache --------------------------------------------------------------------------------

_cached: tuple[tuple[Hashable, ...], StaticRoster] | None = None
_loading = threading.Lock()


def static_roster() -> StaticRoster:
    """The static roster, reloaded only when its fingerprint changed since the last call.

    The fingerprint is read before the features, so cached features are never older than their
    key: a change in between makes the next call's fingerprint differ and reload."""
    global _cached
    key = roster_fingerprint()
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _loading:  # one thread loads; the others wait for its result
        cached = _cached
        if cached is not None and cached[0] == key:
            return cached[1]
        roster = load_static_roster()
        _cached = (key, roster)
        return roster


def clear_static_roster() -> None:
    global _cached
    _cached = None
