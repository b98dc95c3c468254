"""Writes to the portfolio: the one path by which actions, activities, outputs, result indicators
and measurements are created or changed.

Every service is `entity_verb(*, actor, ...)`, runs in one transaction, validates before it saves
(a broken rule raises `DomainError` naming the field and changes nothing) and writes exactly one
audit event in the same transaction. `actor` is the user making the change, or None for the system
(loaders, commands). Who may call them is decided by the callers' policies (`policies.py`).
Actions, activities and outputs carry a version: the update services take the version the
editor read and refuse a stale one (Conflict on the field "version").
"""

from mieux.portfolio.services.actions import (
    ACTION_FIELDS,
    ACTION_RELATIONS,
    action_create,
    action_update,
)
from mieux.portfolio.services.activities import ACTIVITY_FIELDS, activity_create, activity_update
from mieux.portfolio.services.common import check_version
from mieux.portfolio.services.results import (
    INDICATOR_FIELDS,
    OUTPUT_FIELDS,
    indicator_create,
    indicator_update,
    measurement_record,
    output_create,
    output_update,
)

__all__ = [
    "ACTION_FIELDS",
    "ACTION_RELATIONS",
    "ACTIVITY_FIELDS",
    "INDICATOR_FIELDS",
    "OUTPUT_FIELDS",
    "action_create",
    "action_update",
    "activity_create",
    "activity_update",
    "check_version",
    "indicator_create",
    "indicator_update",
    "measurement_record",
    "output_create",
    "output_update",
]
