"""Taxonomy reference data: thematic areas, GCM objectives, sectors, activity and output types."""

import pytest

from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, Sector, ThematicArea
from mieux.taxonomy.reference import load_taxonomy

pytestmark = pytest.mark.django_db

FIRST_LOAD = {
    "thematic areas.total": 27,
    "thematic areas.created": 27,
    "thematic areas.updated": 0,
    "GCM objectives.total": 23,
    "GCM objectives.created": 23,
    "GCM objectives.updated": 0,
    "DAC sectors.total": 325,
    "DAC sectors.created": 325,
    "DAC sectors.updated": 0,
    "activity types.total": 9,
    "activity types.created": 9,
    "activity types.updated": 0,
    "output types.total": 11,
    "output types.created": 11,
    "output types.updated": 0,
}


def test_first_load_creates_every_vocabulary():
    # when
    counts = load_taxonomy()

    # then
    assert counts == FIRST_LOAD
    assert ThematicArea.objects.count() == 27
    assert GCMObjective.objects.count() == 23
    assert Sector.objects.count() == 325
    assert ActivityType.objects.count() == 9
    assert OutputType.objects.count() == 11


def test_load_taxonomy_uses_bulk_queries(django_assert_max_num_queries):
    # when / then: a handful of queries, not one per sector
    with django_assert_max_num_queries(40):
        load_taxonomy()


def test_pillars_have_their_specific_areas_in_display_order():
    # when
    load_taxonomy()

    # then
    pillars = ThematicArea.objects.filter(parent__isnull=True)
    assert list(pillars.values_list("code", flat=True)) == ["IMT", "LM", "IP", "MD", "HO"]
    children = {
        pillar.code: list(pillar.children.values_list("code", flat=True)) for pillar in pillars
    }
    assert children == {
        "IMT": ["IMT-IRR", "IMT-THB", "IMT-SOM", "IMT-BMS", "IMT-DOC", "IMT-RR"],
        "LM": ["LM-LAB", "LM-INT"],
        "IP": ["IP-ASY"],
        "MD": ["MD-MAD", "MD-DIA", "MD-REM"],
        "HO": [
            "HO-CAP",
            "HO-POL",
            "HO-LEG",
            "HO-DATA",
            "HO-COM",
            "HO-CON",
            "HO-HEA",
            "HO-CHI",
            "HO-HR",
            "HO-CLI",
        ],
    }


@pytest.mark.parametrize("model", [ThematicArea, ActivityType, OutputType])
def test_every_entry_is_named_in_the_four_languages(model):
    # when
    load_taxonomy()

    # then
    unnamed = [
        (row.code, language)
        for row in model.objects.all()
        for language in ("en", "es", "pt", "fr")
        if not getattr(row, f"name_{language}").strip()
    ]
    assert unnamed == []


def test_trafficking_and_smuggling_keep_their_distinct_legal_terms():
    # when
    load_taxonomy()

    # then
    assert ThematicArea.objects.get(code="IMT-THB").names() == {
        "en": "Trafficking in Human Beings",
        "es": "Trata de personas",
        "pt": "Tráfico de seres humanos",
        "fr": "Traite des êtres humains",
    }
    assert ThematicArea.objects.get(code="IMT-SOM").names() == {
        "en": "Migrant Smuggling",
        "es": "Tráfico ilícito de migrantes",
        "pt": "Contrabando de migrantes",
        "fr": "Trafic illicite de migrants",
    }


def test_the_23_gcm_objectives_are_loaded_with_their_titles():
    # when
    load_taxonomy()

    # then
    assert list(GCMObjective.objects.values_list("number", flat=True)) == list(range(1, 24))
    assert (
        GCMObjective.objects.get(number=9).title
        == "Strengthen the transnational response to smuggling of migrants"
    )
    assert GCMObjective.objects.get(number=23).title.startswith(
        "Strengthen international cooperation and global partnerships"
    )


def test_the_migration_sector_15190_is_loaded_in_english_and_french():
    # when
    load_taxonomy()

    # then
    sector = Sector.objects.get(code="15190")
    assert sector.name == (
        "Facilitation of orderly, safe, regular and responsible migration and mobility"
    )
    assert sector.name_fr == (
        "Faciliter la migration et la mobilité de façon ordonnée, sans danger, régulière et "
        "responsable"
    )
    assert (sector.category, sector.is_active) == ("151", True)


def test_withdrawn_sectors_are_kept_but_inactive():
    # when
    load_taxonomy()

    # then
    sector = Sector.objects.get(code="15120")
    assert (sector.name, sector.name_fr, sector.is_active) == (
        "Public sector financial management",
        "",
        False,
    )
    assert Sector.objects.filter(is_active=False).count() == 30


def test_second_load_creates_and_updates_nothing():
    # given
    load_taxonomy()
    sector_before = Sector.objects.values().get(code="15190")

    # when
    counts = load_taxonomy()

    # then
    assert counts == {key: 0 if key.endswith(".created") else n for key, n in FIRST_LOAD.items()}
    assert ThematicArea.objects.count() == 27
    assert GCMObjective.objects.count() == 23
    assert Sector.objects.count() == 325
    assert Sector.objects.values().get(code="15190") == sector_before


def test_reload_restores_edited_rows():
    # given: someone renamed a specific area, moved it to another pillar and edited an objective
    load_taxonomy()
    ThematicArea.objects.filter(code="HO-DATA").update(
        name_pt="", parent=ThematicArea.objects.get(code="LM")
    )
    GCMObjective.objects.filter(number=9).update(title="Edited")

    # when
    counts = load_taxonomy()

    # then
    assert (counts["thematic areas.created"], counts["thematic areas.updated"]) == (0, 1)
    assert (counts["GCM objectives.created"], counts["GCM objectives.updated"]) == (0, 1)
    data = ThematicArea.objects.values("name_pt", "parent__code").get(code="HO-DATA")
    assert data == {"name_pt": "Dados migratórios", "parent__code": "HO"}
    assert GCMObjective.objects.get(number=9).title.endswith("smuggling of migrants")
