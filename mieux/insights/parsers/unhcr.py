"""UNHCR population statistics (the *refugees* R package's `population` table, as CSV).

One row per year, country of origin (`coo_iso`) and country of asylum (`coa_iso`). mieux keeps
refugees and asylum seekers by origin (rows whose figure is zero are left out: a row is there
for any population UNHCR counts, most often not these) and, per destination and year, the totals
hosted, summed over the origins in the file. A file holding a subset of the rows (such as the
Latin American excerpt) gives totals for destinations outside the subset that count only the
origins it kept.
"""

import csv
from collections import defaultdict
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from mieux.insights.models import Indicator, Sex, Source
from mieux.insights.parsers.common import (
    LayoutError,
    ParsedObservation,
    ParsedRelease,
    Progress,
    number_or_none,
)

COLUMNS = (
    "year",
    "coo_name",
    "coo",
    "coo_iso",
    "coa_name",
    "coa",
    "coa_iso",
    "refugees",
    "asylum_seekers",
)
FIGURES = {"refugees": Indicator.REFUGEES, "asylum_seekers": Indicator.ASYLUM_SEEKERS}
PROGRESS_EVERY = 5000


def _column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def parse_unhcr(path: Path, progress: Progress | None = None) -> ParsedRelease:
    sheet = path.name
    try:
        handle = path.open(encoding="utf-8", newline="")
        lines = handle.read().splitlines()
        handle.close()
    except (OSError, UnicodeDecodeError) as error:
        raise LayoutError(
            sheet=sheet, row=1, column="A", expected=_("a UTF-8 CSV file"), found=str(error)
        ) from error
    reader = csv.reader(lines)
    header = next(reader, [])
    for index, name in enumerate(COLUMNS):
        found = header[index] if index < len(header) else None
        if found != name:
            raise LayoutError(
                sheet=sheet, row=1, column=_column_letter(index), expected=repr(name), found=found
            )
    at = {name: header.index(name) for name in COLUMNS}
    by_origin: dict[tuple[str, int, str, str], float] = defaultdict(float)
    hosted: dict[tuple[str, int, str], float] = defaultdict(float)
    names: dict[str, str] = {}
    total_rows = max(len(lines) - 1, 0)
    for row_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) < len(header):
            raise LayoutError(
                sheet=sheet,
                row=row_number,
                column=_column_letter(len(row)),
                expected=_("a value"),
                found=None,
            )
        year_text = row[at["year"]].strip()
        if not year_text.isdigit():
            raise LayoutError(
                sheet=sheet,
                row=row_number,
                column=_column_letter(at["year"]),
                expected=_("a year"),
                found=year_text,
            )
        year = int(year_text)
        destination = row[at["coa_iso"]].strip() or row[at["coa"]].strip()
        origin = row[at["coo_iso"]].strip() or row[at["coo"]].strip()
        if not destination:
            raise LayoutError(
                sheet=sheet,
                row=row_number,
                column=_column_letter(at["coa_iso"]),
                expected=_("a country code"),
                found=None,
            )
        names.setdefault(destination, row[at["coa_name"]].strip())
        names.setdefault(origin, row[at["coo_name"]].strip())
        for column, indicator in FIGURES.items():
            value = number_or_none(
                row[at[column]], sheet=sheet, row=row_number, column=_column_letter(at[column])
            )
            if value is None:
                continue
            if value < 0:
                raise LayoutError(
                    sheet=sheet,
                    row=row_number,
                    column=_column_letter(at[column]),
                    expected=_("a number of zero or more"),
                    found=value,
                )
            hosted[(destination, year, indicator)] += value
            if value > 0:
                by_origin[(destination, year, indicator, origin)] += value
        if progress is not None and row_number % PROGRESS_EVERY == 0:
            progress("read", row_number - 1, total_rows)
    if progress is not None:
        progress("read", total_rows, total_rows)
    observations = [
        ParsedObservation(
            area_code=destination,
            area_name=names[destination],
            year=year,
            indicator=indicator,
            sex=Sex.TOTAL,
            value=value,
        )
        for (destination, year, indicator), value in hosted.items()
    ] + [
        ParsedObservation(
            area_code=destination,
            area_name=names[destination],
            year=year,
            indicator=indicator,
            sex=Sex.TOTAL,
            value=value,
            origin_code=origin,
            origin_name=names[origin],
        )
        for (destination, year, indicator, origin), value in by_origin.items()
    ]
    return ParsedRelease(
        source=Source.UNHCR,
        edition="refugees R package 2025.12.1",
        title="UNHCR Refugee Population Statistics",
        address="https://www.unhcr.org/refugee-statistics/",
        licence="CC BY 4.0",
        observations=observations,
    )
