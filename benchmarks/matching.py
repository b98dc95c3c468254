"""Matching benchmark: ranking one activity over the roster, and planning many activities.

    .venv/bin/python benchmarks/matching.py --experts 10000 --activities 1000 \
        --database-url postgres://postgres@127.0.0.1:5432/mieux_bench_matching

Migrates the database, loads the reference data if missing and generates a synthetic roster
(experts, languages, expertise, experience, unavailable periods, past and held deployments with
partner feedback) and planned activities, unless the database already holds exactly that roster
(so runs reuse it). Then measures, in-process:

- `ranking`: `rank_experts(activity, limit=20)` for `--rank-activities` planned activities,
  `--repeat` times each after `--warmup` untimed rounds: p50 and p95 in milliseconds, wall and
  CPU time of the process; and the first ranking after the cached static roster is dropped
  (`cold_*`, what the first call after a profile change costs);
- `planning`: `plan_activities` over all the planned activities: wall and CPU time, CP-SAT's
  total fit, its proven bound, an independent upper bound (each activity's best fits over every
  candidate pair, ignoring the constraints between activities), the gap to it, and greedy's
  total and gap.

One JSON line per measurement on stdout; progress on stderr.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
MARK = "synthetic-matching"
EMAIL_DOMAIN = "matching.synthetic.invalid"
PLAN_YEAR = 2027

# Home countries of experts with their mother tongue and how often they speak es / pt / fr / en.
HOMES = {
    # iso2: (weight, native, {language: probability})
    "ES": (16, "es", {"en": 0.8, "fr": 0.3, "pt": 0.15}),
    "PT": (9, "pt", {"es": 0.7, "en": 0.8, "fr": 0.3}),
    "FR": (10, "fr", {"en": 0.7, "es": 0.4, "pt": 0.05}),
    "IT": (8, "it", {"en": 0.7, "es": 0.45, "fr": 0.35}),
    "DE": (8, "de", {"en": 0.9, "es": 0.25, "fr": 0.3}),
    "NL": (5, "nl", {"en": 0.95, "es": 0.2, "fr": 0.3}),
    "BE": (4, "fr", {"en": 0.8, "es": 0.15}),
    "SE": (3, "sv", {"en": 0.95, "es": 0.2}),
    "PL": (4, "pl", {"en": 0.85, "es": 0.1, "fr": 0.1}),
    "AT": (3, "de", {"en": 0.9, "es": 0.2}),
    "IE": (2, "en", {"es": 0.2, "fr": 0.3}),
    "RO": (3, "ro", {"en": 0.8, "fr": 0.5, "es": 0.2}),
    "GR": (2, "el", {"en": 0.9, "fr": 0.2}),
    "CZ": (2, "cs", {"en": 0.85}),
    "MX": (4, "es", {"en": 0.6}),
    "CO": (3, "es", {"en": 0.5}),
    "CR": (2, "es", {"en": 0.6}),
    "BR": (3, "pt", {"es": 0.5, "en": 0.6}),
    "MA": (3, "ar", {"fr": 0.9, "en": 0.4, "es": 0.3}),
    "SN": (2, "fr", {"en": 0.4}),
}
SECOND_LEVELS = (("A2", 5), ("B1", 15), ("B2", 30), ("C1", 35), ("C2", 15))
KEYWORDS = (
    "victim identification", "border management", "labour migration", "diaspora engagement",
    "return and reintegration", "asylum procedures", "migration data", "visa policy",
    "smuggling of migrants", "integration", "unaccompanied minors", "document fraud",
    "consular protection", "remittances", "climate mobility", "readmission", "legal pathways",
    "referral mechanism", "interagency coordination", "training of trainers",
)  # fmt: skip
ACTIVITY_TOPICS = (
    "Workshop on", "Training on", "Study visit on", "Expert mission on", "Seminar on",
    "Drafting support on", "Peer review of",
)  # fmt: skip
REGION_LANGUAGES = {
    "LAC": (("es", 80), ("pt", 12), ("en", 8)),
    "AFR": (("fr", 45), ("en", 50), ("pt", 5)),
    "ENI": (("en", 70), ("fr", 30)),
    "ASI": (("en", 100),),
}


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experts", type=int, default=10_000, help="Experts on the roster.")
    parser.add_argument(
        "--activities", type=int, default=1_000, help="Planned activities to plan at once."
    )
    parser.add_argument(
        "--rank-activities", type=int, default=60, help="Activities timed for ranking."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="Database to use (default: $DATABASE_URL, else var/benchmarks/matching.sqlite3).",
    )
    parser.add_argument("--repeat", type=int, default=3, help="Timed rounds of ranking.")
    parser.add_argument("--warmup", type=int, default=1, help="Untimed rounds first.")
    parser.add_argument("--time-limit", type=float, default=25.0, help="CP-SAT's time limit (s).")
    parser.add_argument("--seed", type=int, default=0, help="Seed of the synthetic roster.")
    parser.add_argument(
        "--prepare-only", action="store_true", help="Migrate and generate, measure nothing."
    )
    arguments = parser.parse_args(argv)
    if min(arguments.experts, arguments.activities, arguments.rank_activities) < 1:
        parser.error("--experts, --activities and --rank-activities must be at least 1")
    if arguments.repeat < 1 or arguments.warmup < 0:
        parser.error("--repeat must be at least 1, --warmup at least 0")
    return arguments


def setup_django(database_url: str | None) -> None:
    if not database_url:
        var_dir = Path(os.environ.get("MIEUX_VAR_DIR", PROJECT_DIR / "var")) / "benchmarks"
        var_dir.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{var_dir / 'matching.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # DEBUG would record every query in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.config.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def weighted(rng: random.Random, pairs: Any) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


# --- the synthetic roster ---------------------------------------------------------------------


def bench_activities() -> Any:
    from mieux.portfolio.models import Activity

    return Activity.objects.filter(source_note=MARK, start_date__year=PLAN_YEAR).order_by("id")


def clear() -> None:
    from django.db import transaction

    from mieux.experts.models import Deployment, Expert, Feedback
    from mieux.portfolio.models import Action, Activity

    with transaction.atomic():
        Feedback.objects.filter(activity__source_note=MARK).delete()
        Deployment.objects.filter(activity__source_note=MARK).delete()
        Deployment.objects.filter(expert__email__endswith=EMAIL_DOMAIN).delete()
        Expert.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
        Activity.objects.filter(source_note=MARK).delete()
        Action.objects.filter(source_note=MARK).delete()


def prepare_database(arguments: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from mieux.experts.models import Expert
    from mieux.portfolio.synthetic import ensure_reference_data

    call_command("migrate", verbosity=0, interactive=False)
    ensure_reference_data()
    experts = Expert.objects.filter(email__endswith=EMAIL_DOMAIN).count()
    if experts == arguments.experts and bench_activities().count() == arguments.activities:
        log(f"Reusing the {experts:,} synthetic experts already in the database.")
        return
    log("Clearing the previous synthetic roster…")
    clear()
    started = time.perf_counter()
    generate(arguments.experts, arguments.activities, random.Random(arguments.seed))  # noqa: S311
    log(f"Generated in {time.perf_counter() - started:.1f} s; analysing…")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def generate(expert_count: int, activity_count: int, rng: random.Random) -> None:
    from django.db import transaction

    from mieux.accounts.models import Institution, InstitutionKind, User
    from mieux.experts.models import (
        Deployment,
        Expert,
        ExpertLanguage,
        Feedback,
        UnavailablePeriod,
    )
    from mieux.geo.models import Country, Region
    from mieux.portfolio.models import Action, Activity
    from mieux.taxonomy.models import ActivityType, ThematicArea

    countries = {c.iso2: c for c in Country.objects.all()}
    regions = {r.code: r for r in Region.objects.filter(code__in=REGION_LANGUAGES)}
    by_region = {
        code: [c for c in countries.values() if c.region_id == region.pk and c.is_oda_eligible]
        for code, region in regions.items()
    }
    pillars = list(ThematicArea.objects.filter(parent__isnull=True))
    children = {p.pk: list(ThematicArea.objects.filter(parent=p)) for p in pillars}
    areas = [a for p in pillars for a in (p, *children[p.pk])]
    types = list(ActivityType.objects.all())
    with transaction.atomic():
        officer, _ = User.objects.get_or_create(username="matching-benchmark")
        institutions = {}
        for iso2 in HOMES:
            institutions[iso2], _ = Institution.objects.get_or_create(
                name=f"Synthetic ministry ({iso2})",
                country=countries[iso2],
                defaults={"kind": InstitutionKind.EU_MEMBER_STATE_ADMINISTRATION},
            )
        homes = [(iso2, weight) for iso2, (weight, _, _) in HOMES.items()]
        consent = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        experts = Expert.objects.bulk_create(
            [
                Expert(
                    full_name=f"Synthetic expert {i + 1}",
                    email=f"expert{i + 1}@{EMAIL_DOMAIN}",
                    institution=institutions[weighted(rng, homes)],
                    expert_type="eu_member_state_administration",
                    keywords=rng.sample(KEYWORDS, rng.choice((0, 1, 1, 2, 3))),
                    max_days_per_year=None if rng.random() < 0.2 else rng.randint(30, 120),
                    consent_given_at=None if rng.random() < 0.03 else consent,
                    status="deactivated" if rng.random() < 0.04 else "active",
                )
                for i in range(expert_count)
            ],
            batch_size=500,
        )
        country_of = {institution.pk: iso2 for iso2, institution in institutions.items()}
        languages, area_links, country_links, region_links, periods = [], [], [], [], []
        for expert in experts:
            home = country_of[expert.institution_id]
            _, native, others = HOMES[home]
            languages.append(ExpertLanguage(expert=expert, code=native, level="native"))
            for code, probability in others.items():
                if code != native and rng.random() < probability:
                    level = weighted(rng, SECOND_LEVELS)
                    languages.append(ExpertLanguage(expert=expert, code=code, level=level))
            for area in rng.sample(areas, rng.randint(1, 4)):
                area_links.append(Expert.thematic_areas.through(expert=expert, thematicarea=area))
            region_codes = rng.sample(sorted(regions), rng.choice((0, 1, 1, 2)))
            for code in region_codes:
                region_links.append(
                    Expert.regions_of_experience.through(expert=expert, region=regions[code])
                )
                for country in rng.sample(by_region[code], min(3, rng.randint(0, 3))):
                    country_links.append(
                        Expert.countries_of_experience.through(expert=expert, country=country)
                    )
            if rng.random() < 0.3:
                start = datetime.date(PLAN_YEAR, 1, 1) + datetime.timedelta(rng.randint(0, 350))
                end = start + datetime.timedelta(rng.randint(6, 30))
                periods.append(UnavailablePeriod(expert=expert, start=start, end=end))
        ExpertLanguage.objects.bulk_create(languages, batch_size=1000)
        Expert.thematic_areas.through.objects.bulk_create(area_links, batch_size=1000)
        Expert.countries_of_experience.through.objects.bulk_create(country_links, batch_size=1000)
        Expert.regions_of_experience.through.objects.bulk_create(region_links, batch_size=1000)
        UnavailablePeriod.objects.bulk_create(periods, batch_size=1000)

        # Actions with activities: past ones (2026, delivered) and the planned ones (2027).
        actions = []
        for serial in range(activity_count // 7 + 1):
            region = weighted(rng, (("LAC", 35), ("AFR", 30), ("ENI", 20), ("ASI", 15)))
            pillar = rng.choice(pillars)
            action = Action(
                slug=f"synthetic-matching-{serial + 1}",
                name=f"Synthetic matching {serial + 1}",
                title=f"Support on {rng.choice(KEYWORDS)}",
                region=regions[region],
                pillar=pillar,
                start_date=datetime.date(2026, 1, 1),
                source_note=MARK,
            )
            actions.append((action, region, pillar))
        Action.objects.bulk_create([a for a, _, _ in actions], batch_size=500)
        action_countries, action_areas, activities = [], [], []
        for action, region, pillar in actions:
            chosen = rng.sample(by_region[region], rng.randint(1, 2))
            for country in chosen:
                action_countries.append(Action.countries.through(action=action, country=country))
            for area in rng.sample(
                children[pillar.pk], min(rng.randint(1, 3), len(children[pillar.pk]))
            ):
                action_areas.append(Action.thematic_areas.through(action=action, thematicarea=area))
            language = weighted(rng, REGION_LANGUAGES[region])
            for year, count in ((2026, 3), (PLAN_YEAR, 7)):
                for _ in range(count):
                    start = datetime.date(year, 1, 5) + datetime.timedelta(rng.randint(0, 350))
                    topic = rng.choice(KEYWORDS) if rng.random() < 0.6 else pillar.name_en
                    activities.append(
                        Activity(
                            action=action,
                            activity_type=rng.choice(types),
                            title=f"{rng.choice(ACTIVITY_TOPICS)} {topic}",
                            start_date=start,
                            end_date=start + datetime.timedelta(rng.choice((0, 1, 2, 2, 3, 4))),
                            country=rng.choice(chosen),
                            language=language,
                            experts_needed=rng.choice((1, 2, 2, 2, 3)),
                            status="delivered" if year == 2026 else "planned",
                            source_note=MARK,
                        )
                    )
        Action.countries.through.objects.bulk_create(action_countries, batch_size=1000)
        Action.thematic_areas.through.objects.bulk_create(action_areas, batch_size=1000)
        Activity.objects.bulk_create(activities, batch_size=500)
        past = [a for a in activities if a.start_date.year == 2026]
        planned = [a for a in activities if a.start_date.year == PLAN_YEAR]
        # Exactly `activity_count` planned activities: drop the surplus.
        Activity.objects.filter(pk__in=[a.pk for a in planned[activity_count:]]).delete()
        planned = planned[:activity_count]

        # Past deployments (completed, with partner feedback) and held ones in the plan year.
        deployments, feedback, taken = [], [], set()
        active = [e for e in experts if e.status == "active" and e.consent_given_at]
        for activity in past:
            for expert in rng.sample(active, min(2, len(active))):
                deployments.append(
                    Deployment(
                        expert=expert, activity=activity, status="completed", proposed_by=officer
                    )
                )
            score = rng.randint(2, 5)
            feedback.append(
                Feedback(activity=activity, source="partner", author=officer, score=score)
            )
        for activity in rng.sample(planned, len(planned) // 5):
            expert = rng.choice(active)
            if (expert.pk, activity.pk) not in taken:
                taken.add((expert.pk, activity.pk))
                deployments.append(
                    Deployment(
                        expert=expert,
                        activity=activity,
                        status=rng.choice(("accepted", "invited", "proposed")),
                        proposed_by=officer,
                    )
                )
        Deployment.objects.bulk_create(deployments, batch_size=1000)
        Feedback.objects.bulk_create(feedback, batch_size=1000)
    log(
        f"Roster: {len(experts):,} experts, {len(languages):,} languages, {len(periods):,} "
        f"unavailable periods; {len(planned):,} planned activities; {len(deployments):,} "
        "deployments."
    )


# --- the run ----------------------------------------------------------------------------------


def run(arguments: argparse.Namespace) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mieux.experts.matching import rank_experts
    from mieux.experts.models import Expert
    from mieux.experts.planning import plan_activities
    from mieux.experts.roster_static import clear_static_roster

    prepare_database(arguments)
    if arguments.prepare_only:
        return []
    planned = list(bench_activities().select_related("action"))
    context = {
        "database": connection.vendor,
        "experts": Expert.objects.filter(email__endswith=EMAIL_DOMAIN).count(),
    }
    results = []

    ranked = planned[: arguments.rank_activities]
    log(f"Ranking {len(ranked)} activities, {arguments.repeat} rounds…")
    for _ in range(arguments.warmup):
        for activity in ranked:
            rank_experts(activity)
    times, cpu_times, counts = [], [], []
    with CaptureQueriesContext(connection) as queries:
        rank_experts(ranked[0])
    for _ in range(arguments.repeat):
        for activity in ranked:
            started, cpu_started = time.perf_counter(), time.process_time()
            ranking = rank_experts(activity)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            counts.append(ranking.count)
    # The first ranking after any change to the roster's static data reloads it (see
    # `mieux.experts.roster_static`): timed apart, on a few activities.
    cold_times, cold_cpu_times = [], []
    for activity in ranked[:5]:
        clear_static_roster()
        started, cpu_started = time.perf_counter(), time.process_time()
        rank_experts(activity)
        cold_times.append((time.perf_counter() - started) * 1000)
        cold_cpu_times.append((time.process_time() - cpu_started) * 1000)
    results.append(
        {
            "name": "ranking",
            **context,
            "activities": len(ranked),
            "runs": len(times),
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "max_ms": round(max(times), 2),
            # CPU time of this process: what the wall time would be on an idle machine, less
            # the database's own waits (SQLite runs in-process, so its work is included).
            "cpu_p50_ms": round(statistics.median(cpu_times), 2),
            "cpu_p95_ms": round(percentile(cpu_times, 0.95), 2),
            "cold_p50_ms": round(statistics.median(cold_times), 2),
            "cold_cpu_p50_ms": round(statistics.median(cold_cpu_times), 2),
            "mean_candidates": round(statistics.mean(counts)),
            "queries": len(queries.captured_queries),
            "load_avg_1m": round(os.getloadavg()[0], 2),
        }
    )
    print(json.dumps(results[-1]), flush=True)

    log(f"Planning {len(planned)} activities (time limit {arguments.time_limit} s)…")
    started, cpu_started = time.perf_counter(), time.process_time()
    comparison = plan_activities(planned, time_limit=arguments.time_limit)
    wall = time.perf_counter() - started
    # All threads of the process: CP-SAT runs two workers, so this can exceed the wall time.
    cpu = time.process_time() - cpu_started
    exact, greedy, bound = comparison.exact, comparison.greedy, comparison.upper_bound or 0.0
    places = sum(a.experts_needed for a in planned)
    results.append(
        {
            "name": "planning",
            **context,
            "activities": len(planned),
            "places": places,
            "pairs": comparison.pairs,
            "candidates_per_activity": comparison.candidates_per_activity,
            "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2),
            "scoring_s": round(comparison.scoring_seconds, 2),
            "cp_sat_s": round(exact.seconds, 2),
            "cp_sat_total": exact.total_fit,
            "cp_sat_bound": round(exact.bound or 0.0, 1),
            "cp_sat_optimal": exact.optimal,
            "cp_sat_assignments": len(exact.assignments),
            "upper_bound": bound,
            "cp_sat_gap_percent": round(comparison.exact_gap_percent, 4),
            "greedy_s": round(greedy.seconds, 2),
            "greedy_total": greedy.total_fit,
            "greedy_assignments": len(greedy.assignments),
            "greedy_gap_percent": round(
                100.0 * (bound - greedy.total_fit) / bound if bound else 0.0, 4
            ),
            "greedy_below_cp_sat_percent": round(comparison.greedy_gap_percent, 4),
            "load_avg_1m": round(os.getloadavg()[0], 2),
        }
    )
    print(json.dumps(results[-1]), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    setup_django(arguments.database_url)
    run(arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
