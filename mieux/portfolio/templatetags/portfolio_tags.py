"""Template helpers for the public pages."""

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from mieux.core.models import active_language
from mieux.portfolio.models import Action

register = template.Library()

# Whole phrases, so each language can write the language name its own way ("en inglés").
ORIGINAL_TEXT_NOTES = {
    "en": _("original text in English"),
    "es": _("original text in Spanish"),
    "pt": _("original text in Portuguese"),
    "fr": _("original text in French"),
}


@dataclass(frozen=True)
class ActionText:
    """A user-written text and the language it is actually written in."""

    text: str
    language: str

    @property
    def original_note(self) -> str:
        """ "(original text in English)" when the visitor's language differs from the text's."""
        if not self.text or self.language == active_language():
            return ""
        return str(ORIGINAL_TEXT_NOTES.get(self.language, self.language))

    def __str__(self) -> str:
        return self.text


@register.simple_tag
def action_text(action: Action, field: str) -> ActionText:
    """`{% action_text action "objective" as objective %}`: text in the active language or the
    original, with `objective.language` for the `lang` attribute."""
    return ActionText(action.text(field), action.text_language(field))


@register.filter
def language_name(code: str) -> str:
    """The name of a language code in the active language ("es" -> "Spanish", "español"…)."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
