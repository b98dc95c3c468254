"""Forms of the portfolio workspace. They only check and convert what was typed: every write goes
through `mieux.portfolio.services` (or `publication`), which applies the rules."""

from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mieux.core.models import LANGUAGE_CODES
from mieux.core.text import MAX_LONG_TEXT_CHARACTERS
from mieux.portfolio.models import (
    LANGUAGE_CHOICES,
    TRANSLATABLE_ACTION_FIELDS,
    Action,
    Activity,
    Measurement,
    Output,
    ResultIndicator,
)

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


VERSION_FIELD = {"widget": forms.HiddenInput, "min_value": 1, "max_value": 2**31 - 1}


class VersionedForm(forms.ModelForm):
    """A form of an object that carries a version: `version` is the one the editor read (a
    stale one is a conflict: see `services.common.check_version`). Only checks and converts
    what was typed; `changes()` hands it to the service."""

    version = forms.IntegerField(**VERSION_FIELD)  # type: ignore[arg-type]

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        """`creating`: a new object, which has no version yet."""
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]

    def saved_value(self, instance: Any, name: str) -> Any:
        """What `instance` holds for the field `name` (for the merge page's comparison)."""
        return getattr(instance, name)

    def _post_clean(self) -> None:
        """The services validate the object as a whole (dates, counts, periods), in one
        transaction with the write: the form does not touch the instance."""

    def changes(self) -> dict[str, Any]:
        """The typed values as the create and update services take them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class ActionForm(VersionedForm):
    """Every field of an action but its translations and public flag."""

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
    version = forms.IntegerField(**VERSION_FIELD)  # type: ignore[arg-type]


def _model_label(model: type[models.Model], name: str) -> Any:
    """The label a model form gives the field by itself (declared fields do not get it)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name} is a relation of {model.__name__}, not a field")
    return capfirst(field.verbose_name)


def _count(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, help_text=help_text, required=False, min_value=0, max_value=2**31 - 1
    )


class ActivityForm(VersionedForm):
    """An activity of an action: what, when, where (or online), in which language, for how many
    participants."""

    participants_total = _count(
        _model_label(Activity, "participants_total"),
        _("Women and men together are at most this number."),
    )
    participants_female = _count(_model_label(Activity, "participants_female"))
    participants_male = _count(_model_label(Activity, "participants_male"))
    description = _long_text(_model_label(Activity, "description"))

    class Meta:
        model = Activity
        fields = (
            "activity_type",
            "title",
            "status",
            "start_date",
            "end_date",
            "is_virtual",
            "city",
            "country",
            "language",
            "participants_total",
            "participants_female",
            "participants_male",
            "description",
        )
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"is_virtual": _("Held online: then it has no city.")}


class OutputForm(VersionedForm):
    """An output of an action: what it is, where it stands (drafted, delivered, adopted) and,
    once adopted, when and by which institution."""

    description = _long_text(_model_label(Output, "description"))
    url = forms.URLField(
        label=_model_label(Output, "url"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Output
        fields = (
            "output_type",
            "title",
            "status",
            "delivered_on",
            "adopted_on",
            "adopted_by",
            "language",
            "url",
            "description",
        )
        widgets = {
            "delivered_on": forms.DateInput(attrs={"type": "date"}),
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "adopted_on": _("Only for an adopted output, which needs it."),
            "adopted_by": _("The partner institution that adopted it (only once adopted)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = self.fields["adopted_by"].queryset.order_by("name")


class IndicatorForm(VersionedForm):
    """A result indicator of an action: what is measured, in which unit, from which baseline to
    which target."""

    source_note = _long_text(_model_label(ResultIndicator, "source_note"))

    class Meta:
        model = ResultIndicator
        fields = ("kind", "name", "unit", "baseline", "target", "source_note")


class MeasurementForm(forms.Form):
    """The value of an indicator on a date (`services.measurement_record`)."""

    measured_on = forms.DateField(
        label=_model_label(Measurement, "measured_on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    value = forms.DecimalField(
        label=_model_label(Measurement, "value"), max_digits=14, decimal_places=2
    )
    note = _long_text(_model_label(Measurement, "note"))


def _text_field_name(language: str, field: str) -> str:
    return f"{language}_{field}"


class ActionTextsForm(forms.Form):
    """An action's title, context, objective and result in each language: those of the source
    language (`language`) are the originals, the others its translations. One box per language
    and text, so that changing the source language keeps every text typed."""

    version = forms.IntegerField(**VERSION_FIELD)  # type: ignore[arg-type]
    language = forms.ChoiceField(
        label=_("Source language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language the originals are written in; the others are translations."),
    )

    class Meta:
        fields = (
            "language",
            *(
                _text_field_name(language, field)
                for language in LANGUAGE_CODES
                for field in TRANSLATABLE_ACTION_FIELDS
            ),
        )

    def __init__(
        self, data: Any = None, *, instance: Action, initial: dict[str, Any] | None = None
    ) -> None:
        values = {name: self.saved_value(instance, name) for name in self.Meta.fields}
        super().__init__(data, initial={**values, **(initial or {})})
        labels = dict(LANGUAGE_CHOICES)
        for language in LANGUAGE_CODES:
            for field in TRANSLATABLE_ACTION_FIELDS:
                model_field = _model_label(Action, field)
                self.fields[_text_field_name(language, field)] = (
                    forms.CharField(
                        label=f"{model_field} ({labels[language]})",
                        max_length=300,
                        required=False,
                    )
                    if field == "title"
                    else _long_text(f"{model_field} ({labels[language]})")
                )

    def languages(self) -> list[tuple[str, str, list[Any]]]:
        """(code, name, bound fields) per language, for the page: the source language first."""
        source = self["language"].value()
        labels = dict(LANGUAGE_CHOICES)
        ordered = sorted(LANGUAGE_CODES, key=lambda code: code != source)
        return [
            (
                code,
                labels[code],
                [self[_text_field_name(code, field)] for field in TRANSLATABLE_ACTION_FIELDS],
            )
            for code in ordered
        ]

    def saved_value(self, instance: Action, name: str) -> Any:
        if name == "language":
            return instance.language
        language, field = name.split("_", 1)
        if language == instance.language:
            return getattr(instance, field)
        return (instance.translations or {}).get(language, {}).get(field, "")

    def changes(self) -> dict[str, Any]:
        """The originals and translations as `services.action_update` takes them; an empty
        translation is left out (the page then shows the original)."""
        source = self.cleaned_data["language"]
        changes: dict[str, Any] = {"language": source, "translations": {}}
        for language in LANGUAGE_CODES:
            texts = {
                field: self.cleaned_data[_text_field_name(language, field)]
                for field in TRANSLATABLE_ACTION_FIELDS
            }
            if language == source:
                changes.update(texts)
            elif any(text.strip() for text in texts.values()):
                changes["translations"][language] = {
                    field: text for field, text in texts.items() if text.strip()
                }
        return changes
