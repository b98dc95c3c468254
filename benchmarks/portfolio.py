"""Portfolio benchmark: the list API and an aggregation against the same queries in raw SQL.

    .venv/bin/python benchmarks/portfolio.py --activities 1000000 \
        --database-url postgres://postgres@127.0.0.1:5432/mieux_bench

Migrates the database, loads the reference data if missing and generates the synthetic portfolio
unless the database already holds exactly that many synthetic activities (so runs reuse it). Then
times, in-process through Django's test client (no HTTP server):

- the actions list, first page and a deep page (reached by following `next` cursors), filtered;
- the activities list, first and deep page, filtered by region and year;
- the "activities per year by theme" aggregation, unfiltered and for one region;

each against the equivalent hand-written SQL run through `connection.cursor()` (the count, the
page and the related rows the response shows; checked to return the same rows and related data
as the API before timing). The two sides alternate, in turns (API first, then raw first), so
drift and other work on the machine hit both alike. One JSON line per measurement on stdout:
name, database, rows, p50_ms, p95_ms, raw_p50_ms, raw_p95_ms, ratio (= p95 / raw_p95),
ratio_p50, repeat and the 1-minute load average before, at most during and after. Progress on
stderr.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAX_LIMIT = 200  # the API's largest page
PAGE_SIZE = 20


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=1_000_000, help="Activities (scale).")
    parser.add_argument(
        "--actions", type=int, default=None, help="Actions (default: activities / 7)."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="Database to use (default: $DATABASE_URL, else var/benchmarks/portfolio.sqlite3, "
        "never the demo database).",
    )
    # The list pages take milliseconds: 200 pairs make their p95 a stable figure (with 40 it is
    # the second-worst pair, at the mercy of one hiccup of the machine).
    parser.add_argument("--repeat", type=int, default=200, help="Timed pairs per list measurement.")
    parser.add_argument(
        "--aggregation-repeat",
        type=int,
        default=None,
        help="Timed pairs per aggregation (default: --repeat, at most 40).",
    )
    parser.add_argument("--warmup", type=int, default=3, help="Untimed runs first.")
    parser.add_argument(
        "--deep-page", type=int, default=500, help="Page number of the deep page (or the last)."
    )
    parser.add_argument("--seed", type=int, default=0, help="Seed of the synthetic portfolio.")
    parser.add_argument(
        "--prepare-only", action="store_true", help="Migrate and generate, measure nothing."
    )
    arguments = parser.parse_args(argv)
    if arguments.activities < 1 or arguments.repeat < 1 or arguments.warmup < 0:
        parser.error("--activities and --repeat must be at least 1, --warmup at least 0")
    if arguments.actions is None:
        arguments.actions = max(1, round(arguments.activities / 7))
    if arguments.aggregation_repeat is None:
        arguments.aggregation_repeat = min(arguments.repeat, 40)
    if arguments.aggregation_repeat < 1:
        parser.error("--aggregation-repeat must be at least 1")
    if arguments.actions < 1:
        parser.error("--actions must be at least 1")
    return arguments


def setup_django(database_url: str | None) -> None:
    if not database_url:
        var_dir = Path(os.environ.get("MIEUX_VAR_DIR", PROJECT_DIR / "var")) / "benchmarks"
        var_dir.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{var_dir / 'portfolio.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    # DEBUG would record every query in memory and time it twice.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.config.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the database -----------------------------------------------------------------------------


def prepare_database(activities: int, actions: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from mieux.portfolio.models import Activity
    from mieux.portfolio.synthetic import (
        SYNTHETIC_MARK,
        clear_synthetic_portfolio,
        ensure_reference_data,
        generate_synthetic_portfolio,
    )

    call_command("migrate", verbosity=0, interactive=False)
    ensure_reference_data()
    existing = Activity.objects.filter(source_note=SYNTHETIC_MARK).count()
    if existing == activities:
        log(f"Reusing the {existing:,} synthetic activities already in the database.")
        return
    if existing:
        log(f"Clearing {existing:,} synthetic activities (want {activities:,}).")
        clear_synthetic_portfolio()
    log(f"Generating {actions:,} actions and {activities:,} activities…")

    def progress(actions_done: int, actions_total: int, done: int, total: int) -> None:
        print(f"\r  {done:,}/{total:,} activities", end="", file=sys.stderr, flush=True)

    cpu_started = time.process_time()
    result = generate_synthetic_portfolio(
        actions=actions, activities=activities, seed=seed, progress=progress
    )
    cpu = time.process_time() - cpu_started
    log(f"\nGenerated in {result.seconds:.1f} s ({cpu:.1f} s CPU in Python); analysing…")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- timing -----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure(
    name: str,
    orm: Callable[[], Any],
    raw: Callable[[], Any],
    *,
    repeat: int,
    warmup: int,
    context: dict[str, Any],
) -> dict[str, Any]:
    """Run both `warmup` times, then `repeat` pairs, the API first in even pairs and the raw SQL
    first in odd ones (so drift, caches warmed by the previous call and other work on the
    machine hit both alike). The load average is sampled before, after every pair and after."""
    for _ in range(warmup):
        orm()
        raw()
    load_before = os.getloadavg()[0]
    load_max = load_before
    orm_times, raw_times = [], []

    def timed(function: Callable[[], Any], times: list[float]) -> None:
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)

    for turn in range(repeat):
        if turn % 2 == 0:
            timed(orm, orm_times)
            timed(raw, raw_times)
        else:
            timed(raw, raw_times)
            timed(orm, orm_times)
        load_max = max(load_max, os.getloadavg()[0])
    p50, raw_p50 = statistics.median(orm_times), statistics.median(raw_times)
    p95, raw_p95 = percentile(orm_times, 0.95), percentile(raw_times, 0.95)
    return {
        # Other work on the machine shows up in both columns; the ratio is the robust figure.
        "name": name,
        **context,
        "repeat": repeat,
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "raw_p50_ms": round(raw_p50, 2),
        "raw_p95_ms": round(raw_p95, 2),
        "ratio": round(p95 / raw_p95, 2) if raw_p95 else None,
        "ratio_p50": round(p50 / raw_p50, 2) if raw_p50 else None,
        "load_avg_1m_before": round(load_before, 2),
        "load_avg_1m_max": round(load_max, 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


# --- the API calls and their raw SQL ----------------------------------------------------------


def api_get(client: Any, path: str, params: dict[str, Any]) -> dict[str, Any]:
    response = client.get(path, params)
    if response.status_code != 200:
        raise RuntimeError(
            f"GET {path} {params}: {response.status_code} {response.content[:300]!r}"
        )
    return response.json()


def deep_cursor(client: Any, path: str, params: dict[str, Any], page: int, limit: int) -> str:
    """The cursor of page `page` (or of the last full page), found by following `next` cursors.

    A cursor is the key of the last row served, so walking with the largest page size reaches
    the same place as walking `page` pages of `limit` rows, in fewer requests.
    """
    count = api_get(client, path, {**params, "limit": 1})["count"]
    target_rows = min((page - 1) * limit, count - limit)
    if target_rows < 1:
        raise RuntimeError(f"{path} {params}: {count} rows, one page; use a larger --activities")
    walked, cursor = 0, None
    while walked < target_rows:  # target_rows <= count - limit: there is always a next page
        size = min(MAX_LIMIT, target_rows - walked)
        body = api_get(
            client, path, {**params, "limit": size, **({"cursor": cursor} if cursor else {})}
        )
        walked += len(body["items"])
        cursor = body["next"]
    if cursor is None:
        raise RuntimeError(f"{path} {params}: the list ended before row {target_rows}")
    return cursor


def _key_condition(descending: bool) -> str:
    """The API's keyset predicate (`Keyset.after`), with its index-usable leading bound."""
    bound, operator = ("<=", "<") if descending else (">=", ">")
    return (
        f" AND t.start_date {bound} %s"
        f" AND (t.start_date {operator} %s OR (t.start_date = %s AND t.id > %s))"
    )


