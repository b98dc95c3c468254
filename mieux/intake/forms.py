"""Forms of the request pages: one per step of the multi-step request form, and a transition.

Forms only parse and check the shape of what a user typed; the rules (who may edit, valid
languages, date order, what a submission needs) live in `mieux.intake.services`, whose
`DomainError` the views show on the field it names.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Institution
from mieux.core.models import LANGUAGE_CODES
from mieux.core.text import MAX_LENGTH_MESSAGE, MAX_LONG_TEXT_CHARACTERS, MAX_REASON_CHARACTERS
from mieux.geo.models import Country
from mieux.intake.eligibility import ELIGIBLE_KINDS
from mieux.intake.models import AssistanceRequest
from mieux.intake.workflow import TRANSITIONS
from mieux.taxonomy.models import ThematicArea

# Which step of the form holds a field, so an error can send the user to the right place.
FIELD_STEPS = {
    "lead_institution": 1,
    "requesting_institutions": 1,
    "title": 2,
    "context": 2,
    "objective": 2,
    "text_language": 2,
    "country": 3,
    "thematic_areas": 3,
    "languages": 3,
    "desired_start": 3,
    "desired_end": 3,
    "timing_note": 3,
    "expected_participants": 3,
    "contact_name": 4,
    "contact_email": 4,
    "contact_phone": 4,
    "file": 4,
}


VERSION_MISSING = _(
    "This page did not say which version of the request it shows, so nothing was saved. It "
    "now carries the latest version: check what you typed and save again."
)


class StepForm(forms.Form):
    """Labels without Django's trailing colon; the templates lay fields out themselves.

    A step of an existing draft carries, hidden, the version of the request it shows
    (`version`), so that a save made after someone else's is refused instead of overwriting it.
    """

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["version"] = forms.IntegerField(
                min_value=1,
                initial=version,
                widget=forms.HiddenInput,
                error_messages={
                    "required": VERSION_MISSING,
                    "invalid": VERSION_MISSING,
                    "min_value": VERSION_MISSING,
                },
            )

    def selected_values(self, name: str) -> set[str]:
        """The values of a multiple-choice field as typed or as stored, as strings."""
        value = self[name].value() or []
        return {str(getattr(item, "pk", item)) for item in value}


def requestable_institutions() -> QuerySet[Institution]:
    """Institutions that may ask together with the lead: the kinds eligible to request."""
    return (
        Institution.objects.filter(kind__in=ELIGIBLE_KINDS)
        .select_related("country", "region")
        .order_by("name", "id")
    )


class WhoForm(StepForm):
    """Step 1: the lead institution is the user's own; others may join the request."""

    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"),
        queryset=Institution.objects.none(),
        help_text=_("You are a focal point of several institutions: which one leads this request?"),
    )
    requesting_institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions requesting jointly"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A civil society organisation may request only jointly with a public body."),
    )

    def __init__(
        self,
        *args: Any,
        own_institutions: list[Institution],
        lead: Institution | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own_institutions = own_institutions
        self.lead = lead
        if lead is not None or len(own_institutions) < 2:
            # The lead is fixed: the request's own, or the user's only institution.
            del self.fields["lead_institution"]
            if lead is None and own_institutions:
                self.lead = own_institutions[0]
        else:
            self.fields["lead_institution"].queryset = Institution.objects.filter(
                pk__in=[institution.pk for institution in own_institutions]
            )
        choices = requestable_institutions()
        if self.lead is not None:
            choices = choices.exclude(pk=self.lead.pk)
        self.fields["requesting_institutions"].queryset = choices

    def institution_groups(self) -> list[tuple[str, list[tuple[Institution, bool]]]]:
        """Joinable institutions grouped by country (regional organisations by region)."""
        selected = self.selected_values("requesting_institutions")
        groups: dict[str, list[tuple[Institution, bool]]] = {}
        for institution in self.fields["requesting_institutions"].queryset:
            place = institution.country or institution.region
            label = place.name if place is not None else str(_("Other"))
            groups.setdefault(label, []).append((institution, str(institution.pk) in selected))
        return sorted(groups.items(), key=lambda item: item[0].casefold())


class ProblemForm(StepForm):
    """Step 2: the problem and the objective, in the requester's words."""

    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("A short name for what you ask, e.g. “Protection of migrant children”."),
    )
    context = forms.CharField(
        label=_("Problem and context"),
        required=False,
        max_length=MAX_LONG_TEXT_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is the situation, and what problem should the assistance address?"),
    )
    objective = forms.CharField(
        label=_("Desired objective"),
        required=False,
        max_length=MAX_LONG_TEXT_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What should be different once the assistance is over?"),
    )
    text_language = forms.ChoiceField(
        label=_("Language of these texts"),
        help_text=_(
            "The language you write the title, the problem and the objective in. The languages "
            "you would like the assistance to work in are asked in the next step."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text_language"].choices = [
            (code, get_language_info(code)["name_translated"]) for code in LANGUAGE_CODES
        ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ScopeForm(StepForm):
    """Step 3: where, on what, in which languages, when and for how many."""

    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("Leave empty for a regional request from a regional organisation."),
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Preferred languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=100,
        help_text=_("ISO 639-1 codes separated by commas, e.g. “qu, ay”."),
    )
    desired_start = forms.DateField(label=_("Desired start"), required=False, widget=DateInput())
    desired_end = forms.DateField(label=_("Desired end"), required=False, widget=DateInput())
    timing_note = forms.CharField(
        label=_("Timing"),
        max_length=300,
        required=False,
        help_text=_("Anything about timing: deadlines, periods to avoid, milestones."),
    )
    expected_participants = forms.IntegerField(
        label=_("Expected participants"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("About how many officials would take part."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = sorted(
            Country.objects.filter(region__isnull=False), key=lambda c: c.name.casefold()
        )
        self.countries = {country.iso2: country for country in countries}
        self.fields["country"].choices = [
            ("", _("No single country (regional request)")),
            *[(country.iso2, country.name) for country in countries],
        ]
        self.areas = list(ThematicArea.objects.all())
        self.fields["thematic_areas"].queryset = ThematicArea.objects.all()
        self.fields["languages"].choices = [
            (code, get_language_info(code)["name_translated"]) for code in LANGUAGE_CODES
        ]

    def clean_country(self) -> Country | None:
        code = self.cleaned_data["country"]
        return self.countries.get(code) if code else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        others = [
            code.strip().lower()
            for code in (cleaned.get("other_languages") or "").replace(";", ",").split(",")
            if code.strip()
        ]
        chosen = list(cleaned.get("languages") or [])
        cleaned["all_languages"] = chosen + [code for code in others if code not in chosen]
        return cleaned

    def theme_groups(self) -> list[tuple[ThematicArea, list[tuple[ThematicArea, bool]]]]:
        """Each pillar with its specific areas, the pillar itself first, and what is ticked."""
        selected = self.selected_values("thematic_areas")
        pillars = [area for area in self.areas if area.parent_id is None]
        return [
            (
                pillar,
                [
                    (area, str(area.pk) in selected)
                    for area in [pillar] + [a for a in self.areas if a.parent_id == pillar.pk]
                ],
            )
            for pillar in pillars
        ]

    @staticmethod
    def initial_for(assistance_request: AssistanceRequest) -> dict[str, Any]:
        languages = list(assistance_request.languages or [])
        return {
            "country": assistance_request.country.iso2 if assistance_request.country else "",
            "thematic_areas": [area.pk for area in assistance_request.thematic_areas.all()],
            "languages": [code for code in languages if code in LANGUAGE_CODES],
            "other_languages": ", ".join(code for code in languages if code not in LANGUAGE_CODES),
            "desired_start": assistance_request.desired_start,
            "desired_end": assistance_request.desired_end,
            "timing_note": assistance_request.timing_note,
            "expected_participants": assistance_request.expected_participants,
        }


class ContactForm(StepForm):
    """Step 4: whom the facility writes to, and documents that explain the request."""

    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(
        label=_("Contact telephone"),
        max_length=40,
        required=False,
        help_text=_("With the country code, e.g. +52 55 1234 5678."),
    )
    file = forms.FileField(
        label=_("Attach a file"),
        required=False,
        allow_empty_file=True,  # the service says why, in the same words as the API
        help_text=_("Optional. PDF, Word, OpenDocument, text, PNG or JPEG; at most 10 MB."),
    )


def reason_field() -> forms.CharField:
    """The reason for a step, with the service's limit and its words."""
    return forms.CharField(
        required=False,
        max_length=MAX_REASON_CHARACTERS,
        strip=True,
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )


class TransitionForm(forms.Form):
    """One step of the workflow, taken from the detail page or the review step."""

    transition = forms.ChoiceField(choices=[(name, name) for name in TRANSITIONS])
    reason = reason_field()
    version = forms.IntegerField(min_value=1)


class StaffStepForm(TransitionForm):
    """A step taken from the assessment page or the steering agenda, which list requests: the
    request is named in the form, and must be the one the page is about (when it is about one)."""

    request_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(name, name) for name in allowed]


def form_problem(form: forms.Form, fallback: str) -> tuple[str, str | None]:
    """What to tell the user about an invalid step form: the error of a field they typed in
    (the reason: too long, say), else `fallback` (a tampered or outdated form)."""
    for name in ("reason",):
        if name in form.errors:
            return str(form.errors[name][0]), name
    return fallback, None
