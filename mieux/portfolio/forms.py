"""Forms of the portfolio workspace. They only check and convert what was typed: every write goes
through `mieux.portfolio.services` (or `publication`), which applies the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mieux.core.text import MAX_LONG_TEXT_CHARACTERS
from mieux.portfolio.models import Action

# Every field of an action but its translations and public flag, which have pages of their own;
# each is a field or relation `services.action_update` takes (tested).
EDITED_FIELDS = (
    "name",
    "title",
    "region",
    "countries",
    "partner_institutions",
    "pillar",
    "thematic_areas",
    "gcm_objectives",
    "sectors",
    "status",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "language",
    "context",
    "objective",
    "result",
    "experts_involved",
    "source_url",
    "source_note",
)


def _long_text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_LONG_TEXT_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ActionForm(forms.ModelForm):
    """Every field of an action but its translations and public flag; `version` is the one the
    editor read (a stale one is a conflict: see `services.action_update`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    context = _long_text(_("Context"), _("Why the partner asked: the situation, in a paragraph."))
    objective = _long_text(_("Objective"), _("What the action sets out to achieve."))
    result = _long_text(_("Result"), _("What it achieved, with figures (when completed)."))
    source_url = forms.URLField(
        label=_("Source address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The public page or publication the action is described in."),
    )
    source_note = _long_text(
        _("Source note"), _("Where the data comes from; what is illustrative.")
    )

    class Meta:
        model = Action
        fields = EDITED_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            # Ticked in a scrolling list rather than ctrl-clicked in a select of 250 countries.
            "countries": forms.CheckboxSelectMultiple,
            "partner_institutions": forms.CheckboxSelectMultiple,
            "thematic_areas": forms.CheckboxSelectMultiple,
            "gcm_objectives": forms.CheckboxSelectMultiple,
            "sectors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.order_by("sort_order")
        self.fields["thematic_areas"].queryset = (
            self.fields["thematic_areas"]
            .queryset.filter(parent__isnull=False)
            .select_related("parent")
            .order_by("sort_order", "code")
        )
        self.fields["partner_institutions"].queryset = self.fields[
            "partner_institutions"
        ].queryset.select_related("country")
        self.fields["thematic_areas"].label_from_instance = lambda area: (
            f"{area.code} · {area.name}"
        )

    def _post_clean(self) -> None:
        """The services validate the action as a whole (dates, slug, activities inside the
        period), in one transaction with the write: the form does not touch the instance."""

    def changes(self) -> dict[str, Any]:
        """The typed values as `services.action_update` takes them."""
        return {name: self.cleaned_data[name] for name in EDITED_FIELDS}


class ActionCreateForm(ActionForm):
    """A new action: its slug (the address of its public page) as well."""

    slug = forms.SlugField(
        label=_("Address"),
        max_length=100,
        help_text=_("The last part of the public page's address, e.g. peru-iii."),
    )
    version = None  # type: ignore[assignment]

    field_order = ("slug", *EDITED_FIELDS)


class PublicationForm(forms.Form):
    """Publish or unpublish, with the version the officer read."""

    publish = forms.TypedChoiceField(
        choices=(("1", _("Publish")), ("0", _("Unpublish"))), coerce=lambda value: value == "1"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
