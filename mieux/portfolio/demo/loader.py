"""Load the demo portfolio and the demo users through the write services.

Each action is a dict (see `mexico.py` for a full example):

    slug, name, title, region (code), countries (ISO alpha-2), partners (keys of
    people.INSTITUTIONS), pillar and themes (thematic area codes), gcm (objective numbers),
    sectors (DAC codes), status, period = (start, end or None) as "YYYY" or "YYYY-MM" (the
    precision of the source; an end is the last day of its year or month), experts_involved,
    context, objective, result, translations, source_url, source_note,
    activity_note (default source note of its activities), activity_language (default "es"),
    activities: [{type, title, start, end?, city?, country?, is_virtual?, language?,
                  participants? = (total, women, men), status?, note?}],
    outputs: [{type, title, status, delivered_on?, adopted_on?, adopted_by?, note?}],
    indicators: [{kind, name, unit, baseline?, target?, note?,
                  measurements: [(date, value, note)]}]

Loading is idempotent: actions are keyed by slug (an existing one is brought back to the data
through `action_update`, which changes and audits only what differs), activities by action,
title and start date, outputs by action and title, indicators by action, kind and name,
measurements by indicator and date, institutions by name and country, users by username
(an existing user is left as it is). A second run creates nothing and changes nothing.
"""

import calendar
import datetime
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command
from django.db import models, transaction
from django.utils.translation import gettext as _

from mieux.accounts.models import User
from mieux.accounts.services import institution_get_or_create, user_create_with_roles
from mieux.core.errors import DomainError
from mieux.geo.models import Country, Region
from mieux.portfolio import services
from mieux.portfolio.demo import caribbean_central, costa_rica, mexico, other_lac, peru, regional
from mieux.portfolio.demo.people import DEMO_USERS, INSTITUTIONS
from mieux.portfolio.models import Action, Activity, ActivityStatus, Output, ResultIndicator
from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, Sector, ThematicArea

DEMO_PASSWORD_ENV = "MIEUX_DEMO_PASSWORD"  # noqa: S105 - the name of the variable
DEFAULT_DEMO_PASSWORD = "mieux-demo-2026"  # noqa: S105 - a published demo password

DEMO_ACTIONS: list[dict[str, Any]] = [
    *mexico.ACTIONS,
    *costa_rica.ACTIONS,
    *peru.ACTIONS,
    *regional.ACTIONS,
    *other_lac.ACTIONS,
    *caribbean_central.ACTIONS,
]


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD


@dataclass
class LoadReport:
    """What a load created or changed, by kind ("action", "activity", "user", …)."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def changed_anything(self) -> bool:
        return bool(+self.created or +self.updated)


class _Reference:
    """Looks reference data up by its stable code, once per code."""

    def __init__(self) -> None:
        self._cache: dict[tuple[type[models.Model], str, Any], Any] = {}

    def get(self, model: type[models.Model], lookup: str, value: Any) -> Any:
        key = (model, lookup, value)
        if key not in self._cache:
            found = model._default_manager.filter(**{lookup: value}).first()
            if found is None:
                raise DomainError(
                    _(
                        "Reference data is missing: no %(model)s with %(lookup)s “%(value)s”. "
                        "Run `mieux load_reference_data` first."
                    )
                    % {"model": model._meta.verbose_name, "lookup": lookup, "value": value}
                )
            self._cache[key] = found
        return self._cache[key]

    def country(self, iso2: str | None) -> Country | None:
        return self.get(Country, "iso2", iso2) if iso2 else None


def _parse_day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _period_bound(text: str, *, end: bool) -> tuple[datetime.date, str]:
    """'2015' or '2015-04' as the first (or last) day it covers, with its precision."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        return (datetime.date(parts[0], 12, 31) if end else datetime.date(parts[0], 1, 1)), "year"
    year, month = parts
    day = calendar.monthrange(year, month)[1] if end else 1
    return datetime.date(year, month, day), "month"


def _action_fields(data: dict[str, Any], ref: _Reference, institutions: dict) -> dict[str, Any]:
    start, end = data["period"]
    start_date, start_precision = _period_bound(start, end=False)
    end_date, end_precision = (None, "month") if end is None else _period_bound(end, end=True)
    return {
        "name": data["name"],
        "title": data.get("title", ""),
        "region": ref.get(Region, "code", data["region"]),
        "pillar": ref.get(ThematicArea, "code", data["pillar"]),
        "status": data["status"],
        "start_date": start_date,
        "start_precision": start_precision,
        "end_date": end_date,
        "end_precision": end_precision,
        "language": data.get("language", "en"),
        "context": data.get("context", ""),
        "objective": data.get("objective", ""),
        "result": data.get("result", ""),
        "translations": data.get("translations", {}),
        "experts_involved": data.get("experts_involved", ""),
        "is_public": True,
        "source_url": data.get("source_url", ""),
        "source_note": data.get("source_note", ""),
        "countries": [ref.country(code) for code in data.get("countries", [])],
        "partner_institutions": [institutions[key] for key in data.get("partners", [])],
        "thematic_areas": [ref.get(ThematicArea, "code", code) for code in data["themes"]],
        "gcm_objectives": [ref.get(GCMObjective, "number", n) for n in data.get("gcm", [])],
        "sectors": [ref.get(Sector, "code", code) for code in data.get("sectors", [])],
    }


