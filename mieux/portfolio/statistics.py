"""Aggregate reads of the portfolio for dashboards, factsheets and the API.

Each function takes the caller and the same `PortfolioFilter` as the lists, so a chart counts
exactly what the matching list shows (public actions only, unless the caller is staff).
"""

from typing import Any

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from mieux.portfolio.selectors import PortfolioFilter, activity_list


class Year(ExtractYear):
    """The calendar year of a date, as an integer, computed by the database itself.

    On SQLite Django extracts through a Python function (`django_date_extract`) called once per
    row, which makes a million-row aggregation several times slower than SQL; `strftime` is
    SQLite's own. On PostgreSQL `EXTRACT` returns `numeric`: grouping and sorting on an integer
    is cheaper (about a quarter of the aggregation at a million rows) and the value is an `int`,
    not a `Decimal`, in Python.
    """

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params

    def as_postgresql(
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(EXTRACT(YEAR FROM {sql}) AS INTEGER)", params


def activities_per_year_by_theme(user: Any, filters: PortfolioFilter) -> list[dict[str, Any]]:
    """Activities per start year and pillar of their action: [{"year", "theme", "count"}].

    `theme` is the pillar code (IMT, LM, IP, MD, HO): every action has exactly one pillar, so the
    counts of a year add up to the activities of that year. Rows are ordered by year, then theme;
    combinations without activities are absent. Filters mean what they mean for `activity_list`.
    """
    rows = (
        activity_list(user, filters)
        .order_by()
        .annotate(year=Year("start_date"), theme=F("action__pillar__code"))
        .values("year", "theme")
        # COUNT(*), not COUNT(id): PostgreSQL plans the two differently and only the first
        # in parallel (1.0 s against 0.65 s at a million activities).
        .annotate(count=Count("*"))
        .order_by("year", "theme")
    )
    return [{"year": r["year"], "theme": r["theme"], "count": r["count"]} for r in rows]
