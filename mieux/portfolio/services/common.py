"""What every portfolio service shares: errors naming a field, the model's own checks, the
version check and the "save only what differs" step of the update services."""

import decimal
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError


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


# Whole sentences per kind of object, so that each language can agree them ("La actividad…").
_CHANGED_SINCE_READ = {
    "action": gettext_lazy("The action changed since you read it (version %(now)d, not %(then)d)."),
    "activity": gettext_lazy(
        "The activity changed since you read it (version %(now)d, not %(then)d)."
    ),
    "output": gettext_lazy("The output changed since you read it (version %(now)d, not %(then)d)."),
    "resultindicator": gettext_lazy(
        "The indicator changed since you read it (version %(now)d, not %(then)d)."
    ),
}


def check_version(instance: Any, expected_version: int | None) -> None:
    """Refuse an editor who read another version of `instance` (an action, activity, output or
    result indicator, locked by the caller) than the one it has now."""
    if expected_version is not None and expected_version != instance.version:
        message = _CHANGED_SINCE_READ[instance._meta.model_name]
        raise Conflict(
            str(message) % {"now": instance.version, "then": expected_version}, field="version"
        )


def apply_changes(
    instance: models.Model, values: dict[str, Any]
) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """Set on `instance` the `values` that differ from what it holds: the names changed and the
    audit's before and after of those fields (empty when nothing differs)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return [], {}, {}
    before = snapshot(instance, changed)
    for name in changed:
        setattr(instance, name, values[name])
    return changed, before, snapshot(instance, changed)


def refuse_unknown(fields: Iterable[str], allowed: Iterable[str], kind: str) -> None:
    """A caller passing a field the service does not take is a programming error."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {kind} fields: {', '.join(sorted(unknown))}")


Versioned = TypeVar("Versioned", bound=models.Model)


def update_versioned(
    *,
    actor: Any,
    instance: Versioned,
    expected_version: int | None,
    changes: dict[str, Any],
    check: Callable[[Versioned], None],
    verb: str,
) -> Versioned:
    """The body of an update service of a versioned object, inside the caller's transaction:
    lock it, refuse a stale `expected_version`, set what differs, `check` the result, save it
    with the next version and audit it. Nothing differing means no save, no new version and
    no audit event. Returns the fresh instance; `instance` is left untouched."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    check_version(current, expected_version)
    changed, before, after = apply_changes(current, changes)
    if not changed:
        return current
    check(current)
    current.version += 1  # type: ignore[attr-defined]
    current.save(update_fields=[*changed, "version"])
    record_event(actor=actor, verb=verb, instance=current, before=before, after=after)
    return current
