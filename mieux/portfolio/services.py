"""Writes to the portfolio: the one path by which actions, activities, outputs, result indicators
and measurements are created or changed.

Every service is `entity_verb(*, actor, ...)`, runs in one transaction, validates before it saves
(a broken rule raises `DomainError` naming the field and changes nothing) and writes exactly one
audit event in the same transaction. `actor` is the user making the change, or None for the system
(loaders, commands). Permission checks belong to the callers' policies until `policies.py` exists.
"""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError
from mieux.core.models import LANGUAGE_CODES
from mieux.portfolio.models import (
    TRANSLATABLE_ACTION_FIELDS,
    Action,
    ActionStatus,
    Activity,
    ActivityStatus,
    IndicatorKind,
    Measurement,
    Output,
    OutputStatus,
    ResultIndicator,
)
from mieux.taxonomy.models import ActivityType, OutputType, ThematicArea

# Scalar fields a caller may set on an action, and its many-to-many relations.
ACTION_FIELDS = frozenset(
    {
        "name",
        "title",
        "region",
        "pillar",
        "status",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "language",
        "context",
        "objective",
        "result",
        "translations",
        "experts_involved",
        "is_public",
        "source_url",
        "source_note",
    }
)
ACTION_RELATIONS = frozenset(
    {"countries", "partner_institutions", "thematic_areas", "gcm_objectives", "sectors"}
)


def _invalid(message: str, field: str | None) -> DomainError:
    return DomainError(message, field=field)


def _full_clean(instance: models.Model) -> None:
    """The model's own field checks (choices, lengths, formats) as a DomainError.

    Foreign keys arrive as instances, uniqueness and every check constraint are enforced by the
    services' own rules above (with clearer messages), so those queries are skipped here; the
    database constraints remain the last line of defence.
    """
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise _invalid(
            " ".join(str(message) for message in messages),
            None if field == NON_FIELD_ERRORS else field,
        ) from error


def _require_text(value: str, field: str, label: str) -> None:
    if not (value or "").strip():
        raise _invalid(_("%(field)s must not be empty.") % {"field": label}, field)


def _as_decimal(value: Any, field: str, label: str) -> decimal.Decimal | None:
    if value is None:
        return None
    try:
        number = decimal.Decimal(str(value))
    except decimal.InvalidOperation as error:
        raise _invalid(
            _("%(field)s must be a number, not “%(value)s”.") % {"field": label, "value": value},
            field,
        ) from error
    if not number.is_finite():
        raise _invalid(_("%(field)s must be a finite number.") % {"field": label}, field)
    if number < 0:
        raise _invalid(
            _("%(field)s must not be negative (got %(value)s).") % {"field": label, "value": value},
            field,
        )
    return number


# --- actions -------------------------------------------------------------------------------------


def _check_action(action: Action, relations: dict[str, list[Any]]) -> None:
    _require_text(action.slug, "slug", _("Slug"))
    _require_text(action.name, "name", _("Name"))
    if action.region_id is None:
        raise _invalid(_("An action needs a region."), "region")
    if action.pillar_id is None or action.pillar.parent_id is not None:
        raise _invalid(
            _("The pillar must be one of the top-level thematic areas (IMT, LM, IP, MD, HO)."),
            "pillar",
        )
    if not isinstance(action.start_date, datetime.date):
        raise _invalid(_("An action needs a start date."), "start_date")
    if action.end_date is not None and action.end_date < action.start_date:
        raise _invalid(
            _("The end date (%(end)s) is before the start date (%(start)s).")
            % {"end": action.end_date, "start": action.start_date},
            "end_date",
        )
    if action.status == ActionStatus.COMPLETED and action.end_date is None:
        raise _invalid(_("A completed action needs an end date."), "end_date")
    _check_translations(action)
    for area in relations.get("thematic_areas", []):
        if not isinstance(area, ThematicArea):
            raise _invalid(_("Thematic areas must be thematic areas."), "thematic_areas")
    duplicate = Action.objects.filter(slug=action.slug).exclude(pk=action.pk)
    if duplicate.exists():
        raise Conflict(
            _("An action with the slug “%s” already exists.") % action.slug, field="slug"
        )
    _full_clean(action)


def _check_translations(action: Action) -> None:
    translations = action.translations
    if not isinstance(translations, dict):
        raise _invalid(_("Translations must map a language code to texts."), "translations")
    for language, texts in translations.items():
        if language not in LANGUAGE_CODES:
            raise _invalid(
                _("Unknown translation language “%(language)s”: use one of %(choices)s.")
                % {"language": language, "choices": ", ".join(LANGUAGE_CODES)},
                "translations",
            )
        if not isinstance(texts, dict):
            raise _invalid(_("Translations must map a language code to texts."), "translations")
        for name, text in texts.items():
            if name not in TRANSLATABLE_ACTION_FIELDS or not isinstance(text, str):
                raise _invalid(
                    _("“%(field)s” cannot be translated: use one of %(choices)s.")
                    % {"field": name, "choices": ", ".join(TRANSLATABLE_ACTION_FIELDS)},
                    "translations",
                )


