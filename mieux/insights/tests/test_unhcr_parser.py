"""The UNHCR parser on the real population statistics (the 2019 and 2020 Latin American rows)."""

import pytest

from mieux.insights.models import Indicator, Sex
from mieux.insights.parsers.common import LayoutError
from mieux.insights.parsers.unhcr import parse_unhcr
from mieux.insights.tests.conftest import UNHCR


@pytest.fixture(scope="module")
def parsed() -> dict:
    return {observation.key: observation for observation in parse_unhcr(UNHCR).observations}


def test_refugees_and_asylum_seekers_by_origin_as_published(parsed):
    # SOURCES.md: 2020, VEN→PER: refugees 2,628; asylum seekers 532,303.
    assert parsed[("PER", 2020, Indicator.REFUGEES, Sex.TOTAL, "VEN")].value == 2628
    assert parsed[("PER", 2020, Indicator.ASYLUM_SEEKERS, Sex.TOTAL, "VEN")].value == 532303
    assert parsed[("PER", 2020, Indicator.ASYLUM_SEEKERS, Sex.TOTAL, "CUB")].value == 2775
    flow = parsed[("PER", 2020, Indicator.REFUGEES, Sex.TOTAL, "VEN")]
    assert (flow.area_name, flow.origin_name) == ("Peru", "Venezuela (Bolivarian Republic of)")


def test_totals_hosted_sum_the_origins(parsed):
    assert parsed[("PER", 2020, Indicator.REFUGEES, Sex.TOTAL, "")].value == 4272
    assert parsed[("PER", 2020, Indicator.ASYLUM_SEEKERS, Sex.TOTAL, "")].value == 537552
    assert parsed[("PER", 2019, Indicator.ASYLUM_SEEKERS, Sex.TOTAL, "")].value == 487049


def test_zero_figures_by_origin_are_left_out(parsed):
    # Row 2020, AFG→PER: refugees 0, asylum seekers 5.
    assert ("PER", 2020, Indicator.REFUGEES, Sex.TOTAL, "AFG") not in parsed
    assert parsed[("PER", 2020, Indicator.ASYLUM_SEEKERS, Sex.TOTAL, "AFG")].value == 5


def _rewrite(tmp_path, line: int, old: str, new: str):
    lines = UNHCR.read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / "population.csv"
    path.write_text("\n".join(lines[:50]) + "\n", encoding="utf-8")
    return path


def test_a_renamed_column_is_refused_naming_it(tmp_path):
    path = _rewrite(tmp_path, 1, ",refugees,", ",refugee,")
    with pytest.raises(LayoutError) as raised:
        parse_unhcr(path)
    assert raised.value.message == (
        "population.csv, row 1, column H: expected 'refugees', found 'refugee'"
    )


def test_a_value_that_is_not_a_number_is_refused_naming_its_cell(tmp_path):
    path = _rewrite(tmp_path, 3, "ARG,12,0,", "ARG,12,x1,")
    with pytest.raises(LayoutError) as raised:
        parse_unhcr(path)
    assert (raised.value.sheet, raised.value.row, raised.value.column) == ("population.csv", 3, "I")
    assert raised.value.message.endswith("expected a number, found 'x1'")
