"""Publishing an action: what a public action needs, and the two writes that show or hide it.

An action formulated from a request starts non-public. Officers fill it in and publish it when the
checklist holds; the public pages, the API, the open data and the figures then include it at once
(they all read `selectors.visible_actions`). Unpublishing takes it off them again.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mieux.core.audit import record_event
from mieux.core.errors import DomainError
from mieux.portfolio.models import Action, ActionStatus
from mieux.portfolio.services import check_version


@dataclass(frozen=True)
class CheckItem:
    """One thing a public action needs: `field` names the form field that provides it."""

    key: str
    label: str | Promise
    field: str
    ok: bool


def publication_checklist(action: Action) -> list[CheckItem]:
    """What the public pages show of an action, each present or not (three queries)."""
    has_countries = action.countries.exists()
    has_partners = action.partner_institutions.exists()
    has_activities = action.activities.exists()
    needs_result = action.status == ActionStatus.COMPLETED
    items = [
        CheckItem("title", gettext_lazy("A title"), "title", bool(action.title.strip())),
        CheckItem("countries", gettext_lazy("At least one country"), "countries", has_countries),
        CheckItem(
            "partners",
            gettext_lazy("At least one partner institution"),
            "partner_institutions",
            has_partners,
        ),
        CheckItem("context", gettext_lazy("The context"), "context", bool(action.context.strip())),
        CheckItem(
            "objective", gettext_lazy("The objective"), "objective", bool(action.objective.strip())
        ),
        CheckItem(
            "activities", gettext_lazy("At least one activity"), "activities", has_activities
        ),
    ]
    if needs_result:
        items.append(
            CheckItem(
                "result",
                gettext_lazy("The result (the action is completed)"),
                "result",
                bool(action.result.strip()),
            )
        )
    return items


@transaction.atomic
def action_publish(*, actor: Any, action: Action, expected_version: int | None = None) -> Action:
    """Make the action public. Refused, changing nothing, while an item of the checklist is
    missing or when the action changed since the caller read it."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(current, expected_version)
    if current.is_public:
        return current
    missing = [item for item in publication_checklist(current) if not item.ok]
    if missing:
        raise DomainError(
            _("The action cannot be published yet. Missing: %(items)s.")
            % {"items": "; ".join(str(item.label) for item in missing)}
        )
    return _set_public(actor, current, public=True)


@transaction.atomic
def action_unpublish(*, actor: Any, action: Action, expected_version: int | None = None) -> Action:
    """Take the action off the public pages, the API and the open data."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(current, expected_version)
    if not current.is_public:
        return current
    return _set_public(actor, current, public=False)


def _set_public(actor: Any, action: Action, *, public: bool) -> Action:
    action.is_public = public
    action.version += 1
    action.save(update_fields=["is_public", "version", "updated_at"])
    record_event(
        actor=actor,
        verb="action.published" if public else "action.unpublished",
        instance=action,
        before={"is_public": not public},
        after={"is_public": public},
    )
    return action
