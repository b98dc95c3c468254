"""Writing audit events. Services call `record_event` inside their own transaction."""

import datetime
import decimal
import re
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from mieux.core.models import AuditEvent


def object_type_of(instance: models.Model) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as JSON-ready data (foreign keys as ids)."""
    names = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if names is not None and field.name not in names:
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def record_event(
    *,
    actor: Any,
    verb: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit event. Must run inside the transaction that made the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction that makes the change")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=object_type_of(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        reason=reason,
    )


ERASED = "[erased]"


def _redacted(value: Any, keys: frozenset[str], pattern: re.Pattern[str] | None) -> Any:
    if isinstance(value, dict):
        return {
            key: ERASED
            if key in keys and item not in ("", None, [], {})
            else _redacted(item, keys, pattern)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redacted(item, keys, pattern) for item in value]
    if isinstance(value, str) and pattern is not None:
        return pattern.sub(ERASED, value)
    return value


def redact_events(
    events: models.QuerySet[AuditEvent], *, keys: Iterable[str], texts: Iterable[str]
) -> int:
    """The one rewrite of the append-only trail, for the right to erasure (GDPR Art. 17): in
    the given events, the values of `keys` in the snapshots, and every occurrence of `texts`
    (names, e-mail addresses) in the label, the snapshots and the reason, become "[erased]".
    Who did what, to which object and when stays. Returns how many events changed."""
    keys = frozenset(keys)
    wanted = sorted({text.strip() for text in texts if text and len(text.strip()) > 2}, key=len)
    pattern = (
        # Whole words only: "Ana Pérez" is redacted, "Analysis" is not.
        re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(text) for text in reversed(wanted)) + r")(?!\w)",
            re.IGNORECASE,
        )
        if wanted
        else None
    )
    changed = 0
    for event in events.iterator():
        current = {name: getattr(event, name) for name in REDACTED_FIELDS}
        redacted = {name: _redacted(value, keys, pattern) for name, value in current.items()}
        if redacted != current:
            # Past AuditEventQuerySet.update, which refuses every other change.
            models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), **redacted)
            changed += 1
    return changed


REDACTED_FIELDS = ("object_repr", "before", "after", "reason")
