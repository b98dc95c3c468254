"""Input and output schemas of the requests, audit and lead-time endpoints.

Inputs are constrained so that hostile input fails early with a 422 on SQLite and PostgreSQL
alike: bounded lengths, no NUL characters, codes by pattern, whole numbers that are neither
booleans nor strings, dates as `YYYY-MM-DD` strings only. Codes of the right form that name
nothing (an unknown country, say) are refused by the endpoint with a 400 naming the field.
"""

import datetime
import re
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict

from mieux.api.params import (
    COUNTRY_PATTERN,
    CURSOR_PATTERN,
    DEFAULT_LIMIT,
    MAX_CURSOR_LENGTH,
    REGION_PATTERN,
    THEME_PATTERN,
    Id,
    Limit,
    Version,
    Year,
    whole_number,
)
from mieux.api.schemas import CountryRef, RegionRef, ThemeRef

MAX_TEXT = 20_000
MAX_REASON = 5_000
MAX_PARTICIPANTS = 1_000_000
LANGUAGE_PATTERN = r"^[a-z]{2}$"
TRANSITION_PATTERN = r"^[a-z_]{1,32}$"
REQUEST_STATUS_PATTERN = r"^[a-z_]{1,24}$"
PHONE_PATTERN = r"^[0-9+()./ -]{0,40}$"
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _iso_date(value: Any) -> Any:
    """Only a `YYYY-MM-DD` string (pydantic would take a number of seconds as a date)."""
    if value is None or isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as error:
            raise ValueError("must be an e-mail address") from error
    return value


LongText = Annotated[str, Field(max_length=MAX_TEXT), BeforeValidator(_no_nul)]
ShortText = Annotated[str, Field(max_length=300), BeforeValidator(_no_nul)]
Name = Annotated[str, Field(max_length=200), BeforeValidator(_no_nul)]
Reason = Annotated[str, Field(max_length=MAX_REASON), BeforeValidator(_no_nul)]
Title = Annotated[str, Field(min_length=1, max_length=300), BeforeValidator(_no_nul)]
Participants = Annotated[int, Field(ge=0, le=MAX_PARTICIPANTS), BeforeValidator(whole_number)]
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
CountryCode = Annotated[str, Field(min_length=2, max_length=2, pattern=COUNTRY_PATTERN)]
ThemeCode = Annotated[str, Field(max_length=16, pattern=THEME_PATTERN)]
LanguageCode = Annotated[str, Field(min_length=2, max_length=2, pattern=LANGUAGE_PATTERN)]
# The site's languages (mieux.core.models.LANGUAGE_CODES): the ones a text can be the original in.
TextLanguage = Literal["en", "es", "pt", "fr"]
TEXT_LANGUAGE_HELP = (
    "The language title, context and objective are written in (en, es, pt or fr): an Action "
    "formulated from the request says its texts are originals in it. Not `languages`, the "
    "languages the partner would like the assistance to work in."
)
Email = Annotated[str, Field(max_length=254), BeforeValidator(_no_nul), AfterValidator(_email)]
Phone = Annotated[str, Field(max_length=40, pattern=PHONE_PATTERN)]


class _StrictInput(Schema):
    model_config = ConfigDict(extra="forbid")


# --- inputs ---------------------------------------------------------------------------------


class RequestIn(_StrictInput):
    """A new request (a draft). The caller's institution is the lead requester; others may join.

    A draft may be incomplete; `submit` asks for context, objective, a thematic area and a
    language."""

    title: Title
    context: LongText = ""
    objective: LongText = ""
    text_language: TextLanguage | None = Field(
        None, description=f"{TEXT_LANGUAGE_HELP} Default: the language of the call."
    )
    country: CountryCode | None = Field(
        None, description="ISO 3166-1 alpha-2; default: the lead institution's country."
    )
    thematic_areas: list[ThemeCode] = Field(
        default_factory=list, max_length=20, description="Thematic area codes, e.g. IMT, HO-CHI."
    )
    languages: list[LanguageCode] = Field(
        default_factory=list, max_length=10, description="Preferred languages, ISO 639-1."
    )
    desired_start: IsoDate | None = None
    desired_end: IsoDate | None = None
    timing_note: ShortText = ""
    expected_participants: Participants | None = None
    contact_name: Name = ""
    contact_email: Email = ""
    contact_phone: Phone = ""
    requesting_institutions: list[Id] = Field(
        default_factory=list,
        max_length=20,
        description="Ids of institutions requesting jointly with the caller's own.",
    )