REGION_ID = "(SELECT id FROM geo_region WHERE code = %s)"


def raw_region_id(cursor: Any, code: str) -> int:
    """The region's id, as the API's filter validation looks it up (an unknown region is a 400
    there): the lists then filter on the id as a constant."""
    cursor.execute("SELECT id FROM geo_region WHERE code = %s", [code])
    row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"unknown region {code}")
    return row[0]


def raw_action_page(params: dict[str, Any], cursor: str | None, limit: int) -> tuple[int, list]:
    """The action list's queries by hand: count, page with region and pillar, then the countries
    and thematic areas of the rows shown (one statement), in the order the API shows them.

    Returns the count and, per item, (slug, region, pillar, country codes, area codes), which
    `item_keys` takes from the API's response for the check that both sides agree.
    """
    from django.db import connection

    from mieux.api import pagination

    with connection.cursor() as cursor_:
        where = " WHERE t.is_public = %s AND t.region_id = %s AND t.status = %s"
        arguments: list[Any] = [True, raw_region_id(cursor_, params["region"]), params["status"]]
        cursor_.execute(
            "SELECT COUNT(*) FROM portfolio_action t" + where,
            arguments,
        )
        count = cursor_.fetchone()[0]
        page_where = where
        if cursor is not None:
            start, row_id = pagination.decode_cursor(pagination.ACTIONS, cursor)
            page_where += _key_condition(descending=True)
            arguments = [*arguments, start, start, start, row_id]
        cursor_.execute(
            "SELECT t.id, t.slug, t.name, t.title, t.language, t.translations, t.status,"
            " t.start_date, t.start_precision, t.end_date, t.end_precision, t.is_public,"
            " r.code, r.name_en, r.name_es, r.name_pt, r.name_fr,"
            " p.code, p.name_en, p.name_es, p.name_pt, p.name_fr"
            " FROM portfolio_action t JOIN geo_region r ON r.id = t.region_id"
            " JOIN taxonomy_thematicarea p ON p.id = t.pillar_id"
            + page_where
            + " ORDER BY t.start_date DESC, t.id ASC LIMIT %s",
            [*arguments, limit + 1],
        )
        # The extra row only tells whether there is a next page.
        rows = cursor_.fetchall()[:limit]
        countries: dict[int, list[str]] = {}
        areas: dict[int, list[str]] = {}
        ids = [row[0] for row in rows]
        if ids:
            # Both link tables in one statement, as the API reads them; sorted here as there.
            marks = ", ".join(["%s"] * len(ids))
            cursor_.execute(
                "SELECT 0, l.action_id, 0, c.iso2, c.name_en, c.name_es, c.name_pt, c.name_fr"
                " FROM portfolio_action_countries l JOIN geo_country c ON c.id = l.country_id"
                f" WHERE l.action_id IN ({marks})"
                " UNION ALL SELECT 1, l.action_id, a.sort_order, a.code, a.name_en, a.name_es,"
                " a.name_pt, a.name_fr FROM portfolio_action_thematic_areas l"
                " JOIN taxonomy_thematicarea a ON a.id = l.thematicarea_id"
                f" WHERE l.action_id IN ({marks})",
                ids + ids,
            )
            links = cursor_.fetchall()
            for _, action_id, _, iso2, *_names in sorted(
                (link for link in links if link[0] == 0), key=lambda link: (link[4], link[3])
            ):
                countries.setdefault(action_id, []).append(iso2)
            for _, action_id, _, code, *_names in sorted(
                (link for link in links if link[0] == 1), key=lambda link: (link[2], link[3])
            ):
                areas.setdefault(action_id, []).append(code)
    return count, [
        (row[1], row[12], row[17], countries.get(row[0], []), areas.get(row[0], [])) for row in rows
    ]


