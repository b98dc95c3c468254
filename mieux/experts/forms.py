"""Forms of the roster and profile pages.

Forms parse and check the shape of what a user typed; the rules (who may change what, valid
languages, dates that meet a deployment, what a CV may be) live in `mieux.experts.profiles` and
`mieux.experts.profile_status`, whose `DomainError` the views show on the field it names.
"""

import functools
from typing import Any

import pycountry
from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Institution
from mieux.core.models import LANGUAGE_CODES
from mieux.experts.models import Expert, ExpertStatus, ExpertType, LanguageLevel
from mieux.experts.selectors import RosterFilter
from mieux.experts.services import ISO_639_1
from mieux.geo.models import Country, Region
from mieux.taxonomy.models import ThematicArea

STATUS_ACTIONS = ("verify", "deactivate", "reactivate")


def language_name(code: str) -> str:
    """The language's name in the active language where Django knows it, else in English."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        language = pycountry.languages.get(alpha_2=code)
        return language.name if language is not None else code


@functools.cache
def _all_codes() -> list[str]:
    return sorted(ISO_639_1)


def language_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, f"{language_name(code)} ({code})") for code in _all_codes()),
        key=lambda choice: choice[1].casefold(),
    )


class RosterForm(forms.Form):
    """Labels without Django's trailing colon; the templates lay fields out themselves."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def selected_values(self, name: str) -> set[str]:
        value = self[name].value() or []
        return {str(getattr(item, "pk", item)) for item in value}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class RosterFilterForm(RosterForm):
    """The roster's search and filters (all optional)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A name, an e-mail, an institution or a keyword."),
    )
    thematic_area = forms.ModelChoiceField(
        label=_("Expertise"),
        queryset=ThematicArea.objects.all(),
        required=False,
        empty_label=_("Any thematic area"),
        help_text=_("A pillar includes its specific areas."),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    min_level = forms.ChoiceField(
        label=_("At least"),
        required=False,
        choices=[("", _("Any level")), *LanguageLevel.choices],
    )
    country = forms.ModelChoiceField(
        label=_("Country of the institution"),
        queryset=Country.objects.filter(institutions__experts__isnull=False).distinct(),
        required=False,
        empty_label=_("Any country"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ExpertStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *language_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("min_level") and not cleaned.get("language"):
            self.add_error("language", _("Choose the language the minimum level is about."))
        return cleaned

    def roster_filter(self) -> RosterFilter:
        """The (valid) filters, for `selectors.filter_roster`."""
        data = self.cleaned_data
        return RosterFilter(
            q=data.get("q") or "",
            theme=data.get("thematic_area"),
            language=data.get("language") or "",
            minimum_level=data.get("min_level") or "",
            country=data.get("country"),
            status=data.get("status") or "",
        )

    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class InviteForm(RosterForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "With an e-mail the person gets an account and an invitation to choose a password "
            "and complete the profile."
        ),
    )
    expert_type = forms.ChoiceField(label=_("Expert type"), choices=ExpertType.choices)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.select_related("country").order_by("name", "id"),
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the invitation"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"].capitalize()) for code in LANGUAGE_CODES
        ]


class StatusForm(RosterForm):
    action = forms.ChoiceField(choices=[(action, action) for action in STATUS_ACTIONS])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProfileForm(RosterForm):
    """The profile's own fields; languages are the `LanguageFormSet` beside it."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.select_related("country").order_by("name", "id"),
        required=False,
        help_text=_("Your home institution; its country is your country on the roster."),
    )
    expert_type = forms.ChoiceField(label=_("Expert type"), choices=ExpertType.choices)
    thematic_areas = forms.ModelMultipleChoiceField(
        label=_("Expertise"),
        queryset=ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=1000,
        help_text=_("Free keywords on your expertise, separated by commas."),
    )
    countries_of_experience = forms.ModelMultipleChoiceField(
        label=_("Countries of experience"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions_of_experience = forms.ModelMultipleChoiceField(
        label=_("Regions of experience"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_days_per_year = forms.IntegerField(
        label=_("Maximum days per year"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("How many days a year you can give to the facility at most."),
    )
    biography = forms.CharField(
        label=_("Short biography"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    publish_name = forms.BooleanField(
        label=_(
            "The public may see my name and institution on the pages of the actions I work on."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(ThematicArea.objects.all())
        self.fields["thematic_areas"].queryset = ThematicArea.objects.all()
        self.countries = sorted(
            Country.objects.select_related("region"), key=lambda country: country.name.casefold()
        )

    def clean_keywords(self) -> list[str]:
        keywords = []
        for keyword in (self.cleaned_data["keywords"] or "").split(","):
            keyword = keyword.strip()
            if keyword and keyword not in keywords:
                keywords.append(keyword)
        return keywords

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

    def country_groups(self) -> list[tuple[str, list[tuple[Country, bool]]]]:
        """Countries by facility region (the others last), and what is ticked."""
        selected = self.selected_values("countries_of_experience")
        groups: dict[str, list[tuple[Country, bool]]] = {}
        for country in self.countries:
            region = country.region.name if country.region is not None else ""
            groups.setdefault(region, []).append((country, str(country.pk) in selected))
        other = groups.pop("", [])
        named = sorted(groups.items(), key=lambda item: item[0].casefold())
        return named + ([(str(_("Other countries")), other)] if other else [])

    @staticmethod
    def initial_for(expert: Expert) -> dict[str, Any]:
        return {
            "full_name": expert.full_name,
            "email": expert.email,
            "institution": expert.institution_id,
            "expert_type": expert.expert_type,
            "thematic_areas": [area.pk for area in expert.thematic_areas.all()],
            "keywords": ", ".join(expert.keywords or []),
            "countries_of_experience": [c.pk for c in expert.countries_of_experience.all()],
            "regions_of_experience": [r.pk for r in expert.regions_of_experience.all()],
            "max_days_per_year": expert.max_days_per_year,
            "biography": expert.biography,
            "publish_name": expert.publish_name,
        }


class LanguageForm(RosterForm):
    """One row: a language and the level. An empty row is ignored; a half-filled one is not."""

    code = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", "—"), *LanguageLevel.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "—"), *language_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code, level = cleaned.get("code"), cleaned.get("level")
        if code and not level:
            self.add_error("level", _("Choose the level for this language."))
        if level and not code:
            self.add_error("code", _("Choose the language for this level."))
        return cleaned


class BaseLanguageFormSet(forms.BaseFormSet):
    def languages(self) -> list[tuple[str, str]]:
        """The filled rows as (code, level), in order (the service refuses a code twice)."""
        return [
            (form.cleaned_data["code"], form.cleaned_data["level"])
            for form in self.forms
            if form.cleaned_data.get("code")
        ]


LanguageFormSet = forms.formset_factory(
    LanguageForm, formset=BaseLanguageFormSet, extra=2, max_num=20, validate_max=True
)


class PeriodForm(RosterForm):
    start = forms.DateField(label=_("First day"), widget=DateInput())
    end = forms.DateField(label=_("Last day"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Only you and the facility's staff see it."),
    )


class CVForm(RosterForm):
    cv = forms.FileField(
        label=_("CV"),
        allow_empty_file=True,  # the service says why, in the same words as the API
        help_text=_("PDF, Word (.docx) or OpenDocument (.odt), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )


class ConsentForm(RosterForm):
    consent = forms.BooleanField(
        label=_(
            "I consent to the facility processing the data of this profile to propose me "
            "for its activities."
        ),
        error_messages={"required": _("Tick the box to give your consent.")},
    )