def _check_activities_inside(action: Action) -> None:
    """Moving an action's dates must not leave its activities outside the period."""
    outside = action.activities.filter(start_date__lt=action.start_date)
    if action.end_date is not None:
        outside = outside | action.activities.filter(end_date__gt=action.end_date)
    first = outside.order_by("start_date").first()
    if first is not None:
        raise _invalid(
            _("The activity “%(title)s” (%(date)s) would fall outside the action's period.")
            % {"title": first.title, "date": first.start_date},
            "start_date",
        )


def _relation_ids(values: Iterable[Any]) -> list[Any]:
    return sorted({value.pk for value in values})


def _split_fields(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    unknown = set(fields) - ACTION_FIELDS - ACTION_RELATIONS
    if unknown:
        raise TypeError(f"Unknown action fields: {', '.join(sorted(unknown))}")
    scalars = {name: value for name, value in fields.items() if name in ACTION_FIELDS}
    relations = {name: list(value) for name, value in fields.items() if name in ACTION_RELATIONS}
    return scalars, relations


@transaction.atomic
def action_create(*, actor: Any, slug: str, **fields: Any) -> Action:
    """Create an action. `fields` are Action fields plus the relations in ACTION_RELATIONS
    (iterables of model instances)."""
    scalars, relations = _split_fields(fields)
    scalars.setdefault("translations", {})
    action = Action(slug=slug, **scalars)
    _check_action(action, relations)
    action.save()
    for name, values in relations.items():
        getattr(action, name).set(values)
    after = snapshot(action)
    after.update({name: _relation_ids(values) for name, values in relations.items()})
    record_event(actor=actor, verb="action.created", instance=action, after=after)
    return action


def check_version(action: Action, expected_version: int | None) -> None:
    """Refuse an editor who read another version than the one locked now."""
    if expected_version is not None and expected_version != action.version:
        raise Conflict(
            _("The action changed since you read it (version %(now)d, not %(then)d).")
            % {"now": action.version, "then": expected_version},
            field="version",
        )


@transaction.atomic
def action_update(
    *, actor: Any, action: Action, expected_version: int | None = None, **changes: Any
) -> Action:
    """Change an action's fields and relations; saves only what differs. Nothing differing
    means no save, no new version and no audit event. With `expected_version`, an action whose
    version moved on since the caller read it is a Conflict and nothing changes. Returns a
    fresh instance; `action` is left untouched."""
    scalars, relations = _split_fields(changes)
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(current, expected_version)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    changed_fields = [name for name, value in scalars.items() if getattr(current, name) != value]
    if changed_fields:
        before.update(snapshot(current, changed_fields))
        for name in changed_fields:
            setattr(current, name, scalars[name])
        after.update(snapshot(current, changed_fields))
    changed_relations = {}
    for name, values in relations.items():
        old_ids = _relation_ids(getattr(current, name).all())
        new_ids = _relation_ids(values)
        if old_ids != new_ids:
            changed_relations[name] = values
            before[name] = old_ids
            after[name] = new_ids
    if not before:
        return current
    _check_action(current, relations)
    if {"start_date", "end_date"} & set(changed_fields):
        _check_activities_inside(current)
    # A changed relation changes the action too, so `updated_at` and the version move either way.
    current.version += 1
    current.save(update_fields=[*changed_fields, "updated_at", "version"])
    for name, values in changed_relations.items():
        getattr(current, name).set(values)
    record_event(actor=actor, verb="action.updated", instance=current, before=before, after=after)
    return current


# --- activities ----------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    action: Action,
    activity_type: ActivityType,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    status: str = ActivityStatus.PLANNED,
    participants_total: int | None = None,
    participants_female: int | None = None,
    participants_male: int | None = None,
    **fields: Any,
) -> Activity:
    """Create one activity of an action. `end_date` defaults to `start_date` (a one-day event);
    other `fields`: description, city, country, is_virtual, language, source_note."""
    end_date = end_date or start_date
    activity = Activity(
        action=action,
        activity_type=activity_type,
        title=title,
        start_date=start_date,
        end_date=end_date,
        status=status,
        participants_total=participants_total,
        participants_female=participants_female,
        participants_male=participants_male,
        **fields,
    )
    _require_text(title, "title", _("Title"))
    if end_date < start_date:
        raise _invalid(
            _("The end date (%(end)s) is before the start date (%(start)s).")
            % {"end": end_date, "start": start_date},
            "end_date",
        )
    if start_date < action.start_date or (action.end_date and end_date > action.end_date):
        raise _invalid(
            _("The activity's dates (%(start)s to %(end)s) lie outside the action's period.")
            % {"start": start_date, "end": end_date},
            "start_date",
        )
    counts = {
        "participants_total": (participants_total, _("Participants")),
        "participants_female": (participants_female, _("Women participants")),
        "participants_male": (participants_male, _("Men participants")),
    }
    for field, (value, label) in counts.items():
        if value is not None and (not isinstance(value, int) or value < 0):
            raise _invalid(
                _("%(field)s must be a whole number, not negative (got %(value)s).")
                % {"field": label, "value": value},
                field,
            )
    by_sex = (participants_female or 0) + (participants_male or 0)
    if participants_total is not None and by_sex > participants_total:
        raise _invalid(
            _("Women and men (%(by_sex)d) exceed the total number of participants (%(total)d).")
            % {"by_sex": by_sex, "total": participants_total},
            "participants_total",
        )
    _full_clean(activity)
    activity.save()
    record_event(actor=actor, verb="activity.created", instance=activity, after=snapshot(activity))
    return activity