def raw_activity_page(params: dict[str, Any], cursor: str | None, limit: int) -> tuple[int, list]:
    """The activity list's queries by hand: count, then the page with action, activity type and
    country. Returns the count and, per item, (id, action slug, type code, country code)."""
    import datetime

    from django.db import connection

    from mieux.api import pagination

    year = int(params["year"])
    where = (
        " JOIN portfolio_action a ON a.id = t.action_id"
        " WHERE a.is_public = %s AND a.region_id = %s"
        " AND t.start_date >= %s AND t.start_date <= %s"
    )
    with connection.cursor() as cursor_:
        arguments: list[Any] = [
            True,
            raw_region_id(cursor_, params["region"]),
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
        ]
        cursor_.execute("SELECT COUNT(*) FROM portfolio_activity t" + where, arguments)
        count = cursor_.fetchone()[0]
        page_where = where
        if cursor is not None:
            start, row_id = pagination.decode_cursor(pagination.ACTIVITIES, cursor)
            page_where += _key_condition(descending=False)
            arguments = [*arguments, start, start, start, row_id]
        cursor_.execute(
            "SELECT t.id, t.title, t.description, t.status, t.start_date, t.end_date, t.city,"
            " t.is_virtual, t.language, t.participants_total, t.participants_female,"
            " t.participants_male, a.slug, a.name,"
            " y.code, y.name_en, y.name_es, y.name_pt, y.name_fr,"
            " c.iso2, c.name_en, c.name_es, c.name_pt, c.name_fr"
            " FROM portfolio_activity t"
            + page_where.replace(
                " WHERE",
                " JOIN taxonomy_activitytype y ON y.id = t.activity_type_id"
                " LEFT JOIN geo_country c ON c.id = t.country_id WHERE",
                1,
            )
            + " ORDER BY t.start_date ASC, t.id ASC LIMIT %s",
            [*arguments, limit + 1],
        )
        rows = cursor_.fetchall()[:limit]
    return count, [(row[0], row[12], row[14], row[19]) for row in rows]


def item_keys(kind: str, body: dict[str, Any]) -> tuple[int, list]:
    """What the raw page functions return, taken from the API's response."""
    if kind == "actions":
        return body["count"], [
            (
                item["slug"],
                item["region"]["code"],
                item["pillar"]["code"],
                [country["iso2"] for country in item["countries"]],
                [area["code"] for area in item["thematic_areas"]],
            )
            for item in body["items"]
        ]
    return body["count"], [
        (
            item["id"],
            item["action"]["slug"],
            item["activity_type"]["code"],
            item["country"]["iso2"] if item["country"] else None,
        )
        for item in body["items"]
    ]


