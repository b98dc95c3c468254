"""My work for a knowledge manager: actions whose public texts are missing, or not translated
into every language of the site.

Both conditions are asked of the database (the translations are JSON: a key lookup per
language and field), so the list stays two queries however large the portfolio grows.
"""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mieux.core.models import LANGUAGE_CODES
from mieux.mywork.selectors.common import RoleSection, WorkItem, work_list
from mieux.portfolio.models import TRANSLATABLE_ACTION_FIELDS, Action, ActionStatus

# What the public page of an action shows in prose (as the publication checklist asks), named
# as the action's fields are.
PUBLIC_TEXTS = ("title", "context", "objective")
TEXT_NAMES = {
    "title": gettext_lazy("title"),
    "context": gettext_lazy("context"),
    "objective": gettext_lazy("objective"),
    "result": gettext_lazy("result"),
}


def _missing_public_text() -> Q:
    condition = Q(status=ActionStatus.COMPLETED, result="")
    for name in PUBLIC_TEXTS:
        condition |= Q(**{name: ""})
    return condition


def _missing_translation() -> Q:
    """A text written in the original but absent (or empty) in another site language."""
    condition = Q(pk__in=[])
    for language in LANGUAGE_CODES:
        for name in TRANSLATABLE_ACTION_FIELDS:
            key = f"translations__{language}__{name}"
            absent = Q(**{f"{key}__isnull": True}) | Q(**{key: ""})
            condition |= ~Q(language=language) & ~Q(**{name: ""}) & absent
    return condition


def missing_languages(action: Action) -> list[str]:
    """The site languages some written text of `action` is not translated into."""
    translations = action.translations or {}
    return [
        language
        for language in LANGUAGE_CODES
        if language != action.language
        and any(
            getattr(action, name) and not (translations.get(language) or {}).get(name)
            for name in TRANSLATABLE_ACTION_FIELDS
        )
    ]


def _item(page: str) -> Any:
    def to_item(action: Action) -> WorkItem:
        missing = [str(TEXT_NAMES[name]) for name in PUBLIC_TEXTS if not getattr(action, name)]
        if action.status == ActionStatus.COMPLETED and not action.result:
            missing.append(str(TEXT_NAMES["result"]))
        notes = []
        if missing:
            notes.append(_("Missing: %(texts)s.") % {"texts": ", ".join(missing)})
        languages = missing_languages(action)
        if languages:
            notes.append(
                _("Not translated into: %(languages)s.")
                % {"languages": ", ".join(code.upper() for code in languages)}
            )
        return WorkItem(
            title=action.name,
            url=reverse(page, args=[action.slug]),
            context=action.title,
            note=" ".join(notes),
        )

    return to_item


def knowledge_section(user: Any) -> RoleSection:
    """Two queries: the actions that need texts or translations, most recently changed first."""
    actions = Action.objects.filter(_missing_public_text() | _missing_translation()).order_by(
        "-updated_at", "id"
    )
    # The workspace's texts page, where knowledge managers and officers write the texts and
    # their translations.
    page = "portfolio:workspace_action_texts"
    return RoleSection(
        role="knowledge_manager",
        title=gettext_lazy("As knowledge manager"),
        lists=[
            work_list(
                "actions_to_complete",
                gettext_lazy("Actions missing a public text or a translation"),
                gettext_lazy("Every action has its public texts in every language."),
                actions,
                _item(page),
                more_url=reverse("portfolio:workspace_action_list"),
            )
        ],
    )
