"""A realistic synthetic portfolio, generated in bulk for demos, load tests and benchmarks.

Everything generated is marked: action names start with "Synthetic", slugs with `synthetic-` and
`source_note` is "synthetic" on actions and activities, so `clear_synthetic_portfolio` removes
exactly what was generated and nothing a person entered.

The distributions follow the real facility loosely: Africa ~40 % of actions, LAC ~25 %, Asia ~20 %,
the EU Neighbourhood ~15 %; a growing number of actions per year from 2009; one pillar per action
(IMT the most frequent) with one to four specific areas; durations from five months to five years;
about seven activities per action, the first an assessment mission. Statuses follow the dates
relative to `today`. Output is deterministic for a given seed and `today`.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from mieux.core.errors import DomainError
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Action, ActionStatus, Activity, ActivityStatus
from mieux.taxonomy.models import ActivityType, GCMObjective, Sector, ThematicArea

SYNTHETIC_MARK = "synthetic"
SLUG_PREFIX = "synthetic-"
NAME_PREFIX = "Synthetic "

FIRST_START_YEAR = 2009
LAST_START_YEAR = 2026
MIN_DURATION_MONTHS = 5
MAX_DURATION_MONTHS = 60

REGION_WEIGHTS = {"AFR": 40, "ASI": 20, "ENI": 15, "LAC": 25}
PILLAR_WEIGHTS = {"IMT": 34, "LM": 20, "HO": 20, "MD": 14, "IP": 12}
SPECIFIC_AREA_COUNT_WEIGHTS = {1: 35, 2: 30, 3: 22, 4: 13}
# After the first activity (always an assessment mission).
ACTIVITY_TYPE_WEIGHTS = {
    "expert_mission": 18,
    "workshop": 22,
    "training": 20,
    "study_visit": 8,
    "seminar": 8,
    "drafting_support": 10,
    "peer_review": 4,
    "online_session": 7,
    "assessment_mission": 3,
}
WITH_PARTICIPANTS = {"workshop", "training", "seminar", "study_visit", "online_session"}
REGION_LANGUAGES = {
    "AFR": (("en", 55), ("fr", 40), ("pt", 5)),
    "ASI": (("en", 100),),
    "ENI": (("en", 70), ("fr", 30)),
    "LAC": (("es", 80), ("pt", 10), ("en", 10)),
}
PORTUGUESE_SPEAKING = {"BR", "AO", "MZ", "CV", "GW", "ST", "TL"}
FRENCH_SPEAKING = {"SN", "ML", "NE", "BF", "CI", "GN", "TD", "CM", "CD", "CG", "BJ", "TG", "HT"}
EXPERT_COUNTRIES = (
    "Spain", "Portugal", "France", "Italy", "Germany", "Netherlands", "Belgium", "Sweden",
    "Poland", "Czechia", "Austria", "Ireland", "Finland", "Greece", "Romania", "Lithuania",
    "Mexico", "Costa Rica", "Morocco", "Philippines", "Colombia", "Ghana",
)  # fmt: skip
CANCELLED_SHARE = 0.03
OPEN_ENDED_SHARE = 0.2  # of ongoing actions: "2019-ongoing", no end date recorded
PRIVATE_SHARE = 0.04
ACTIVITY_CANCELLED_SHARE = 0.03
ACTIONS_PER_TRANSACTION = 1000


class SyntheticDataError(DomainError):
    """The synthetic portfolio cannot be generated as asked; nothing was written."""


@dataclass
class GenerationResult:
    actions: int = 0
    activities: int = 0
    seconds: float = 0.0


@dataclass
class _Reference:
    """The reference rows the generator draws from, loaded once."""

    regions: list[tuple[Region, list[Country], list[float]]]
    region_weights: list[float]
    pillars: dict[str, ThematicArea]
    children: dict[str, list[ThematicArea]]
    activity_types: dict[str, ActivityType]
    gcm_objective_ids: list[int]
    sector_ids: list[int] = field(default_factory=list)


@dataclass
class _Draft:
    """An action not yet saved, with what goes into its link tables."""

    action: Action
    countries: list[Country]
    areas: list[ThematicArea]
    gcm_objective_ids: list[int]
    planned_end: datetime.date  # the end its activities are planned within, even if open-ended


def roman(number: int) -> str:
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    parts = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def validate_counts(actions: int, activities: int) -> None:
    if actions < 0:
        raise SyntheticDataError(f"--actions must be zero or more, not {actions}.")
    if activities < 0:
        raise SyntheticDataError(f"--activities must be zero or more, not {activities}.")
    if actions == 0 and activities > 0:
        raise SyntheticDataError(
            f"{activities} activities need at least one action: give --actions 1 or more."
        )


def missing_reference_data() -> list[str]:
    """What the generator needs and the database lacks (empty when ready)."""
    missing = []
    if not Country.objects.filter(region__code__in=REGION_WEIGHTS).exists():
        missing.append("countries in the facility regions")
    if not ThematicArea.objects.filter(parent__isnull=True, code__in=PILLAR_WEIGHTS).exists():
        missing.append("thematic areas")
    if not ActivityType.objects.filter(code="assessment_mission").exists():
        missing.append("activity types")
    return missing


def ensure_reference_data() -> None:
    """Load the reference data if it is missing; fail clearly if it still is."""
    if not missing_reference_data():
        return
    try:
        call_command("load_reference_data", verbosity=0)
    except CommandError as error:  # unknown command, or the loader failed
        raise SyntheticDataError(
            f"Reference data is missing and could not be loaded ({error}); "
            "run `mieux load_reference_data` first."
        ) from error
    if missing := missing_reference_data():
        raise SyntheticDataError(
            "Reference data is missing: "
            + ", ".join(missing)
            + "; run `mieux load_reference_data`."
        )


def _load_reference(rng: random.Random) -> _Reference:
    regions = []
    region_weights = []
    for region in Region.objects.filter(code__in=REGION_WEIGHTS).order_by("code"):
        countries = list(region.countries.filter(is_oda_eligible=True).order_by("iso2"))
        if not countries:
            countries = list(region.countries.order_by("iso2"))
        if not countries:
            continue
        # A few partner countries ask again and again (Costa Rica I to V); most ask once or twice.
        ranks = list(range(1, len(countries) + 1))
        rng.shuffle(ranks)
        regions.append((region, countries, list(itertools.accumulate(1 / r**0.8 for r in ranks))))
        region_weights.append(REGION_WEIGHTS[region.code])
    areas = list(ThematicArea.objects.order_by("sort_order", "code"))
    pillars = {a.code: a for a in areas if a.parent_id is None and a.code in PILLAR_WEIGHTS}
    children: dict[str, list[ThematicArea]] = {code: [] for code in pillars}
    by_id = {a.id: a for a in areas}
    for area in areas:
        if area.parent_id is not None and by_id[area.parent_id].code in children:
            children[by_id[area.parent_id].code].append(area)
    activity_types = {t.code: t for t in ActivityType.objects.all()}
    return _Reference(
        regions=regions,
        region_weights=list(itertools.accumulate(region_weights)),
        pillars=pillars,
        children=children,
        activity_types=activity_types,
        gcm_objective_ids=list(
            GCMObjective.objects.order_by("number").values_list("id", flat=True)
        ),
        sector_ids=list(Sector.objects.filter(code="15190").values_list("id", flat=True)),
    )


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def _weighted(rng: random.Random, choices: Sequence[Any], cumulative: Sequence[float]) -> Any:
    return choices[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _split_activities(rng: random.Random, weights: list[float], total: int) -> list[int]:
    """Split `total` activities across actions in proportion to `weights`, summing exactly."""
    if not weights:
        return []
    weight_sum = sum(weights)
    shares = [total * w / weight_sum for w in weights]
    counts = [int(s) for s in shares]
    remainder = total - sum(counts)
    by_fraction = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_fraction[:remainder]:
        counts[i] += 1
    return counts


class _Generator:
    def __init__(self, reference: _Reference, rng: random.Random, today: datetime.date):
        self.reference = reference
        self.rng = rng
        self.today = today
        self.numbers: dict[str, int] = {}
        years = range(FIRST_START_YEAR, LAST_START_YEAR + 1)
        self.years = list(years)
        # Demand grows: about 8 % more new actions every year.
        self.year_weights = list(
            itertools.accumulate(1.08 ** (y - FIRST_START_YEAR) for y in years)
        )
        self.pillar_codes = [c for c in PILLAR_WEIGHTS if c in reference.pillars]
        self.pillar_weights = list(
            itertools.accumulate(PILLAR_WEIGHTS[c] for c in self.pillar_codes)
        )
        self.type_codes = [c for c in ACTIVITY_TYPE_WEIGHTS if c in reference.activity_types]
        self.type_weights = list(
            itertools.accumulate(ACTIVITY_TYPE_WEIGHTS[c] for c in self.type_codes)
        )
        self.area_counts = list(SPECIFIC_AREA_COUNT_WEIGHTS)
        self.area_count_weights = list(itertools.accumulate(SPECIFIC_AREA_COUNT_WEIGHTS.values()))
        self.cities = {
            country.pk: f"{country.name_en} (capital)"[:120]
            for _, countries, _ in reference.regions
            for country in countries
        }
        # Specific areas come from the pillar, then from the pillar or the horizontal areas.
        self.area_pools = {}
        for code in self.pillar_codes:
            own = reference.children.get(code) or []
            horizontal = [a for a in reference.children.get("HO", []) if a not in own]
            self.area_pools[code] = (own, own + horizontal)
        self.slugs: dict[str, str] = {}
        self.first_type = reference.activity_types.get(
            "assessment_mission", reference.activity_types[self.type_codes[0]]
        )

    def action(self, serial: int) -> _Draft:
        rng = self.rng
        region, countries, country_weights = _weighted(
            rng, self.reference.regions, self.reference.region_weights
        )
        primary = _weighted(rng, countries, country_weights)
        action_countries = [primary]
        if len(countries) > 1 and rng.random() < 0.12:  # "Argentina/Brazil", "Gran Chaco"
            others = [c for c in countries if c.pk != primary.pk]
            action_countries += rng.sample(others, min(len(others), rng.choice((1, 1, 2))))
        label = "/".join(c.name_en for c in action_countries)
        self.numbers[label] = number = self.numbers.get(label, 0) + 1
        numeral = roman(number)
        name = f"{NAME_PREFIX}{label} {numeral}"

        start_year = _weighted(rng, self.years, self.year_weights)
        start = datetime.date(start_year, rng.randint(1, 12), 1)
        duration = min(
            MAX_DURATION_MONTHS,
            max(MIN_DURATION_MONTHS, round(rng.triangular(MIN_DURATION_MONTHS, 60, 18))),
        )
        planned_end = _add_months(start, duration) - datetime.timedelta(days=1)
        end: datetime.date | None = planned_end
        if rng.random() < CANCELLED_SHARE:
            status = ActionStatus.CANCELLED
            if start < self.today:  # closed early, somewhere in its first half
                span = max(1, (min(planned_end, self.today) - start).days // 2)
                end = start + datetime.timedelta(days=rng.randint(30, 30 + span))
        elif start > self.today:
            status = ActionStatus.PLANNED
        elif planned_end < self.today:
            status = ActionStatus.COMPLETED
        else:
            status = ActionStatus.ONGOING
            if rng.random() < OPEN_ENDED_SHARE:
                end = None

        pillar_code = _weighted(rng, self.pillar_codes, self.pillar_weights)
        own, others_pool = self.area_pools[pillar_code]
        wanted = _weighted(rng, self.area_counts, self.area_count_weights)
        areas: list[ThematicArea] = rng.sample(own, min(len(own), rng.randint(1, wanted)))
        chosen = {a.pk for a in areas}
        pool = [a for a in others_pool if a.pk not in chosen]
        areas += rng.sample(pool, min(len(pool), wanted - len(areas)))
        if not areas:
            areas = [self.reference.pillars[pillar_code]]

        gcm_ids = self.reference.gcm_objective_ids
        gcm = rng.sample(gcm_ids, min(len(gcm_ids), rng.randint(1, 3))) if gcm_ids else []
        language = self._language(region.code, primary.iso2)
        area_names = ", ".join(a.name_en for a in areas[:2]).lower()
        action = Action(
            slug=f"{SLUG_PREFIX}{serial}-{self._slug(label)}-{numeral.lower()}",
            name=name[:120],
            title=f"Support to {label} on {area_names}"[:300],
            region=region,
            pillar=self.reference.pillars[pillar_code],
            status=status,
            start_date=start,
            start_precision="month",
            end_date=end,
            end_precision="month",
            language=language,
            context=f"Synthetic context: {label} asked for peer support on {area_names}.",
            objective=f"Synthetic objective: strengthen the capacities of {label} on {area_names}.",
            result="Synthetic result." if status == ActionStatus.COMPLETED else "",
            experts_involved=", ".join(sorted(rng.sample(EXPERT_COUNTRIES, rng.randint(1, 4)))),
            is_public=rng.random() >= PRIVATE_SHARE,
            source_note=SYNTHETIC_MARK,
        )
        return _Draft(action, action_countries, areas, gcm, planned_end)

    def _slug(self, label: str) -> str:
        if label not in self.slugs:
            self.slugs[label] = slugify(label)[:60]
        return self.slugs[label]

    def _language(self, region_code: str, iso2: str) -> str:
        if iso2 in PORTUGUESE_SPEAKING:
            return "pt"
        if iso2 in FRENCH_SPEAKING:
            return "fr"
        options = REGION_LANGUAGES.get(region_code, (("en", 1),))
        return _weighted(
            self.rng, [o[0] for o in options], list(itertools.accumulate(o[1] for o in options))
        )

    def activities(self, draft: _Draft, count: int) -> list[tuple]:
        """`count` activities spread over the action's period, the first an assessment mission.

        Rows for `ACTIVITY_COLUMNS`, dates still as `datetime.date`.
        """
        rng = self.rng
        action, countries = draft.action, draft.countries
        start: datetime.date = action.start_date
        last_day: datetime.date = action.end_date or draft.planned_end
        span = (last_day - start).days
        offsets = sorted(rng.randint(0, span) for _ in range(count))
        if offsets:  # the assessment mission opens the action
            offsets[0] = min(offsets[0], rng.randint(0, min(span, 60)))
        action_cancelled = action.status == ActionStatus.CANCELLED
        rows = []
        for index, offset in enumerate(offsets):
            if index == 0:
                code = self.first_type.code
            else:
                code = _weighted(rng, self.type_codes, self.type_weights)
            activity_type = self.reference.activity_types[code]
            activity_start = start + datetime.timedelta(days=offset)
            length = 0 if code == "online_session" else rng.choice((0, 1, 2, 2, 3, 4, 4))
            activity_end = min(last_day, activity_start + datetime.timedelta(days=length))
            is_virtual = code == "online_session" or (
                activity_start.year >= 2020 and rng.random() < 0.1
            )
            if activity_end < self.today:
                status = ActivityStatus.DELIVERED
            elif action_cancelled:
                status = ActivityStatus.CANCELLED
            else:
                status = ActivityStatus.PLANNED
            if status != ActivityStatus.CANCELLED and rng.random() < ACTIVITY_CANCELLED_SHARE:
                status = ActivityStatus.CANCELLED
            total = female = male = None
            if status == ActivityStatus.DELIVERED and code in WITH_PARTICIPANTS:
                total = rng.randint(8, 60 if code != "seminar" else 150)
                female = round(total * rng.uniform(0.3, 0.7))
                male = total - female
            country = None if is_virtual else rng.choice(countries)
            rows.append(
                (
                    action.pk,
                    activity_type.pk,
                    f"{activity_type.name_en} {index + 1}: {action.name}"[:300],
                    "",
                    str(status),
                    activity_start,
                    activity_end,
                    "" if country is None else self.cities[country.pk],
                    None if country is None else country.pk,
                    is_virtual,
                    action.language,
                    total,
                    female,
                    male,
                    SYNTHETIC_MARK,
                )
            )
        return rows


ACTIVITY_COLUMNS = (
    "action_id",
    "activity_type_id",
    "title",
    "description",
    "status",
    "start_date",
    "end_date",
    "city",
    "country_id",
    "is_virtual",
    "language",
    "participants_total",
    "participants_female",
    "participants_male",
    "source_note",
)
ACTIVITY_DATE_COLUMNS = (5, 6)


def insert_rows(
    model: type[Any], columns: Sequence[str], rows: list[tuple], date_columns: Sequence[int] = ()
) -> None:
    """INSERT plain rows in bulk, without building a model instance per row.

    `bulk_create` costs about 100 µs of Python per 15-column row (model instances, per-value
    preparation) and, on SQLite, Django caps it at 999 parameters per statement; for a million
    activities that is most of the generation time. Here SQLite gets one prepared statement run
    with `executemany`, PostgreSQL a `COPY … FROM STDIN`, others multi-row VALUES. Dates are
    adapted as Django would.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    # Table and column names come from the model, values are parameters.
    table, names = quote(model._meta.db_table), ", ".join(map(quote, columns))
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    if date_columns:
        adapt = connection.ops.adapt_datefield_value
        rows = [
            tuple(adapt(v) if i in date_columns else v for i, v in enumerate(row)) for row in rows
        ]
    head = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(head + one, rows)
            return
        per_statement = max(1, min(1000, 65535 // len(columns)))
        for first in range(0, len(rows), per_statement):
            chunk = rows[first : first + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def synthetic_actions() -> QuerySet[Action]:
    return Action.objects.filter(source_note=SYNTHETIC_MARK, slug__startswith=SLUG_PREFIX)


def clear_synthetic_portfolio() -> tuple[int, int]:
    """Delete every synthetic action and activity; return (actions, activities) deleted."""
    with transaction.atomic():
        actions = synthetic_actions()
        # Activities first, in one DELETE when nothing else points at them (Django's fast delete),
        # so deleting the actions does not walk a million activity ids.
        _, per_model = Activity.objects.filter(action__in=actions.values("pk")).delete()
        activities = per_model.get(Activity._meta.label, 0)
        _, per_model = actions.delete()
    return per_model.get(Action._meta.label, 0), activities


def generate_synthetic_portfolio(
    *,
    actions: int,
    activities: int,
    seed: int = 0,
    today: datetime.date | None = None,
    progress: Callable[[int, int, int, int], None] | None = None,
    load_reference: bool = True,
) -> GenerationResult:
    """Create `actions` synthetic actions holding exactly `activities` activities, in bulk.

    `progress(actions_done, actions, activities_done, activities)` is called after each batch.
    Raises SyntheticDataError (and writes nothing) for bad counts or missing reference data.
    """
    validate_counts(actions, activities)
    if load_reference:
        ensure_reference_data()
    elif missing := missing_reference_data():
        raise SyntheticDataError("Reference data is missing: " + ", ".join(missing) + ".")
    started = timezone.now()
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    today = today or timezone.localdate()
    reference = _load_reference(rng)
    generator = _Generator(reference, rng, today)
    # Serial numbers keep slugs unique when a portfolio is added to an existing synthetic one.
    serial_offset = synthetic_actions().count()

    # Longer actions hold more activities; planned ones few (only the first may be scheduled).
    drafts = [generator.action(serial_offset + i + 1) for i in range(actions)]
    weights = []
    for draft in drafts:
        action = draft.action
        months = max(1, ((action.end_date or draft.planned_end) - action.start_date).days / 30)
        factor = 0.15 if action.status == ActionStatus.PLANNED else 1.0
        weights.append(factor * (4 + months**0.6) * rng.uniform(0.6, 1.4))
    counts = _split_activities(rng, weights, activities)

    result = GenerationResult()
    links = (
        (Action.countries.through, ("action_id", "country_id")),
        (Action.thematic_areas.through, ("action_id", "thematicarea_id")),
        (Action.gcm_objectives.through, ("action_id", "gcmobjective_id")),
        (Action.sectors.through, ("action_id", "sector_id")),
    )
    for batch_start in range(0, actions, ACTIONS_PER_TRANSACTION):
        batch = drafts[batch_start : batch_start + ACTIONS_PER_TRANSACTION]
        batch_counts = counts[batch_start : batch_start + ACTIONS_PER_TRANSACTION]
        with transaction.atomic():
            Action.objects.bulk_create([draft.action for draft in batch], batch_size=500)
            link_rows: tuple[list[tuple], ...] = ([], [], [], [])
            activity_rows: list[tuple] = []
            for draft, count in zip(batch, batch_counts, strict=True):
                action_id = draft.action.pk
                link_rows[0].extend((action_id, c.pk) for c in draft.countries)
                link_rows[1].extend((action_id, a.pk) for a in draft.areas)
                link_rows[2].extend((action_id, g) for g in draft.gcm_objective_ids)
                link_rows[3].extend((action_id, s) for s in reference.sector_ids)
                activity_rows += generator.activities(draft, count)
            for (through, columns), rows in zip(links, link_rows, strict=True):
                insert_rows(through, columns, rows)
            insert_rows(Activity, ACTIVITY_COLUMNS, activity_rows, ACTIVITY_DATE_COLUMNS)
        result.actions += len(batch)
        result.activities += len(activity_rows)
        if progress is not None:
            progress(result.actions, actions, result.activities, activities)
    result.seconds = (timezone.now() - started).total_seconds()
    return result