class RequestPatchIn(_StrictInput):
    """Changes to a draft or a request sent back for information: only the fields given change.

    `version`, when given, must be the request's current version (else 409 `concurrent_update`
    and nothing changes); without it the last writer wins. An edit that changes something
    answers the request with its next version."""

    title: Title | None = None
    context: LongText | None = None
    objective: LongText | None = None
    text_language: TextLanguage | None = Field(None, description=TEXT_LANGUAGE_HELP)
    country: CountryCode | None = None
    thematic_areas: list[ThemeCode] | None = Field(None, max_length=20)
    languages: list[LanguageCode] | None = Field(None, max_length=10)
    desired_start: IsoDate | None = None
    desired_end: IsoDate | None = None
    timing_note: ShortText | None = None
    expected_participants: Participants | None = None
    contact_name: Name | None = None
    contact_email: Email | None = None
    contact_phone: Phone | None = None
    requesting_institutions: list[Id] | None = Field(None, max_length=20)
    version: Version | None = Field(
        None,
        description="The version you read. If the request changed since, 409 "
        "`concurrent_update` and nothing changes. Optional, but without it the last writer "
        "wins: an edit someone else made since you read the request is overwritten.",
    )


class TransitionIn(_StrictInput):
    transition: str = Field(
        ...,
        pattern=TRANSITION_PATTERN,
        max_length=32,
        description="submit, start_assessment, request_information, resubmit, recommend, "
        "not_recommend, approve, reject, defer, formulate or withdraw.",
    )
    reason: Reason = ""
    version: Version | None = Field(
        None, description="The version you read; if the request changed since, 409."
    )


class RequestListQuery(Schema):
    status: str | None = Field(
        None, pattern=REQUEST_STATUS_PATTERN, max_length=24, description="Request status."
    )
    country: str | None = Field(
        None,
        pattern=COUNTRY_PATTERN,
        min_length=2,
        max_length=2,
        description="ISO 3166-1 alpha-2 country code (case-insensitive).",
    )
    region: str | None = Field(
        None, pattern=REGION_PATTERN, max_length=8, description="Facility region code, e.g. LAC."
    )
    limit: Limit = Field(DEFAULT_LIMIT, description="Page size, 1 to 200.")
    cursor: str | None = Field(
        None,
        pattern=CURSOR_PATTERN,
        max_length=MAX_CURSOR_LENGTH,
        description="Opaque cursor: the `next` value of the previous page.",
    )


class AuditQuery(Schema):
    object: str = Field(
        ...,
        max_length=64,
        description="`<kind>:<id>` where kind is request, action, activity or output; "
        "e.g. request:12.",
    )
    limit: Limit = Field(DEFAULT_LIMIT, description="Page size, 1 to 200.")
    cursor: str | None = Field(
        None,
        pattern=CURSOR_PATTERN,
        max_length=MAX_CURSOR_LENGTH,
        description="Opaque cursor: the `next` value of the previous page.",
    )


class LeadTimeQuery(Schema):
    region: str | None = Field(
        None, pattern=REGION_PATTERN, max_length=8, description="Facility region code, e.g. LAC."
    )
    year: Year | None = Field(None, description="Year the stage ended.")


# --- outputs --------------------------------------------------------------------------------


class InstitutionOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    country: str | None

    @staticmethod
    def resolve_country(obj: Any) -> str | None:
        return obj.country.iso2 if obj.country_id else None


class RequestListItemOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    version: int
    country: CountryRef | None
    region: RegionRef
    lead_institution: InstitutionOut
    thematic_areas: list[ThemeRef]
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class RequestListOut(Schema):
    count: int
    next: str | None
    items: list[RequestListItemOut]


class TransitionOptionOut(Schema):
    name: str
    label: str
    reason_required: bool


