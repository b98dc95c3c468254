"""Output schemas of API v1. Names follow the requested language (see `v1.with_language`)."""

import datetime
from typing import Any

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

from mieux.core.models import LANGUAGE_CODES
from mieux.portfolio.models import TRANSLATABLE_ACTION_FIELDS


class RowSchema(Schema):
    """A schema that also takes a dict of its final values, validated natively by pydantic.

    ninja wraps every input in a `DjangoGetter` so that model attributes and `resolve_*`
    methods fill the fields: one Python call per field of every nested object, ~1.5 ms for a
    page of 20 actions. The portfolio lists build their items as dicts from `values()` rows
    (`mieux.api.portfolio`), which need neither: a dict is validated as it is (resolvers do
    not run for it), ~0.1 ms. Objects, such as the model behind an action's detail, still go
    through the getter and the resolvers, as in `ninja.Schema`.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if isinstance(values, dict):
            return handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class Names(Schema):
    """A name in each interface language (English where no translation exists)."""

    en: str
    es: str
    pt: str
    fr: str


# --- references: the few fields that identify a related object -----------------------------


class RegionRef(RowSchema):
    code: str
    name: str


class CountryRef(RowSchema):
    iso2: str
    name: str


class GroupingRef(Schema):
    code: str
    acronym: str
    name: str


class ThemeRef(RowSchema):
    code: str
    name: str


class TypeRef(RowSchema):
    code: str
    name: str


class ActionRef(RowSchema):
    slug: str
    name: str


class InstitutionRef(Schema):
    name: str
    acronym: str


# --- geo ------------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str
    name: str
    names: Names
    countries_count: int

    @staticmethod
    def resolve_names(obj: Any) -> dict[str, str]:
        return obj.names()


class CountryOut(Schema):
    iso2: str
    iso3: str
    numeric: str
    name: str
    names: Names
    region: RegionRef | None
    is_oda_eligible: bool
    groupings: list[GroupingRef]

    @staticmethod
    def resolve_names(obj: Any) -> dict[str, str]:
        return obj.names()


class GroupingOut(Schema):
    code: str
    acronym: str
    name: str
    names: Names
    region: RegionRef
    members: list[str]

    @staticmethod
    def resolve_names(obj: Any) -> dict[str, str]:
        return obj.names()

    @staticmethod
    def resolve_members(obj: Any) -> list[str]:
        return [country.iso2 for country in obj.members.all()]


# --- taxonomy -------------------------------------------------------------------------------


class ThematicAreaOut(Schema):
    code: str
    name: str
    names: Names
    is_pillar: bool
    pillar: str | None
    children: list[str]

    @staticmethod
    def resolve_names(obj: Any) -> dict[str, str]:
        return obj.names()

    @staticmethod
    def resolve_pillar(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_children(obj: Any) -> list[str]:
        return [child.code for child in obj.children.all()]


class GCMObjectiveOut(Schema):
    number: int
    title: str


class SectorOut(Schema):
    code: str
    name: str
    category: str
    is_active: bool


class VocabularyTermOut(Schema):
    code: str
    name: str
    names: Names

    @staticmethod
    def resolve_names(obj: Any) -> dict[str, str]:
        return obj.names()


# --- portfolio ------------------------------------------------------------------------------


class ActionListItemOut(RowSchema):
    slug: str
    name: str
    title: str
    region: RegionRef
    countries: list[CountryRef]
    pillar: ThemeRef
    thematic_areas: list[ThemeRef]
    status: str
    start_date: datetime.date
    start_precision: str
    end_date: datetime.date | None
    end_precision: str
    period_label: str
    is_public: bool

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return obj.text("title")

    @staticmethod
    def resolve_period_label(obj: Any) -> str:
        return str(obj.period_label)


class ActivityInActionOut(RowSchema):
    id: int
    title: str
    description: str
    activity_type: TypeRef
    status: str
    start_date: datetime.date
    end_date: datetime.date
    city: str
    country: CountryRef | None
    is_virtual: bool
    language: str
    participants_total: int | None
    participants_female: int | None
    participants_male: int | None


class ActivityOut(ActivityInActionOut):
    action: ActionRef


class OutputInActionOut(Schema):
    id: int
    title: str
    description: str
    output_type: TypeRef
    language: str
    status: str
    delivered_on: datetime.date | None
    adopted_on: datetime.date | None
    adopted_by: InstitutionRef | None
    url: str


class OutputOut(OutputInActionOut):
    action: ActionRef


class MeasurementOut(Schema):
    measured_on: datetime.date
    value: float
    note: str


class IndicatorOut(Schema):
    id: int
    kind: str
    name: str
    unit: str
    baseline: float | None
    target: float | None
    latest_value: float | None
    measurements: list[MeasurementOut]

    @staticmethod
    def resolve_measurements(obj: Any) -> list[Any]:
        return sorted(obj.measurements.all(), key=lambda m: (m.measured_on, m.id))


class PartnerInstitutionOut(Schema):
    name: str
    acronym: str
    kind: str
    country: str | None

    @staticmethod
    def resolve_country(obj: Any) -> str | None:
        return obj.country.iso2 if obj.country_id else None


class ThemeWithPillarOut(Schema):
    code: str
    name: str
    pillar: str | None

    @staticmethod
    def resolve_pillar(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class SectorRef(Schema):
    code: str
    name: str


class ActionDetailOut(ActionListItemOut):
    """One action; `title`, `context`, `objective` and `result` are in the requested language
    where a translation exists (`text_languages` says which language each one is in), else in
    the original `language`. `translations` holds every translation as {lang: {field: text}}."""

    thematic_areas: list[ThemeWithPillarOut]  # type: ignore[assignment]
    language: str
    context: str
    objective: str
    result: str
    text_languages: dict[str, str]
    translations: dict[str, dict[str, str]]
    partner_institutions: list[PartnerInstitutionOut]
    gcm_objectives: list[GCMObjectiveOut]
    sectors: list[SectorRef]
    experts_involved: str
    source_url: str
    activities: list[ActivityInActionOut]
    outputs: list[OutputInActionOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_context(obj: Any) -> str:
        return obj.text("context")

    @staticmethod
    def resolve_objective(obj: Any) -> str:
        return obj.text("objective")

    @staticmethod
    def resolve_result(obj: Any) -> str:
        return obj.text("result")

    @staticmethod
    def resolve_text_languages(obj: Any) -> dict[str, str]:
        return {field: obj.text_language(field) for field in TRANSLATABLE_ACTION_FIELDS}

    @staticmethod
    def resolve_translations(obj: Any) -> dict[str, dict[str, str]]:
        """Only known languages and fields, only non-empty strings (the JSON is free-form)."""
        clean: dict[str, dict[str, str]] = {}
        for language, texts in (obj.translations or {}).items():
            if language not in LANGUAGE_CODES or not isinstance(texts, dict):
                continue
            fields = {
                field: text
                for field, text in texts.items()
                if field in TRANSLATABLE_ACTION_FIELDS and isinstance(text, str) and text
            }
            if fields:
                clean[language] = fields
        return clean


# --- lists ----------------------------------------------------------------------------------
# Every list answers {"count", "next", "items"}. Vocabulary lists are complete (bounded), so
# their `next` is always null; portfolio lists are cursor-paginated.


class RegionListOut(Schema):
    count: int
    next: str | None = None
    items: list[RegionOut]


class CountryListOut(Schema):
    count: int
    next: str | None = None
    items: list[CountryOut]


class GroupingListOut(Schema):
    count: int
    next: str | None = None
    items: list[GroupingOut]


class ThematicAreaListOut(Schema):
    count: int
    next: str | None = None
    items: list[ThematicAreaOut]


class GCMObjectiveListOut(Schema):
    count: int
    next: str | None = None
    items: list[GCMObjectiveOut]


class SectorListOut(Schema):
    count: int
    next: str | None = None
    items: list[SectorOut]


class VocabularyListOut(Schema):
    count: int
    next: str | None = None
    items: list[VocabularyTermOut]


class ActionListOut(RowSchema):
    count: int
    next: str | None
    items: list[ActionListItemOut]


class ActivityListOut(RowSchema):
    count: int
    next: str | None
    items: list[ActivityOut]


class OutputListOut(Schema):
    count: int
    next: str | None
    items: list[OutputOut]
