"""Query and path parameters, each constrained so that hostile input fails early with a 422.

Patterns exclude NUL and anything outside the codes' alphabets (PostgreSQL rejects NUL in text,
SQLite does not: the API refuses it on both). Integers are parsed from digits only, so `true`,
`1e3`, `+5` or `2_017` are refused rather than coerced. Values with the right form that name
nothing (an unknown region, say) are refused by the selectors with a 400 `invalid_input`.
"""

import re
from typing import Annotated, Any, Literal, get_args

from ninja import Field, Schema
from pydantic import BeforeValidator

from mieux.core.models import LANGUAGE_CODES
from mieux.portfolio.models import ActionStatus
from mieux.portfolio.selectors import MAX_YEAR, MIN_YEAR

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 200

REGION_PATTERN = r"^[A-Za-z][A-Za-z0-9-]{0,7}$"
GROUPING_PATTERN = r"^[A-Za-z][A-Za-z0-9-]{0,15}$"
COUNTRY_PATTERN = r"^[A-Za-z]{2}$"
THEME_PATTERN = r"^[A-Za-z][A-Za-z&-]{0,15}$"
STATUS_PATTERN = r"^[a-z_]{1,16}$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,100}$"
CURSOR_PATTERN = r"^[A-Za-z0-9_=-]{1,200}$"
# Row ids are 64-bit on both databases: a larger or negative number names nothing, and would
# overflow the database driver (SQLite's OverflowError) before a query could say so.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1


def whole_number(value: Any) -> Any:
    """Only a JSON integer: not `true`, not `"7"`, not `7.0`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(whole_number)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION), BeforeValidator(whole_number)]

Language = Literal["en", "es", "pt", "fr"]
ActionStatusCode = Literal["planned", "ongoing", "completed", "cancelled"]
assert set(get_args(ActionStatusCode)) == set(ActionStatus.values)  # noqa: S101
assert set(get_args(Language)) == set(LANGUAGE_CODES)  # noqa: S101 - kept in step with core


def _digits(max_digits: int, exact: bool = False) -> BeforeValidator:
    """Accept an int (not a bool) or a string of ASCII digits only."""
    pattern = re.compile(rf"^[0-9]{{{max_digits if exact else 1},{max_digits}}}$")

    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a whole number, not a boolean")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and pattern.fullmatch(value):
            return int(value)
        raise ValueError(
            f"must be {max_digits} digits" if exact else f"must be at most {max_digits} digits"
        )

    return BeforeValidator(check)


Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR), _digits(4, exact=True)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT), _digits(3)]


class LanguageQuery(Schema):
    lang: Language | None = Field(
        None,
        description="Language of names and texts (en, es, pt, fr). Default: the Accept-Language "
        "header, else English. Texts without a translation keep their original language.",
    )


class CountryListQuery(LanguageQuery):
    region: str | None = Field(
        None, pattern=REGION_PATTERN, max_length=8, description="Facility region code, e.g. LAC."
    )
    grouping: str | None = Field(
        None,
        pattern=GROUPING_PATTERN,
        max_length=16,
        description="Grouping code, e.g. MERCOSUR: its member countries.",
    )


class PortfolioQuery(LanguageQuery):
    """The portfolio filters of `mieux.portfolio.selectors.PortfolioFilter`, plus paging."""

    region: str | None = Field(
        None, pattern=REGION_PATTERN, max_length=8, description="Facility region code, e.g. LAC."
    )
    country: str | None = Field(
        None,
        pattern=COUNTRY_PATTERN,
        min_length=2,
        max_length=2,
        description="ISO 3166-1 alpha-2 country code, e.g. PE (case-insensitive).",
    )
    theme: str | None = Field(
        None,
        pattern=THEME_PATTERN,
        max_length=16,
        description="Thematic area code, e.g. IMT-THB; a pillar code (IMT) matches its areas too.",
    )
    # An enumeration, so that an unknown status is refused like a malformed year (422,
    # `validation_error`), not later by the selector.
    status: ActionStatusCode | None = Field(None, description="Action status.")
    year: Year | None = Field(
        None,
        description=f"Calendar year ({MIN_YEAR} to {MAX_YEAR}): actions active that year; "
        "activities started that year; outputs of actions active that year.",
    )
    limit: Limit = Field(DEFAULT_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")
    cursor: str | None = Field(
        None,
        pattern=CURSOR_PATTERN,
        max_length=MAX_CURSOR_LENGTH,
        description="Opaque cursor: the `next` value of the previous page.",
    )

    def filter_params(self) -> dict[str, str]:
        """The filters as PortfolioFilter.from_params expects them."""
        values = {
            "region": self.region,
            "country": self.country,
            "theme": self.theme,
            "status": None if self.status is None else str(self.status),
            "year": None if self.year is None else str(self.year),
        }
        return {name: value for name, value in values.items() if value is not None}