class TransitionLogOut(Schema):
    transition: str
    from_status: str
    to_status: str
    actor: str
    occurred_at: datetime.datetime
    reason: str

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return obj.actor.username


class CheckNoteOut(Schema):
    code: str = Field(description="What the check found, e.g. `country_oda_eligible`.")
    params: dict[str, Any] = Field(
        description="Codes rather than words: `country` (ISO 3166-1 alpha-2), "
        "`thematic_areas` (codes), `institutions` (names), `overlaps` "
        '(`{"action": name}` or `{"request": id, "title": title}`).'
    )


class CheckOut(Schema):
    code: str
    passed: bool
    note: CheckNoteOut | None = Field(
        None,
        description="The finding as a code with parameters; null for a check stored as a "
        "sentence before findings had codes (its `text` is that sentence).",
    )
    text: str = Field(description="The finding in the caller's language.")
    detail: str = Field(description="The same as `text`; kept for existing clients.")

    @staticmethod
    def resolve_detail(obj: Any) -> str:
        return str(obj["text"])


class AssessmentOut(Schema):
    checks: list[CheckOut]
    checked_at: datetime.datetime
    recommendation: str
    reasons: str
    assessed_by: str | None
    assessed_at: datetime.datetime | None

    @staticmethod
    def resolve_assessed_by(obj: Any) -> str | None:
        return obj.assessed_by.username if obj.assessed_by_id else None

    @staticmethod
    def resolve_checks(obj: Any) -> list[dict[str, Any]]:
        return list(obj.worded_checks)


class ActionLinkOut(Schema):
    id: int
    slug: str
    name: str


class RequestOut(RequestListItemOut):
    """One request. `transitions` are those the caller may take now; `assessment` is shown to
    facility staff and steering members only (null otherwise, or before assessment)."""

    context: str
    objective: str
    text_language: str = Field(description=TEXT_LANGUAGE_HELP)
    languages: list[str]
    desired_start: datetime.date | None
    desired_end: datetime.date | None
    timing_note: str
    expected_participants: int | None
    contact_name: str
    contact_email: str
    contact_phone: str
    requesting_institutions: list[InstitutionOut]
    decided_at: datetime.datetime | None
    formulated_at: datetime.datetime | None
    action: int | None
    action_detail: ActionLinkOut | None
    transitions: list[TransitionOptionOut]
    assessment: AssessmentOut | None
    history: list[TransitionLogOut]

    @staticmethod
    def resolve_action(obj: Any) -> int | None:
        return obj.action_id

    @staticmethod
    def resolve_action_detail(obj: Any) -> Any:
        return obj.action if obj.action_id else None

    @staticmethod
    def resolve_transitions(obj: Any) -> list[dict[str, Any]]:
        return [
            {"name": t.name, "label": str(t.label), "reason_required": t.reason_required}
            for t in obj.available_transitions
        ]

    @staticmethod
    def resolve_assessment(obj: Any) -> Any:
        return obj.visible_assessment

    @staticmethod
    def resolve_history(obj: Any) -> list[Any]:
        return list(obj.transitions.all())


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    uploaded_at: datetime.datetime
    uploaded_by: str
    download_url: str

    @staticmethod
    def resolve_uploaded_by(obj: Any) -> str:
        return obj.uploaded_by.username

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return f"/api/v1/requests/{obj.assistance_request_id}/attachments/{obj.pk}/download"


class AuditEventOut(Schema):
    id: int
    occurred_at: datetime.datetime
    actor: str | None
    verb: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor_id else None


class AuditListOut(Schema):
    count: int
    next: str | None
    items: list[AuditEventOut]


class LeadTimeRowOut(Schema):
    region: str | None
    year: int | None
    stage: str
    count: int
    median_days: float | None
    p90_days: float | None
    max_days: float | None


class WaitingRequestOut(Schema):
    id: int
    title: str
    status: str
    region: str | None
    waiting_since: datetime.datetime | datetime.date | None
    waiting_days: float | None


class LeadTimesOut(Schema):
    stages: list[LeadTimeRowOut]
    longest_waiting: list[WaitingRequestOut]
