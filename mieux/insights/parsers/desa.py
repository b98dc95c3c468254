"""UN DESA International Migrant Stock by destination: the 2019 and 2020 workbooks.

Both editions have Tables 1 (migrant stock), 2 (population, thousands), 3 (migrant stock as a
percentage of the population) and 6 (refugees including asylum seekers), but lay them out
differently: 2020 has one header row (11) and data from row 12; 2019 has a group label on row
15, the years on row 16 and data from row 17, and its Table 2 has no "Type of data" column, so
its years start one column earlier. Tables 1 to 3 have three blocks of seven years (both sexes,
male, female); Table 6 has counts for both sexes in its first block only.
"""

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from mieux.insights.models import Indicator, Sex, Source
from mieux.insights.parsers.common import (
    MISSING_MARKS,
    LayoutError,
    ParsedObservation,
    ParsedRelease,
    Progress,
    number_or_none,
)

NAME_COLUMN, CODE_COLUMN = 2, 4  # B, D
SEXES = (Sex.TOTAL, Sex.MALE, Sex.FEMALE)


@dataclass(frozen=True)
class Table:
    sheet: str
    indicator: str
    sexes: tuple[str, ...]
    scale: float = 1.0
    has_type_of_data: bool = True


@dataclass(frozen=True)
class Edition:
    source: str
    edition: str
    title: str
    years: tuple[int, ...]
    year_row: int
    first_data_row: int
    # (row, column, the text the cell starts with)
    labels: tuple[tuple[int, int, str], ...]
    tables: tuple[Table, ...]


EDITIONS: dict[str, Edition] = {
    Source.DESA_2020: Edition(
        source=Source.DESA_2020,
        edition="POP/DB/MIG/Stock/Rev.2020",
        title="International Migrant Stock 2020: Destination",
        years=(1990, 1995, 2000, 2005, 2010, 2015, 2020),
        year_row=11,
        first_data_row=12,
        labels=(
            (11, NAME_COLUMN, "Region, development group, country or area"),
            (11, CODE_COLUMN, "Location code"),
        ),
        tables=(
            Table("Table 1", Indicator.MIGRANT_STOCK, SEXES),
            Table("Table 2", Indicator.POPULATION, SEXES, scale=1000.0),
            Table("Table 3", Indicator.MIGRANT_SHARE, SEXES),
            Table("Table 6", Indicator.REFUGEES_AND_ASYLUM_SEEKERS, (Sex.TOTAL,)),
        ),
    ),
    Source.DESA_2019: Edition(
        source=Source.DESA_2019,
        edition="POP/DB/MIG/Stock/Rev.2019",
        title="International Migrant Stock 2019",
        years=(1990, 1995, 2000, 2005, 2010, 2015, 2019),
        year_row=16,
        first_data_row=17,
        labels=(
            (15, NAME_COLUMN, "Major area, region, country or area"),
            (15, CODE_COLUMN, "Code"),
        ),
        tables=(
            Table("Table 1", Indicator.MIGRANT_STOCK, SEXES),
            Table("Table 2", Indicator.POPULATION, SEXES, scale=1000.0, has_type_of_data=False),
            Table("Table 3", Indicator.MIGRANT_SHARE, SEXES),
            Table("Table 6", Indicator.REFUGEES_AND_ASYLUM_SEEKERS, (Sex.TOTAL,)),
        ),
    ),
}

ADDRESS = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
LICENCE = "CC BY 3.0 IGO"


def parse_desa(source: str, path: Path, progress: Progress | None = None) -> ParsedRelease:
    edition = EDITIONS[source]
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise LayoutError(
            sheet=path.name, row=1, column="A", expected=_("an Excel workbook"), found=str(error)
        ) from error
    release = ParsedRelease(
        source=source,
        edition=edition.edition,
        title=edition.title,
        address=ADDRESS,
        licence=LICENCE,
    )
    try:
        for number, table in enumerate(edition.tables):
            if table.sheet not in workbook.sheetnames:
                raise LayoutError(
                    sheet=table.sheet,
                    row=1,
                    column="A",
                    expected=_("this sheet"),
                    found=", ".join(workbook.sheetnames),
                )
            release.observations.extend(_read_table(edition, table, workbook[table.sheet]))
            if progress is not None:
                progress("read", number + 1, len(edition.tables))
    finally:
        workbook.close()
    return release