def _load_action(
    data: dict[str, Any], ref: _Reference, institutions: dict, report: LoadReport
) -> Action:
    fields = _action_fields(data, ref, institutions)
    action = Action.objects.filter(slug=data["slug"]).first()
    if action is None:
        action = services.action_create(actor=None, slug=data["slug"], **fields)
        report.created["action"] += 1
    else:
        before = action.updated_at
        action = services.action_update(actor=None, action=action, **fields)
        if action.updated_at != before:
            report.updated["action"] += 1
    today = datetime.date.today()  # noqa: DTZ011 - a calendar date, not an instant
    for item in data.get("activities", []):
        _load_activity(action, item, data, ref, today, report)
    for item in data.get("outputs", []):
        _load_output(action, item, ref, institutions, report)
    for item in data.get("indicators", []):
        _load_indicator(action, item, report)
    return action


def _load_activity(
    action: Action,
    item: dict[str, Any],
    data: dict[str, Any],
    ref: _Reference,
    today: datetime.date,
    report: LoadReport,
) -> None:
    start_date = _parse_day(item["start"])
    assert start_date is not None  # noqa: S101 - the data always has a start
    if Activity.objects.filter(action=action, title=item["title"], start_date=start_date).exists():
        return
    end_date = _parse_day(item.get("end")) or start_date
    total, female, male = item.get("participants") or (None, None, None)
    default_status = ActivityStatus.DELIVERED if end_date < today else ActivityStatus.PLANNED
    services.activity_create(
        actor=None,
        action=action,
        activity_type=ref.get(ActivityType, "code", item["type"]),
        title=item["title"],
        start_date=start_date,
        end_date=end_date,
        status=item.get("status", default_status),
        participants_total=total,
        participants_female=female,
        participants_male=male,
        city=item.get("city", ""),
        country=ref.country(item.get("country")),
        is_virtual=item.get("is_virtual", False),
        language=item.get("language", data.get("activity_language", "es")),
        source_note=item.get("note", data.get("activity_note", "")),
    )
    report.created["activity"] += 1


def _load_output(
    action: Action, item: dict[str, Any], ref: _Reference, institutions: dict, report: LoadReport
) -> None:
    if Output.objects.filter(action=action, title=item["title"]).exists():
        return
    adopted_by = item.get("adopted_by")
    services.output_create(
        actor=None,
        action=action,
        output_type=ref.get(OutputType, "code", item["type"]),
        title=item["title"],
        status=item["status"],
        delivered_on=_parse_day(item.get("delivered_on")),
        adopted_on=_parse_day(item.get("adopted_on")),
        adopted_by=institutions[adopted_by] if adopted_by else None,
        language=item.get("language", "en"),
        source_note=item.get("note", ""),
    )
    report.created["output"] += 1


def _load_indicator(action: Action, item: dict[str, Any], report: LoadReport) -> None:
    indicator = ResultIndicator.objects.filter(
        action=action, kind=item["kind"], name=item["name"]
    ).first()
    if indicator is None:
        indicator = services.indicator_create(
            actor=None,
            action=action,
            kind=item["kind"],
            name=item["name"],
            unit=item.get("unit", ""),
            baseline=item.get("baseline"),
            target=item.get("target"),
            source_note=item.get("note", ""),
        )
        report.created["indicator"] += 1
    for measured_on, value, note in item.get("measurements", []):
        day = datetime.date.fromisoformat(measured_on)
        if indicator.measurements.filter(measured_on=day).exists():
            continue
        services.measurement_record(
            actor=None, indicator=indicator, measured_on=day, value=value, note=note
        )
        report.created["measurement"] += 1


def _load_institutions(ref: _Reference, report: LoadReport) -> dict[str, Any]:
    institutions = {}
    for key, data in INSTITUTIONS.items():
        institution, created = institution_get_or_create(
            actor=None,
            name=data["name"],
            kind=data["kind"],
            acronym=data.get("acronym", ""),
            website=data.get("website", ""),
            country=ref.country(data.get("country")),
            region=ref.get(Region, "code", data["region"]) if data.get("region") else None,
        )
        institutions[key] = institution
        report.created["institution"] += int(created)
    return institutions


def _load_users(institutions: dict[str, Any], report: LoadReport) -> None:
    password = demo_password()
    for data in DEMO_USERS:
        if User.objects.filter(username=data["username"]).exists():
            continue
        user_create_with_roles(
            actor=None,
            username=str(data["username"]),
            password=password,
            roles=[(role, institutions[key]) for role, key in data["roles"]],  # type: ignore[attr-defined]
            email=str(data.get("email", "")),
            first_name=str(data.get("first_name", "")),
            last_name=str(data.get("last_name", "")),
            preferred_language=str(data.get("preferred_language", "en")),
            is_superuser=bool(data.get("is_superuser", False)),
        )
        report.created["user"] += 1


def load_demo(*, load_reference: bool = True) -> LoadReport:
    """Load the demo portfolio (real LAC actions) and one demo user per role.

    Runs `load_reference_data` first unless `load_reference` is False. All or nothing: a broken
    rule raises DomainError and leaves the database as it was.
    """
    if load_reference:
        call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    report = LoadReport()
    with transaction.atomic():
        ref = _Reference()
        institutions = _load_institutions(ref, report)
        for data in DEMO_ACTIONS:
            _load_action(data, ref, institutions, report)
        _load_users(institutions, report)
    return report