def raw_aggregation(region: str | None) -> list[dict[str, Any]]:
    from django.db import connection

    year = (
        "CAST(strftime('%%Y', t.start_date) AS INTEGER)"
        if connection.vendor == "sqlite"
        else "CAST(EXTRACT(YEAR FROM t.start_date) AS INTEGER)"
    )
    joins = (
        " FROM portfolio_activity t JOIN portfolio_action a ON a.id = t.action_id"
        " JOIN taxonomy_thematicarea p ON p.id = a.pillar_id"
    )
    where = " WHERE a.is_public = %s"
    arguments: list[Any] = [True]
    if region:
        where += f" AND a.region_id = {REGION_ID}"
        arguments.append(region)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {year} AS year, p.code AS theme, COUNT(*) AS count{joins}{where}"
            " GROUP BY 1, 2 ORDER BY 1, 2",
            arguments,
        )
        return [{"year": y, "theme": t, "count": c} for y, t, c in cursor.fetchall()]


# --- the run ----------------------------------------------------------------------------------


def pick_filters() -> tuple[dict[str, str], dict[str, str]]:
    """Filters that select a sizeable share of the portfolio (so a deep page exists)."""
    from django.db.models import Count

    from mieux.portfolio.models import Activity
    from mieux.portfolio.statistics import Year

    actions = {"region": "LAC", "status": "completed"}
    busiest = (
        Activity.objects.filter(action__region__code="AFR")
        .annotate(year=Year("start_date"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    activities = {"region": "AFR", "year": str(busiest["year"] if busiest else 2019)}
    return actions, activities


def run(arguments: argparse.Namespace) -> list[dict[str, Any]]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client

    from mieux.portfolio.models import Activity
    from mieux.portfolio.selectors import PortfolioFilter
    from mieux.portfolio.statistics import activities_per_year_by_theme

    prepare_database(arguments.activities, arguments.actions, arguments.seed)
    if arguments.prepare_only:
        return []
    context = {"database": connection.vendor, "rows": Activity.objects.count()}
    client = Client()
    action_filters, activity_filters = pick_filters()
    results = []

    def timed(
        name: str,
        orm: Callable[[], Any],
        raw: Callable[[], Any],
        extra: dict[str, Any],
        repeat: int = arguments.repeat,
    ) -> None:
        result = measure(
            name,
            orm,
            raw,
            repeat=repeat,
            warmup=arguments.warmup,
            context={**context, **extra},
        )
        print(json.dumps(result), flush=True)
        results.append(result)

    for kind, path, filters, raw_page in (
        ("actions", "/api/v1/actions", action_filters, raw_action_page),
        ("activities", "/api/v1/activities", activity_filters, raw_activity_page),
    ):
        count = api_get(client, path, {**filters, "limit": 1})["count"]
        # 20 a page, as the API's default; smaller only for tiny (smoke test) portfolios.
        limit = PAGE_SIZE if count >= 2 * PAGE_SIZE else max(1, count // 2)
        pages: list[tuple[str, str | None]] = [("first_page", None)]
        if count >= 2:
            log(f"{kind}: following cursors to page {arguments.deep_page} ({filters})…")
            pages.append(
                ("deep_page", deep_cursor(client, path, filters, arguments.deep_page, limit))
            )
        else:
            log(f"{kind}: {count} rows match {filters}, no deep page to measure.")
        for page_name, cursor in pages:
            params = {**filters, "limit": limit, **({"cursor": cursor} if cursor else {})}
            # The raw SQL must return what the API returns (count, rows and their related
            # data, in order), or the comparison means nothing.
            body = api_get(client, path, params)
            if item_keys(kind, body) != raw_page(filters, cursor, limit):
                raise RuntimeError(f"{kind} {page_name}: raw SQL and API disagree")
            timed(
                f"{kind}_{page_name}",
                functools.partial(api_get, client, path, params),
                functools.partial(raw_page, filters, cursor, limit),
                {"filters": filters, "page_size": limit},
            )

    anonymous = AnonymousUser()
    for name, region in (("aggregation_per_year_by_theme", None), ("aggregation_region", "AFR")):
        selected = PortfolioFilter(region=region)
        if activities_per_year_by_theme(anonymous, selected) != raw_aggregation(region):
            raise RuntimeError(f"{name}: raw SQL and ORM disagree")
        timed(
            name,
            functools.partial(activities_per_year_by_theme, anonymous, selected),
            functools.partial(raw_aggregation, region),
            {"filters": {"region": region} if region else {}},
            repeat=arguments.aggregation_repeat,
        )
    return results


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    setup_django(arguments.database_url)
    run(arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