def _cell(row: tuple[Any, ...], column: int) -> Any:
    return row[column - 1] if len(row) >= column else None


def _read_table(edition: Edition, table: Table, sheet: Any) -> list[ParsedObservation]:
    first_year_column = 6 if table.has_type_of_data else 5
    rows = sheet.iter_rows(values_only=True)
    observations: list[ParsedObservation] = []
    seen: dict[int, tuple[int, tuple[Any, ...]]] = {}
    for row_number, row in enumerate(rows, start=1):
        if row_number < edition.first_data_row:
            _check_header(edition, table, row_number, row, first_year_column)
            continue
        code, name = _cell(row, CODE_COLUMN), _cell(row, NAME_COLUMN)
        if code is None and name is None:
            continue  # blank rows after the table
        if code is None and _is_heading(row, first_year_column):
            continue  # 2019: "UN development groups" and the like, a heading with no figures
        if not isinstance(code, int) or isinstance(code, bool):
            raise LayoutError(
                sheet=table.sheet,
                row=row_number,
                column=get_column_letter(CODE_COLUMN),
                expected=_("a location code"),
                found=code,
            )
        figures = row[first_year_column - 1 :]
        if code in seen:
            # An aggregate listed under two groupings (Australia and New Zealand, Oceania).
            if seen[code][1] == figures:
                continue
            raise LayoutError(
                sheet=table.sheet,
                row=row_number,
                column=get_column_letter(CODE_COLUMN),
                expected=_("a location code not used on row %(row)d") % {"row": seen[code][0]},
                found=code,
            )
        seen[code] = (row_number, figures)
        area_name = str(name or "").strip().rstrip("*").strip()
        for block, sex in enumerate(table.sexes):
            for offset, year in enumerate(edition.years):
                column = first_year_column + block * len(edition.years) + offset
                value = number_or_none(
                    _cell(row, column),
                    sheet=table.sheet,
                    row=row_number,
                    column=get_column_letter(column),
                )
                if value is None:
                    continue
                if value < 0:
                    raise LayoutError(
                        sheet=table.sheet,
                        row=row_number,
                        column=get_column_letter(column),
                        expected=_("a number of zero or more"),
                        found=value,
                    )
                observations.append(
                    ParsedObservation(
                        area_code=f"{code:03d}",
                        area_name=area_name,
                        year=year,
                        indicator=table.indicator,
                        sex=sex,
                        value=value * table.scale,
                    )
                )
    if not observations:
        raise LayoutError(
            sheet=table.sheet,
            row=edition.first_data_row,
            column=get_column_letter(CODE_COLUMN),
            expected=_("a location code"),
            found=None,
        )
    return observations


def _is_heading(row: tuple[Any, ...], first_year_column: int) -> bool:
    return all(
        value is None or str(value).strip() in MISSING_MARKS
        for value in row[first_year_column - 1 :]
    )


def _check_header(
    edition: Edition, table: Table, row_number: int, row: tuple[Any, ...], first_year_column: int
) -> None:
    for label_row, column, text in edition.labels:
        found = _cell(row, column)
        if label_row == row_number and not str(found or "").strip().startswith(text):
            raise LayoutError(
                sheet=table.sheet,
                row=row_number,
                column=get_column_letter(column),
                expected=repr(text),
                found=found,
            )
    if row_number != edition.year_row:
        return
    for block in range(len(table.sexes)):
        for offset, year in enumerate(edition.years):
            column = first_year_column + block * len(edition.years) + offset
            found = _cell(row, column)
            if found != year:
                raise LayoutError(
                    sheet=table.sheet,
                    row=row_number,
                    column=get_column_letter(column),
                    expected=_("the year %(year)d") % {"year": year},
                    found=found,
                )
