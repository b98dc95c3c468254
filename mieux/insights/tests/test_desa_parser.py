"""The DESA parsers on the real 2019 and 2020 workbooks, and the layouts they refuse."""

from pathlib import Path

import openpyxl
import pytest

from mieux.insights.models import Indicator, Sex, Source
from mieux.insights.parsers.common import LayoutError, ParsedObservation, ParsedRelease
from mieux.insights.parsers.desa import parse_desa
from mieux.insights.tests.conftest import DESA_2019, DESA_2020


def _index(release: ParsedRelease) -> dict[tuple[str, int, str, str, str], ParsedObservation]:
    return {observation.key: observation for observation in release.observations}


@pytest.fixture(scope="module")
def release2020() -> ParsedRelease:
    return parse_desa(Source.DESA_2020, DESA_2020)


@pytest.fixture(scope="module")
def desa2020(release2020) -> dict:
    return _index(release2020)


@pytest.fixture(scope="module")
def desa2019() -> dict:
    return _index(parse_desa(Source.DESA_2019, DESA_2019))


def value(index: dict, code: str, year: int, indicator: str, sex: str = Sex.TOTAL) -> float:
    return index[(code, year, indicator, sex, "")].value


def test_2020_migrant_stock_by_sex_as_published(desa2020):
    # Table 1, row 243 (Mexico, 484) and row 257 (Peru, 604).
    assert value(desa2020, "484", 2020, Indicator.MIGRANT_STOCK) == 1197624
    assert value(desa2020, "484", 2020, Indicator.MIGRANT_STOCK, Sex.MALE) == 601509
    assert value(desa2020, "484", 2020, Indicator.MIGRANT_STOCK, Sex.FEMALE) == 596115
    assert value(desa2020, "604", 1990, Indicator.MIGRANT_STOCK) == 56688
    assert value(desa2020, "604", 2020, Indicator.MIGRANT_STOCK) == 1224519
    assert value(desa2020, "900", 2020, Indicator.MIGRANT_STOCK) == 280598105


def test_2020_population_in_persons_share_and_refugees(desa2020):
    assert value(desa2020, "484", 2020, Indicator.POPULATION) == pytest.approx(128_932_753)
    assert value(desa2020, "604", 2020, Indicator.POPULATION, Sex.FEMALE) == pytest.approx(
        16_593_240
    )
    assert value(desa2020, "604", 2020, Indicator.MIGRANT_SHARE) == pytest.approx(3.71383209784)
    assert value(desa2020, "604", 2020, Indicator.REFUGEES_AND_ASYLUM_SEEKERS) == 867821
    assert value(desa2020, "862", 2010, Indicator.REFUGEES_AND_ASYLUM_SEEKERS) == 217406
    # Table 6 gives refugees for both sexes only.
    assert ("604", 2020, Indicator.REFUGEES_AND_ASYLUM_SEEKERS, Sex.MALE, "") not in desa2020


def test_2020_missing_values_are_skipped(desa2020):
    # Wallis and Futuna (876): ".." for the population by sex, "~" in Table 6.
    assert value(desa2020, "876", 2020, Indicator.POPULATION) == pytest.approx(11_246)
    assert ("876", 2020, Indicator.POPULATION, Sex.MALE, "") not in desa2020
    assert ("876", 2020, Indicator.REFUGEES_AND_ASYLUM_SEEKERS, Sex.TOTAL, "") not in desa2020


