"""The actions list read in SQL: one COUNT, one page and one statement for the page's countries
and thematic areas.

It is the platform's busiest read (the public API's list, followed page by page by every open-data
client), and at 200,000 activities its queries take 5-7 ms. Through the ORM the same three reads
cost another 2-3 ms of Python (building and compiling four querysets, their joins, converters),
which put the endpoint at 1.7-1.9x its raw SQL; written out here they cost what the statements
do (docs/benchmarks.md, "Issue 8: the action list in SQL").

The conditions mean exactly what `selectors.filter_actions` and `selectors._visibility` mean, on
the same indexes (region_id, status, start_date desc, id). `tests/test_action_page.py` checks that
both give the same count, rows and order for arbitrary filters, cursors and callers, on SQLite
and PostgreSQL: change one, and that test tells you to change the other.
"""

# ruff: noqa: S608 -- the statements interpolate table names taken from the models' metadata and
# fixed fragments of SQL only; every value goes in as a parameter.

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from mieux.accounts.models import Membership, Role
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Action
from mieux.portfolio.selectors import ACTION_ROW_FIELDS, PortfolioFilter, sees_all, theme_codes
from mieux.taxonomy.models import ThematicArea

ACTIONS = Action._meta.db_table
REGIONS = Region._meta.db_table
COUNTRIES = Country._meta.db_table
AREAS = ThematicArea._meta.db_table
MEMBERSHIPS = Membership._meta.db_table
ACTION_COUNTRIES = Action.countries.through._meta.db_table
ACTION_AREAS = Action.thematic_areas.through._meta.db_table
ACTION_INSTITUTIONS = Action.partner_institutions.through._meta.db_table
NAMES = "name_en, {0}.name_es, {0}.name_pt, {0}.name_fr"

# The columns of a page, in the order of `ACTION_ROW_FIELDS` (the row dicts' keys; `zip(...,
# strict=True)` below fails on the first page read if the two ever disagree).
_PAGE_COLUMNS = (
    "a.id, a.slug, a.name, a.title, a.language, a.translations, a.status, a.start_date,"
    " a.start_precision, a.end_date, a.end_precision, a.is_public,"
    f" r.code, r.{NAMES.format('r')}, p.code, p.{NAMES.format('p')}"
)


@dataclass(frozen=True)
class Conditions:
    """A WHERE clause on `a` (the actions table) and its parameters."""

    sql: str
    params: list[Any]


def action_conditions(user: Any, filters: PortfolioFilter) -> Conditions:
    """Visibility (`selectors._visibility`) and the filters (`selectors.filter_actions`)."""
    clauses: list[str] = []
    params: list[Any] = []
    if not sees_all(user):
        visible = "a.is_public = %s"
        params.append(True)
        if user is not None and getattr(user, "is_authenticated", False):
            visible = (
                f"({visible} OR EXISTS (SELECT 1 FROM {ACTION_INSTITUTIONS} l"
                f" JOIN {MEMBERSHIPS} m ON m.institution_id = l.institution_id"
                " WHERE l.action_id = a.id AND m.user_id = %s AND m.role = %s))"
            )
            params += [user.pk, Role.PARTNER_FOCAL_POINT.value]
        clauses.append(visible)
    if filters.region:
        if filters.region_id is not None:
            clauses.append("a.region_id = %s")
            params.append(filters.region_id)
        else:
            clauses.append(f"a.region_id = (SELECT id FROM {REGIONS} WHERE code = %s)")
            params.append(filters.region.upper())
    if filters.status:
        clauses.append("a.status = %s")
        params.append(filters.status)
    if filters.year:
        # Active at some point in the year: started by its end, not finished before its start.
        clauses.append("a.start_date <= %s AND (a.end_date IS NULL OR a.end_date >= %s)")
        params += [datetime.date(filters.year, 12, 31), datetime.date(filters.year, 1, 1)]
    if filters.country:
        clauses.append(
            f"EXISTS (SELECT 1 FROM {ACTION_COUNTRIES} l JOIN {COUNTRIES} c"
            " ON c.id = l.country_id WHERE l.action_id = a.id AND c.iso2 = %s)"
        )
        params.append(filters.country.upper())
    if filters.theme:
        codes = theme_codes(filters.theme)
        marks = ", ".join(["%s"] * len(codes))
        # A theme matches the action's pillar or one of its specific areas.
        clauses.append(
            f"(a.pillar_id IN (SELECT id FROM {AREAS} WHERE code IN ({marks}))"
            f" OR EXISTS (SELECT 1 FROM {ACTION_AREAS} l JOIN {AREAS} t"
            f" ON t.id = l.thematicarea_id WHERE l.action_id = a.id AND t.code IN ({marks})))"
        )
        params += [*codes, *codes]
    return Conditions(" AND ".join(clauses) or "1 = 1", params)


