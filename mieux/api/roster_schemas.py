"""Schemas of the roster endpoints (mieux.api.roster): what staff and the expert read and send."""

import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict

from mieux.api.experts import DeploymentOut
from mieux.api.intake_schemas import CountryCode, Email, Id, ThemeCode
from mieux.api.params import (
    COUNTRY_PATTERN,
    CURSOR_PATTERN,
    DEFAULT_LIMIT,
    MAX_CURSOR_LENGTH,
    MAX_LIMIT,
    REGION_PATTERN,
    STATUS_PATTERN,
    THEME_PATTERN,
    Limit,
)
from mieux.api.schemas import CountryRef, RegionRef
from mieux.experts import profiles, services
from mieux.experts.models import (
    Deployment,
    Expert,
    ExpertLanguage,
    ExpertStatus,
)
from mieux.geo.models import Country


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# --- schemas ----------------------------------------------------------------------------------


class ExpertInstitutionOut(Schema):
    """The one shape of an expert's institution, in the roster and in matches alike."""

    id: int
    name: str
    acronym: str
    country: CountryRef | None


class LanguageOut(Schema):
    code: str
    level: str


class UnavailablePeriodOut(Schema):
    start: datetime.date
    end: datetime.date
    note: str


class ExpertListItemOut(Schema):
    id: int
    name: str
    email: str
    institution: ExpertInstitutionOut | None
    expert_type: str
    status: str
    thematic_areas: list[str]
    languages: list[LanguageOut]
    verified_at: datetime.datetime | None

    @staticmethod
    def resolve_name(obj: Expert) -> str:
        return obj.full_name

    @staticmethod
    def resolve_thematic_areas(obj: Expert) -> list[str]:
        return [area.code for area in obj.thematic_areas.all()]

    @staticmethod
    def resolve_languages(obj: Expert) -> list[ExpertLanguage]:
        return list(obj.languages.all())


class ExpertOut(ExpertListItemOut):
    """A whole profile. `days_held_this_year` counts the days of accepted and completed
    deployments on activities starting this calendar year."""

    keywords: list[str]
    countries_of_experience: list[CountryRef]
    regions_of_experience: list[RegionRef]
    unavailable_periods: list[UnavailablePeriodOut]
    max_days_per_year: int | None
    days_held_this_year: int
    biography: str
    has_cv: bool
    cv_url: str | None
    consent_given_at: datetime.datetime | None
    publish_name: bool
    deployments: list[DeploymentOut]

    @staticmethod
    def resolve_countries_of_experience(obj: Expert) -> list[Country]:
        return list(obj.countries_of_experience.all())

    @staticmethod
    def resolve_regions_of_experience(obj: Expert) -> list[Any]:
        return list(obj.regions_of_experience.all())

    @staticmethod
    def resolve_unavailable_periods(obj: Expert) -> list[Any]:
        return list(obj.unavailable_periods.all())

    @staticmethod
    def resolve_days_held_this_year(obj: Expert) -> int:
        return services.days_held_in_year(obj, timezone.localdate().year)

    @staticmethod
    def resolve_has_cv(obj: Expert) -> bool:
        return bool(obj.cv)

    @staticmethod
    def resolve_cv_url(obj: Expert) -> str | None:
        if not obj.cv:
            return None
        return reverse("api-v1:expert_cv_endpoint", kwargs={"expert_id": obj.pk})

    @staticmethod
    def resolve_deployments(obj: Expert) -> list[Deployment]:
        return list(obj.deployments.all())


class ExpertListOut(Schema):
    count: int
    next: str | None
    items: list[ExpertListItemOut]


class ExpertListQuery(Schema):
    theme: str | None = Field(
        None,
        pattern=THEME_PATTERN,
        max_length=16,
        description="Thematic area code, e.g. IMT-THB; a pillar code (IMT) matches its areas too.",
    )
    language: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2}$",
        min_length=2,
        max_length=2,
        description="ISO 639-1 language code, e.g. es: experts who speak it.",
    )
    minimum_level: Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"] | None = Field(
        None, description="With `language`: at this level or above (native above C2)."
    )
    country: str | None = Field(
        None,
        pattern=COUNTRY_PATTERN,
        min_length=2,
        max_length=2,
        description="ISO 3166-1 alpha-2 code of the expert's institution's country.",
    )
    status: str | None = Field(
        None,
        pattern=STATUS_PATTERN,
        max_length=16,
        description="Profile status: " + ", ".join(ExpertStatus.values) + ".",
    )
    q: Annotated[str, BeforeValidator(_no_nul)] | None = Field(
        None, min_length=1, max_length=100, description="Words in the name or the keywords."
    )
    limit: Limit = Field(DEFAULT_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")
    cursor: str | None = Field(
        None,
        pattern=CURSOR_PATTERN,
        max_length=MAX_CURSOR_LENGTH,
        description="Opaque cursor: the `next` value of the previous page.",
    )


Text = Annotated[str, BeforeValidator(_no_nul)]
RegionCode = Annotated[str, Field(max_length=8, pattern=REGION_PATTERN)]


class LanguageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(..., pattern=r"^[a-z]{2}$", description="ISO 639-1, e.g. es.")
    level: Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"]


class ExpertPatchIn(Schema):
    """The fields to change; those left out stay as they are. Lists replace the whole list."""

    model_config = ConfigDict(extra="forbid")

    full_name: Text | None = Field(None, min_length=1, max_length=200)
    email: Email | None = None
    institution: Id | None = Field(None, description="The home institution's id; null: none.")
    expert_type: str | None = Field(None, pattern=r"^[a-z_]{1,40}$")
    thematic_areas: list[ThemeCode] | None = Field(None, max_length=30)
    keywords: list[Annotated[Text, Field(max_length=100)]] | None = Field(None, max_length=30)
    languages: list[LanguageIn] | None = Field(None, max_length=20)
    countries_of_experience: list[CountryCode] | None = Field(None, max_length=100)
    regions_of_experience: list[RegionCode] | None = Field(None, max_length=20)
    max_days_per_year: Id | None = Field(None, description="null: no yearly limit.")
    biography: Text | None = Field(None, max_length=profiles.MAX_BIOGRAPHY_CHARACTERS)
    publish_name: bool | None = None


# --- reads ------------------------------------------------------------------------------------