def test_2020_names_are_trimmed_and_repeated_aggregates_kept_once(release2020, desa2020):
    assert desa2020[("604", 2020, Indicator.MIGRANT_STOCK, Sex.TOTAL, "")].area_name == "Peru"
    assert desa2020[("876", 2020, Indicator.MIGRANT_STOCK, Sex.TOTAL, "")].area_name == (
        "Wallis and Futuna Islands"
    )
    # Australia and New Zealand (927) is listed twice, with the same figures: kept once.
    assert value(desa2020, "927", 1990, Indicator.MIGRANT_STOCK) == 4473260
    assert len(release2020.observations) == len(desa2020)
    # 283 rows in Table 1, one repeated, three all ".." (Taiwan Province of China, Saint
    # Barthélemy, Saint Martin), and four with ".." before 2005 or 2010 (South Sudan, Montenegro,
    # Curaçao: 4 years each; Sint Maarten: 3).
    stock = [key for key in desa2020 if key[2] == Indicator.MIGRANT_STOCK and key[3] == "total"]
    assert len({key[0] for key in stock}) == 279
    assert len(stock) == 279 * 7 - 3 * 4 - 3
    assert ("728", 2005, Indicator.MIGRANT_STOCK, Sex.TOTAL, "") not in desa2020
    assert value(desa2020, "728", 2010, Indicator.MIGRANT_STOCK) == 230732


def test_2019_layout_with_its_own_header_rows_and_table_2_columns(desa2019):
    assert value(desa2019, "484", 2019, Indicator.MIGRANT_STOCK) == 1060707
    assert value(desa2019, "604", 2019, Indicator.MIGRANT_STOCK) == 782169
    assert value(desa2019, "604", 2019, Indicator.MIGRANT_STOCK, Sex.FEMALE) == 357852
    # Table 2 has no "Type of data": its years start in column E.
    assert value(desa2019, "604", 2019, Indicator.POPULATION) == pytest.approx(32_510_453)
    assert value(desa2019, "604", 1990, Indicator.POPULATION) == pytest.approx(22_071_433)
    assert value(desa2019, "604", 2019, Indicator.MIGRANT_SHARE) == pytest.approx(2.40590003467)
    assert value(desa2019, "604", 2019, Indicator.REFUGEES_AND_ASYLUM_SEEKERS) == 196133
    assert not any(key[1] == 2020 for key in desa2019)
    # Headings such as "UN development groups" carry no code and are not areas.
    assert not any(obs.area_name == "UN development groups" for obs in desa2019.values())


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, Path]:
    """Copies of the 2020 workbook, each with one defect."""
    folder = tmp_path_factory.mktemp("broken")
    workbook = openpyxl.load_workbook(DESA_2020)
    paths = {}
    for name, sheet, cell, text in (
        ("year", "Table 1", "F11", "x"),
        ("value", "Table 3", "L243", "abc"),
        ("code", "Table 2", "D257", "Peru"),
    ):
        original = workbook[sheet][cell].value
        workbook[sheet][cell] = text
        paths[name] = folder / f"{name}.xlsx"
        workbook.save(paths[name])
        workbook[sheet][cell] = original
    del workbook["Table 6"]
    paths["sheet"] = folder / "sheet.xlsx"
    workbook.save(paths["sheet"])
    paths["text"] = folder / "text.xlsx"
    paths["text"].write_text("year,value\n")
    return paths


@pytest.mark.parametrize(
    ("defect", "message"),
    [
        ("year", "Table 1, row 11, column F: expected the year 1990, found 'x'"),
        ("value", "Table 3, row 243, column L: expected a number, found 'abc'"),
        ("code", "Table 2, row 257, column D: expected a location code, found 'Peru'"),
        ("sheet", "Table 6, row 1, column A: expected this sheet, found"),
        ("text", "text.xlsx, row 1, column A: expected an Excel workbook"),
    ],
)
def test_unexpected_layout_names_sheet_row_and_column(broken, defect, message):
    with pytest.raises(LayoutError) as raised:
        parse_desa(Source.DESA_2020, broken[defect])
    assert raised.value.message.startswith(message)


def test_a_2020_workbook_read_as_2019_is_refused():
    with pytest.raises(LayoutError) as raised:
        parse_desa(Source.DESA_2019, DESA_2020)
    assert raised.value.message.startswith("Table 1, row 15, column B: expected 'Major area")
    assert (raised.value.sheet, raised.value.row, raised.value.column) == ("Table 1", 15, "B")
