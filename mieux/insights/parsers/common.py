"""What every parser returns, and the error a file in an unexpected layout raises."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mieux.core.errors import DomainError, ErrorCode

# progress(stage, done, total): called as rows are read and stored.
Progress = Callable[[str, int, int], None]

MISSING_MARKS = frozenset({"", "..", "~", "-"})


@dataclass(frozen=True, slots=True)
class ParsedObservation:
    area_code: str
    area_name: str
    year: int
    indicator: str
    sex: str
    value: float
    origin_code: str = ""
    origin_name: str = ""

    @property
    def key(self) -> tuple[str, int, str, str, str]:
        return (self.area_code, self.year, self.indicator, self.sex, self.origin_code)


@dataclass
class ParsedRelease:
    source: str
    edition: str
    title: str
    address: str
    licence: str
    observations: list[ParsedObservation] = field(default_factory=list)


class LayoutError(DomainError):
    """The file is not laid out as the source publishes it; nothing was imported."""

    code = ErrorCode.INVALID_FILE

    def __init__(self, *, sheet: str, row: int, column: str, expected: str, found: Any):
        self.sheet, self.row, self.column = sheet, row, column
        message = _(
            "%(sheet)s, row %(row)d, column %(column)s: expected %(expected)s, found %(found)s"
        ) % {
            "sheet": sheet,
            "row": row,
            "column": column,
            "expected": expected,
            "found": describe(found),
        }
        super().__init__(message, field="path")


def describe(value: Any) -> str:
    if value is None or value == "":
        return _("an empty cell")
    return repr(value) if isinstance(value, str) else str(value)


def number_or_none(value: Any, *, sheet: str, row: int, column: str) -> float | None:
    """A cell's figure; None for the sources' marks of a missing value ("..", "~", empty)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise LayoutError(sheet=sheet, row=row, column=column, expected=_("a number"), found=value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if text in MISSING_MARKS:
        return None
    try:
        return float(text)
    except ValueError:
        raise LayoutError(
            sheet=sheet, row=row, column=column, expected=_("a number"), found=value
        ) from None
