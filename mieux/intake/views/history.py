"""Staff pages: any object's history, from its audit events, field by field in words.

Who may see it is decided by `mieux.intake.policies.can_view_history`; one page runs a fixed
number of queries whatever the number of events.
"""

import datetime
import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mieux.accounts.decorators import role_page
from mieux.core.models import AuditEvent
from mieux.intake import policies
from mieux.intake.models import AssistanceRequest
from mieux.intake.views.staff import request_detail_url
from mieux.intake.workflow import TRANSITIONS
from mieux.portfolio.models import Action, Activity, Output

# kind in the URL → (model, AuditEvent.object_type)
HISTORY_KINDS: dict[str, tuple[type[models.Model], str]] = {
    "request": (AssistanceRequest, "intake.assistancerequest"),
    "action": (Action, "portfolio.action"),
    "activity": (Activity, "portfolio.activity"),
    "output": (Output, "portfolio.output"),
}
VERB_LABELS = {
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated"),
    "attachment_added": gettext_lazy("Attachment added"),
    "admin_create": gettext_lazy("Created in the administration"),
    "admin_change": gettext_lazy("Changed in the administration"),
    "admin_delete": gettext_lazy("Deleted in the administration"),
    "published": gettext_lazy("Published"),
    "unpublished": gettext_lazy("Withdrawn from the public pages"),
}
# The id is in the URL, and updated_at moves on every save: neither tells a reader anything.
HIDDEN_DIFF_FIELDS = frozenset({"id", "updated_at"})


def _field_of(model: type[models.Model], key: str) -> models.Field | None:
    for field in model._meta.get_fields():
        if getattr(field, "attname", None) == key or field.name == key:
            return field if isinstance(field, models.Field) else None
    return None


def _display(field: models.Field | None, value: Any, names: dict[Any, str] | None = None) -> str:
    """A stored snapshot value as a reader would say it; `names` name related objects' ids."""
    if value is None or value == "" or value == []:
        return ""
    if names:
        if isinstance(value, list):
            return ", ".join(names.get(item, str(item)) for item in value)
        if isinstance(value, int | str) and value in names:
            return names[value]
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, str) and isinstance(field, models.DateField):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _label(model: type[models.Model], key: str, field: models.Field | None) -> str:
    if field is not None:
        return str(field.verbose_name)
    try:
        return str(model._meta.get_field(key).verbose_name)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        return key.replace("_", " ")


def related_names(model: type[models.Model], events: list[AuditEvent]) -> dict[str, dict]:
    """Names of the related objects whose ids the events hold, per snapshot key.

    One query per related model, however many events: ids of foreign keys and many-to-many
    fields are looked up together. Values that are not ids (theme codes) are left as they are.
    """
    wanted: dict[type[models.Model], set[int]] = {}
    keys: dict[str, type[models.Model]] = {}
    for event in events:
        for data in (event.before or {}, event.after or {}):
            for key, value in data.items():
                field = _field_of(model, key)
                if field is None or not field.is_relation or field.related_model is None:
                    continue
                ids = value if isinstance(value, list) else [value]
                ids = [item for item in ids if isinstance(item, int) and not isinstance(item, bool)]
                if ids:
                    keys[key] = field.related_model  # type: ignore[assignment]
                    wanted.setdefault(field.related_model, set()).update(ids)  # type: ignore[arg-type]
    found = {
        related: related._default_manager.in_bulk(sorted(ids)) for related, ids in wanted.items()
    }
    return {
        key: {pk: str(instance) for pk, instance in found[related].items()}
        for key, related in keys.items()
    }


def diff_rows(
    model: type[models.Model],
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    names: dict[str, dict] | None = None,
) -> list[dict[str, str]]:
    """The fields an event changed, in model field order, each with its before and after."""
    before, after = before or {}, after or {}
    names = names or {}
    keys = [key for key in {**before, **after} if key not in HIDDEN_DIFF_FIELDS]
    rows = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        field = _field_of(model, key)
        old_text = _display(field, old, names.get(key))
        new_text = _display(field, new, names.get(key))
        if old_text == new_text:
            continue
        rows.append({"field": _label(model, key, field), "before": old_text, "after": new_text})
    return rows


def _verb_label(verb: str) -> str:
    action = verb.rsplit(".", 1)[-1]
    if verb.startswith("request.") and action in TRANSITIONS:
        return str(TRANSITIONS[action].label)
    return str(VERB_LABELS.get(action, verb))


def _object_links(kind: str, instance: models.Model | None) -> dict[str, str]:
    if instance is None:
        return {}
    if kind == "request":
        return {
            "detail": request_detail_url(instance.pk),
            "assessment": reverse("intake:assessment", args=[instance.pk]),
        }
    if isinstance(instance, Action):
        return {"detail": reverse("portfolio:action_detail", args=[instance.slug])}
    action = getattr(instance, "action", None)
    return {"action": reverse("portfolio:action_detail", args=[action.slug])} if action else {}


@require_http_methods(["GET"])
@role_page(policies.can_view_history)
def history(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    if kind not in HISTORY_KINDS:
        raise Http404(_("No such kind of object."))
    model, object_type = HISTORY_KINDS[kind]
    queryset = model._default_manager.all()
    if kind in {"activity", "output"}:
        queryset = queryset.select_related("action")
    instance = queryset.filter(pk=object_id).first()
    events = list(
        AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
    if instance is None and not events:
        raise Http404(_("No such object."))
    names = related_names(model, events)
    entries = [
        {
            "event": event,
            "verb_label": _verb_label(event.verb),
            "actor": (event.actor.get_full_name() or event.actor.username) if event.actor else "",
            "changes": diff_rows(model, event.before, event.after, names),
            "created": event.before is None and event.after is not None,
        }
        for event in events
    ]
    context = {
        "nav": "requests",
        "kind": kind,
        "kind_label": model._meta.verbose_name,
        "object_id": object_id,
        "title": str(instance) if instance is not None else events[-1].object_repr,
        "links": _object_links(kind, instance),
        "entries": entries,
    }
    return render(request, "intake/staff/history.html", context)


urlpatterns: list[URLPattern] = [
    path("history/<str:kind>/<int:object_id>/", history, name="history"),
]
