"""Writes to what an action produces and achieves: outputs, result indicators, measurements."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict
from mieux.portfolio.models import (
    Action,
    IndicatorKind,
    Measurement,
    Output,
    OutputStatus,
    ResultIndicator,
)
from mieux.portfolio.services.common import (
    _as_decimal,
    _full_clean,
    _invalid,
    _require_text,
    refuse_unknown,
    update_versioned,
)
from mieux.taxonomy.models import OutputType

# Fields a caller may set on an output (the action it belongs to never changes).
OUTPUT_FIELDS = frozenset(
    {
        "output_type",
        "title",
        "description",
        "language",
        "status",
        "delivered_on",
        "adopted_on",
        "adopted_by",
        "url",
        "source_note",
    }
)


def _check_output(output: Output) -> None:
    """An adopted output has its adoption date, and only an adopted one has it or an adopting
    institution; it is not adopted before it was delivered."""
    _require_text(output.title, "title", _("Title"))
    adopted_on, delivered_on = output.adopted_on, output.delivered_on
    if output.status == OutputStatus.ADOPTED and adopted_on is None:
        raise _invalid(_("An adopted output needs its adoption date."), "adopted_on")
    if output.status != OutputStatus.ADOPTED and (adopted_on is not None or output.adopted_by_id):
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


@transaction.atomic
def output_create(
    *,
    actor: Any,
    action: Action,
    output_type: OutputType,
    title: str,
    status: str = OutputStatus.DRAFTED,
    **fields: Any,
) -> Output:
    """Create an output of an action. Other `fields` are in OUTPUT_FIELDS (delivered_on,
    adopted_on, adopted_by, description, language, url, source_note)."""
    refuse_unknown(fields, OUTPUT_FIELDS, "output")
    output = Output(action=action, output_type=output_type, title=title, status=status, **fields)
    _check_output(output)
    output.save()
    record_event(actor=actor, verb="output.created", instance=output, after=snapshot(output))
    return output


@transaction.atomic
def output_update(
    *, actor: Any, output: Output, expected_version: int | None = None, **changes: Any
) -> Output:
    """Change an output's fields (in OUTPUT_FIELDS): see `common.update_versioned`. With
    `expected_version`, an output whose version moved on since the caller read it is a
    Conflict and nothing changes."""
    refuse_unknown(changes, OUTPUT_FIELDS, "output")
    return update_versioned(
        actor=actor,
        instance=output,
        expected_version=expected_version,
        changes=changes,
        check=_check_output,
        verb="output.updated",
    )


INDICATOR_FIELDS = frozenset({"kind", "name", "unit", "baseline", "target", "source_note"})


def _indicator_numbers(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with the baseline and target as decimals (not negative, when given)."""
    labels = {"baseline": _("Baseline"), "target": _("Target")}
    return {
        name: _as_decimal(value, name, labels[name]) if name in labels else value
        for name, value in values.items()
    }


def _check_indicator(indicator: ResultIndicator) -> None:
    _require_text(indicator.name, "name", _("Name"))
    if indicator.kind not in IndicatorKind.values:
        raise _invalid(
            _("Unknown indicator kind “%(kind)s”: use one of %(choices)s.")
            % {"kind": indicator.kind, "choices": ", ".join(IndicatorKind.values)},
            "kind",
        )
    _full_clean(indicator)


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
    numbers = _indicator_numbers({"baseline": baseline, "target": target})
    indicator = ResultIndicator(
        action=action, kind=kind, name=name, unit=unit, source_note=source_note, **numbers
    )
    _check_indicator(indicator)
    indicator.save()
    record_event(
        actor=actor, verb="indicator.created", instance=indicator, after=snapshot(indicator)
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: Any,
    indicator: ResultIndicator,
    expected_version: int | None = None,
    **changes: Any,
) -> ResultIndicator:
    """Change a result indicator's fields (in INDICATOR_FIELDS): see
    `common.update_versioned`; a stale `expected_version` is a Conflict, nothing changes."""
    refuse_unknown(changes, INDICATOR_FIELDS, "indicator")
    return update_versioned(
        actor=actor,
        instance=indicator,
        expected_version=expected_version,
        changes=_indicator_numbers(changes),
        check=_check_indicator,
        verb="indicator.updated",
    )


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