# --- outputs -------------------------------------------------------------------------------------


@transaction.atomic
def output_create(
    *,
    actor: Any,
    action: Action,
    output_type: OutputType,
    title: str,
    status: str = OutputStatus.DRAFTED,
    delivered_on: datetime.date | None = None,
    adopted_on: datetime.date | None = None,
    **fields: Any,
) -> Output:
    """Create an output of an action. Other `fields`: description, language, adopted_by, url,
    source_note. An adopted output needs its adoption date; only an adopted one may have it."""
    output = Output(
        action=action,
        output_type=output_type,
        title=title,
        status=status,
        delivered_on=delivered_on,
        adopted_on=adopted_on,
        **fields,
    )
    _require_text(title, "title", _("Title"))
    if status == OutputStatus.ADOPTED and adopted_on is None:
        raise _invalid(_("An adopted output needs its adoption date."), "adopted_on")
    if status != OutputStatus.ADOPTED and (adopted_on is not None or output.adopted_by_id):
        raise _invalid(
            _("Only an adopted output has an adoption date or adopting institution."), "status"
        )
    if adopted_on is not None and delivered_on is not None and adopted_on < delivered_on:
        raise _invalid(
            _("The adoption date (%(adopted)s) is before the delivery date (%(delivered)s).")
            % {"adopted": adopted_on, "delivered": delivered_on},
            "adopted_on",
        )
    _full_clean(output)
    output.save()
    record_event(actor=actor, verb="output.created", instance=output, after=snapshot(output))
    return output


# --- result indicators and measurements ----------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    action: Action,
    kind: str,
    name: str,
    unit: str = "",
    baseline: Any = None,
    target: Any = None,
    source_note: str = "",
) -> ResultIndicator:
    """Create a result indicator of an action (baseline and target, when given, not negative)."""
    _require_text(name, "name", _("Name"))
    if kind not in IndicatorKind.values:
        raise _invalid(
            _("Unknown indicator kind “%(kind)s”: use one of %(choices)s.")
            % {"kind": kind, "choices": ", ".join(IndicatorKind.values)},
            "kind",
        )
    indicator = ResultIndicator(
        action=action,
        kind=kind,
        name=name,
        unit=unit,
        baseline=_as_decimal(baseline, "baseline", _("Baseline")),
        target=_as_decimal(target, "target", _("Target")),
        source_note=source_note,
    )
    _full_clean(indicator)
    indicator.save()
    record_event(
        actor=actor, verb="indicator.created", instance=indicator, after=snapshot(indicator)
    )
    return indicator


@transaction.atomic
def measurement_record(
    *,
    actor: Any,
    indicator: ResultIndicator,
    measured_on: datetime.date,
    value: Any,
    note: str = "",
) -> Measurement:
    """Record the value of an indicator on a date; one measurement per indicator and date."""
    if not isinstance(measured_on, datetime.date):
        raise _invalid(_("A measurement needs the date it was measured on."), "measured_on")
    number = _as_decimal(value, "value", _("Value"))
    if number is None:
        raise _invalid(_("A measurement needs a value."), "value")
    if indicator.measurements.filter(measured_on=measured_on).exists():
        raise Conflict(
            _("“%(indicator)s” already has a measurement on %(date)s.")
            % {"indicator": indicator.name, "date": measured_on},
            field="measured_on",
        )
    measurement = Measurement(indicator=indicator, measured_on=measured_on, value=number, note=note)
    _full_clean(measurement)
    measurement.save()
    record_event(
        actor=actor,
        verb="measurement.recorded",
        instance=measurement,
        after=snapshot(measurement),
    )
    return measurement
