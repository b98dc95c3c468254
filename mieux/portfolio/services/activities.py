"""Writes to activities: create one in an action, change it (with the version the editor read)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mieux.core.audit import record_event, snapshot
from mieux.portfolio.models import Action, Activity, ActivityStatus
from mieux.portfolio.services.common import (
    _full_clean,
    _invalid,
    _require_text,
    refuse_unknown,
    update_versioned,
)
from mieux.taxonomy.models import ActivityType

# Fields a caller may set on an activity (the action it belongs to never changes).
ACTIVITY_FIELDS = frozenset(
    {
        "activity_type",
        "title",
        "description",
        "status",
        "start_date",
        "end_date",
        "city",
        "country",
        "is_virtual",
        "language",
        "experts_needed",
        "participants_total",
        "participants_female",
        "participants_male",
        "source_note",
    }
)


def _check_activity(activity: Activity, action: Action) -> None:
    """The rules of an activity inside `action` (read under lock, so that its period cannot
    move meanwhile: `action_update` checks the activities under the same lock)."""
    _require_text(activity.title, "title", _("Title"))
    if not isinstance(activity.start_date, datetime.date):
        raise _invalid(_("An activity needs a start date."), "start_date")
    if not isinstance(activity.end_date, datetime.date):
        raise _invalid(_("An activity needs an end date."), "end_date")
    if activity.end_date < activity.start_date:
        raise _invalid(
            _("The end date (%(end)s) is before the start date (%(start)s).")
            % {"end": activity.end_date, "start": activity.start_date},
            "end_date",
        )
    if activity.start_date < action.start_date or (
        action.end_date and activity.end_date > action.end_date
    ):
        raise _invalid(
            _("The activity's dates (%(start)s to %(end)s) lie outside the action's period.")
            % {"start": activity.start_date, "end": activity.end_date},
            "start_date",
        )
    if activity.is_virtual and activity.city.strip():
        raise _invalid(
            _("An online activity has no place: clear the city or untick “online”."), "city"
        )
    counts = {
        "participants_total": _("Participants"),
        "participants_female": _("Women participants"),
        "participants_male": _("Men participants"),
    }
    for field, label in counts.items():
        value = getattr(activity, field)
        if value is not None and (not isinstance(value, int) or value < 0):
            raise _invalid(
                _("%(field)s must be a whole number, not negative (got %(value)s).")
                % {"field": label, "value": value},
                field,
            )
    total = activity.participants_total
    by_sex = (activity.participants_female or 0) + (activity.participants_male or 0)
    if total is not None and by_sex > total:
        raise _invalid(
            _("Women and men (%(by_sex)d) exceed the total number of participants (%(total)d).")
            % {"by_sex": by_sex, "total": total},
            "participants_total",
        )
    if total is None and by_sex:
        raise _invalid(
            _("Give the total number of participants as well as women and men."),
            "participants_total",
        )
    _full_clean(activity)


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
    **fields: Any,
) -> Activity:
    """Create one activity of an action. `end_date` defaults to `start_date` (a one-day event);
    other `fields` are in ACTIVITY_FIELDS (participants, place, language, description…)."""
    refuse_unknown(fields, ACTIVITY_FIELDS, "activity")
    locked = Action.objects.select_for_update().get(pk=action.pk)
    activity = Activity(
        action=locked,
        activity_type=activity_type,
        title=title,
        start_date=start_date,
        end_date=end_date or start_date,
        status=status,
        **fields,
    )
    _check_activity(activity, locked)
    activity.save()
    record_event(actor=actor, verb="activity.created", instance=activity, after=snapshot(activity))
    return activity


@transaction.atomic
def activity_update(
    *, actor: Any, activity: Activity, expected_version: int | None = None, **changes: Any
) -> Activity:
    """Change an activity's fields (in ACTIVITY_FIELDS): see `common.update_versioned`. With
    `expected_version`, an activity whose version moved on since the caller read it is a
    Conflict and nothing changes."""
    refuse_unknown(changes, ACTIVITY_FIELDS, "activity")
    # The action first, as `action_update` does, then the activity: one lock order, no deadlock.
    action = Action.objects.select_for_update().get(pk=activity.action_id)
    return update_versioned(
        actor=actor,
        instance=activity,
        expected_version=expected_version,
        changes=changes,
        check=lambda current: _check_activity(current, action),
        verb="activity.updated",
    )