def _after(after: tuple[datetime.date, int] | None) -> Conditions:
    """Rows after a cursor's key in the list's order (start date descending, then id), with the
    redundant leading bound that lets both databases use it as an index condition (as
    `pagination.Keyset.after`)."""
    if after is None:
        return Conditions("", [])
    start, row_id = after
    return Conditions(
        " AND a.start_date <= %s AND (a.start_date < %s OR (a.start_date = %s AND a.id > %s))",
        [start, start, start, row_id],
    )


def action_page(
    user: Any, filters: PortfolioFilter, *, after: tuple[datetime.date, int] | None, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    """The number of actions `user` sees matching `filters`, and up to `limit` of them after
    the cursor key `after`, newest first, as rows keyed by `ACTION_ROW_FIELDS`."""
    where = action_conditions(user, filters)
    keyset = _after(after)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {ACTIONS} a WHERE {where.sql}", where.params)
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT {_PAGE_COLUMNS} FROM {ACTIONS} a"
            f" JOIN {REGIONS} r ON r.id = a.region_id JOIN {AREAS} p ON p.id = a.pillar_id"
            f" WHERE {where.sql}{keyset.sql} ORDER BY a.start_date DESC, a.id ASC LIMIT %s",
            [*where.params, *keyset.params, limit],
        )
        rows = [dict(zip(ACTION_ROW_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        # What the JSON field and the boolean field give through the ORM (Django's SQLite
        # converters already give dates; booleans come back as 0/1 there).
        row["translations"] = _json(row["translations"])
        row["is_public"] = bool(row["is_public"])
    return count, rows


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


@dataclass(frozen=True)
class ActionLinks:
    """Countries and thematic areas of some actions, by action id, in the order pages show
    them (countries by English name, areas by sort order then code). Each entry is
    `(code, name_en, name_es, name_pt, name_fr)`, the code being the ISO alpha-2 for a country."""

    countries: dict[int, list[tuple[str, ...]]]
    thematic_areas: dict[int, list[tuple[str, ...]]]


_LINKS = (
    f"SELECT 0, l.action_id, 0, c.iso2, c.{NAMES.format('c')} FROM {ACTION_COUNTRIES} l"
    f" JOIN {COUNTRIES} c ON c.id = l.country_id WHERE l.action_id IN ({{marks}})"
    f" UNION ALL SELECT 1, l.action_id, t.sort_order, t.code, t.{NAMES.format('t')}"
    f" FROM {ACTION_AREAS} l JOIN {AREAS} t ON t.id = l.thematicarea_id"
    " WHERE l.action_id IN ({marks})"
)


def action_list_links(action_ids: Sequence[int]) -> ActionLinks:
    """One statement (none without ids) for both link tables, joined to their targets.

    Sorted here, in the models' `Meta.ordering` (the code breaking ties between countries of
    the same name), rather than by an ORDER BY across the union's two kinds of row."""
    countries: dict[int, list[tuple[str, ...]]] = {}
    thematic_areas: dict[int, list[tuple[str, ...]]] = {}
    if not action_ids:
        return ActionLinks(countries=countries, thematic_areas=thematic_areas)
    ids = list(action_ids)
    with connection.cursor() as cursor:
        cursor.execute(_LINKS.format(marks=", ".join(["%s"] * len(ids))), ids + ids)
        rows = cursor.fetchall()
    # Rows are (kind, action_id, sort_order, code, name_en, …).
    country_rows = sorted((row for row in rows if row[0] == 0), key=lambda row: (row[4], row[3]))
    area_rows = sorted((row for row in rows if row[0] == 1), key=lambda row: (row[2], row[3]))
    for target, kind_rows in ((countries, country_rows), (thematic_areas, area_rows)):
        for _kind, action_id, _sort_order, *entry in kind_rows:
            target.setdefault(action_id, []).append(tuple(entry))
    return ActionLinks(countries=countries, thematic_areas=thematic_areas)
