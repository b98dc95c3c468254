"""Importing a release: one transaction, refused files change nothing, the same file is a no-op."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from mieux.core.models import AuditEvent
from mieux.insights import services
from mieux.insights.models import Indicator, Observation, Release, Source
from mieux.insights.parsers.common import LayoutError
from mieux.insights.services import migration_data_import
from mieux.insights.tests.conftest import DESA_2020, UNHCR

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Release.objects.values_list("source", "file_sha256", "observation_count")),
        Observation.objects.count(),
        sorted(Observation.objects.values_list("id", flat=True))[:5],
    )


def test_import_stores_every_figure_with_its_countries(geography):
    result = migration_data_import(actor=None, source=Source.UNHCR, path=UNHCR)

    assert result.changed
    release = Release.objects.get(source=Source.UNHCR)
    assert release.licence == "CC BY 4.0"
    assert release.file_name == UNHCR.name
    assert release.observation_count == Observation.objects.count() == result.observation_count
    flow = Observation.objects.get(
        release=release,
        area_code="PER",
        origin_code="VEN",
        year=2020,
        indicator=Indicator.ASYLUM_SEEKERS,
    )
    assert flow.value == 532303
    assert (flow.country.iso3, flow.origin_country.iso3) == ("PER", "VEN")
    unknown = Observation.objects.filter(release=release, origin_code="XXA").first()
    assert unknown is None or unknown.origin_country is None
    events = AuditEvent.objects.filter(verb="insights.release_imported")
    assert events.count() == 1
    assert events.get().after["file_sha256"] == release.file_sha256


def test_importing_the_same_file_again_changes_nothing(geography):
    migration_data_import(actor=None, source=Source.UNHCR, path=UNHCR)
    before = _state()

    result = migration_data_import(actor=None, source=Source.UNHCR, path=UNHCR)

    assert not result.changed
    assert _state() == before
    assert AuditEvent.objects.filter(verb="insights.release_imported").count() == 1


def test_a_new_file_replaces_the_source_and_only_it(geography, tmp_path):
    migration_data_import(actor=None, source=Source.UNHCR, path=UNHCR)
    lines = UNHCR.read_text(encoding="utf-8").splitlines()
    only_2020 = tmp_path / "population_2020.csv"
    only_2020.write_text(
        "\n".join([lines[0], *(line for line in lines[1:] if line.startswith("2020,"))]) + "\n",
        encoding="utf-8",
    )

    result = migration_data_import(actor=None, source=Source.UNHCR, path=only_2020)

    assert result.changed
    assert set(Observation.objects.values_list("year", flat=True)) == {2020}
    assert Observation.objects.count() == result.observation_count
    assert AuditEvent.objects.filter(verb="insights.release_imported").count() == 2


def test_a_file_in_an_unexpected_layout_leaves_the_previous_data_untouched(geography, tmp_path):
    migration_data_import(actor=None, source=Source.UNHCR, path=UNHCR)
    before = _state()
    broken = tmp_path / "population.csv"
    text = UNHCR.read_text(encoding="utf-8")
    broken.write_text(text.replace("\n2020,", "\nlast year,", 1), encoding="utf-8")

    with pytest.raises(LayoutError) as raised:
        migration_data_import(actor=None, source=Source.UNHCR, path=broken)

    assert "population.csv, row " in raised.value.message
    assert ", column A: expected a year, found 'last year'" in raised.value.message
    assert _state() == before
    assert AuditEvent.objects.filter(verb="insights.release_imported").count() == 1


def test_command_imports_a_desa_workbook_and_says_so(geography, capsys):
    call_command("import_migration_data", "--source", "desa2020", str(DESA_2020))
    call_command("import_migration_data", "--source", "desa2020", str(DESA_2020))

    output = capsys.readouterr().out
    assert "International Migrant Stock 2020: Destination" in output
    assert "18002 observations imported." in output
    assert "this file is already imported" in output
    peru = Observation.objects.get(
        release__source="desa2020",
        country__iso3="PER",
        year=2020,
        sex="total",
        indicator=Indicator.MIGRANT_STOCK,
    )
    assert peru.value == 1224519
    world = Observation.objects.get(
        area_code="900", year=2020, sex="total", indicator=Indicator.MIGRANT_STOCK
    )
    assert (world.country, world.area_name) == (None, "WORLD")


def test_command_refuses_a_wrong_file_with_its_cell(geography, tmp_path):
    copy = tmp_path / "stock.xlsx"
    shutil.copy(DESA_2020, copy)
    with pytest.raises(CommandError, match=r"^Table 1, row 15, column B: expected 'Major area"):
        call_command("import_migration_data", "--source", "desa2019", str(copy), verbosity=0)
    assert not Release.objects.exists()


def test_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_migration_data", "--source", "unhcr", str(tmp_path / "none.csv"))


def test_a_failure_while_storing_rolls_the_whole_swap_back(geography, tmp_path, monkeypatch):
    migration_data_import(actor=None, source=Source.UNHCR, path=UNHCR)
    before = _state()
    other = tmp_path / "population.csv"
    other.write_text(UNHCR.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def fail(**kwargs):
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr(services, "record_event", fail)
    with pytest.raises(RuntimeError):
        migration_data_import(actor=None, source=Source.UNHCR, path=other)

    assert _state() == before
