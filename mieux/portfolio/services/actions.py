"""Writes to actions: create one, change its fields and relations."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict
from mieux.core.models import LANGUAGE_CODES
from mieux.portfolio.models import TRANSLATABLE_ACTION_FIELDS, Action, ActionStatus
from mieux.portfolio.services.common import (
    _full_clean,
    _invalid,
    _require_text,
    apply_changes,
    check_version,
)
from mieux.taxonomy.models import ThematicArea

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
    changed_fields, before, after = apply_changes(current, scalars)
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
