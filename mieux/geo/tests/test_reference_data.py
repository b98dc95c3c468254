"""The geography reference data: ISO countries, ODA eligibility, facility regions, LAC groupings."""

import re

import pycountry
import pytest

from mieux.geo.data.oda_recipients import ODA_RECIPIENTS
from mieux.geo.models import Country, Grouping, Region
from mieux.geo.reference import load_geography

pytestmark = pytest.mark.django_db

FIRST_LOAD = {
    "regions.total": 4,
    "regions.created": 4,
    "regions.updated": 0,
    "countries.total": 249,
    "countries.created": 249,
    "countries.updated": 0,
    "groupings.total": 6,
    "groupings.created": 6,
    "groupings.updated": 0,
}


def members(code: str) -> set[str]:
    return set(Grouping.objects.get(code=code).members.values_list("iso2", flat=True))


def test_first_load_creates_every_iso_3166_country_region_and_grouping():
    # when
    counts = load_geography()

    # then
    assert counts == FIRST_LOAD
    assert len(pycountry.countries) == 249
    assert Country.objects.count() == 249
    assert list(Region.objects.values_list("code", flat=True)) == ["AFR", "ASI", "ENI", "LAC"]
    assert Grouping.objects.count() == 6


def test_load_geography_uses_bulk_queries(django_assert_max_num_queries):
    # when / then: a handful of queries, not one per country
    with django_assert_max_num_queries(40):
        load_geography()


def test_peru_has_its_codes_and_names_in_four_languages():
    # when
    load_geography()

    # then
    peru = Country.objects.get(iso2="PE")
    assert (peru.iso3, peru.numeric) == ("PER", "604")
    assert peru.names() == {"en": "Peru", "es": "Perú", "pt": "Peru", "fr": "Pérou"}


def test_countries_get_short_natural_names_not_iso_official_ones():
    # when
    load_geography()

    # then
    bolivia = Country.objects.get(iso2="BO")
    assert bolivia.names() == {"en": "Bolivia", "es": "Bolivia", "pt": "Bolívia", "fr": "Bolivie"}
    venezuela = Country.objects.get(iso2="VE")
    assert venezuela.names() == dict.fromkeys(("en", "es", "pt", "fr"), "Venezuela")
    assert Country.objects.get(iso2="KR").name_fr == "Corée du Sud"
    assert Country.objects.get(iso2="TT").name_pt == "Trinidad e Tobago"


def test_no_country_name_keeps_the_inverted_iso_form():
    # given: ISO catalogues write "Corée, République de" or "Salomon, Îles"
    inverted = re.compile(
        r", (the|of|The|Republic|Estado|República|État|République|Îles|Île|Islas)"
    )

    # when
    load_geography()

    # then
    offenders = [
        (country.iso2, name)
        for country in Country.objects.all()
        for name in country.names().values()
        if inverted.search(name)
    ]
    assert offenders == []


def test_mexico_is_in_latin_america_and_eligible():
    # when
    load_geography()

    # then
    mexico = Country.objects.values("region__code", "is_oda_eligible").get(iso2="MX")
    assert mexico == {"region__code": "LAC", "is_oda_eligible": True}


def test_france_is_not_eligible_and_outside_the_facility_regions():
    # when
    load_geography()

    # then
    france = Country.objects.get(iso2="FR")
    assert france.is_oda_eligible is False
    assert france.region is None


def test_graduated_latin_american_states_are_in_lac_but_not_eligible():
    # when
    load_geography()

    # then
    graduated = Country.objects.filter(iso2__in=["CL", "UY", "TT", "BB"])
    assert set(graduated.values_list("iso2", "region__code", "is_oda_eligible")) == {
        ("CL", "LAC", False),
        ("UY", "LAC", False),
        ("TT", "LAC", False),
        ("BB", "LAC", False),
    }


def test_exactly_the_oda_recipients_are_eligible_and_each_has_a_region():
    # when
    load_geography()

    # then
    eligible = Country.objects.filter(is_oda_eligible=True)
    assert eligible.count() == 140
    assert set(eligible.values_list("iso2", flat=True)) == set(ODA_RECIPIENTS)
    assert not eligible.filter(region__isnull=True).exists()


def test_eu_neighbourhood_holds_the_eastern_partnership_and_southern_neighbourhood():
    # given
    neighbourhood = {"MA", "DZ", "TN", "LY", "EG", "JO", "LB", "PS", "SY"}
    neighbourhood |= {"UA", "MD", "BY", "GE", "AM", "AZ"}

    # when
    load_geography()

    # then
    eni = set(Country.objects.filter(region__code="ENI").values_list("iso2", flat=True))
    assert neighbourhood <= eni
    assert eni - neighbourhood == {"AL", "BA", "ME", "MK", "RS", "TR"}


def test_region_names_are_translated():
    # when
    load_geography()

    # then
    assert Region.objects.get(code="LAC").names() == {
        "en": "Latin America & the Caribbean",
        "es": "América Latina y el Caribe",
        "pt": "América Latina e Caribe",
        "fr": "Amérique latine et Caraïbes",
    }


@pytest.mark.parametrize(
    ("code", "expected_members"),
    [
        ("CAN", {"BO", "CO", "EC", "PE"}),
        (
            "CARICOM",
            {
                "AG",
                "BS",
                "BB",
                "BZ",
                "DM",
                "GD",
                "GY",
                "HT",
                "JM",
                "MS",
                "KN",
                "LC",
                "VC",
                "SR",
                "TT",
            },
        ),
        ("MERCOSUR", {"AR", "BO", "BR", "PY", "UY"}),
        ("PA", {"CL", "CO", "MX", "PE"}),
        ("SICA", {"BZ", "CR", "DO", "SV", "GT", "HN", "NI", "PA"}),
        ("NTCA", {"SV", "GT", "HN"}),
    ],
)
def test_lac_groupings_have_exactly_their_members(code, expected_members):
    # when
    load_geography()

    # then
    assert members(code) == expected_members
    assert Grouping.objects.get(code=code).region.code == "LAC"


def test_grouping_names_are_translated():
    # when
    load_geography()

    # then
    sica = Grouping.objects.get(code="SICA")
    assert sica.acronym == "SICA"
    assert sica.name_es == "Sistema de la Integración Centroamericana"
    assert Grouping.objects.get(code="NTCA").name_es == "Triángulo Norte de Centroamérica"


def test_second_load_creates_and_updates_nothing():
    # given
    load_geography()
    peru_before = Country.objects.values().get(iso2="PE")

    # when
    counts = load_geography()

    # then
    assert counts == {
        **FIRST_LOAD,
        "regions.created": 0,
        "countries.created": 0,
        "groupings.created": 0,
    }
    assert Country.objects.count() == 249
    assert Region.objects.count() == 4
    assert Grouping.objects.count() == 6
    assert Grouping.members.through.objects.count() == 39
    assert Country.objects.values().get(iso2="PE") == peru_before


def test_reload_restores_edited_names_and_memberships():
    # given: someone edited Peru's Spanish name and the Northern Triangle's members
    load_geography()
    Country.objects.filter(iso2="PE").update(name_es="Peru", is_oda_eligible=False)
    ntca = Grouping.objects.get(code="NTCA")
    ntca.members.set(Country.objects.filter(iso2__in=["SV", "GT", "MX"]))

    # when
    counts = load_geography()

    # then
    assert (counts["countries.created"], counts["countries.updated"]) == (0, 1)
    assert (counts["groupings.created"], counts["groupings.updated"]) == (0, 1)
    peru = Country.objects.get(iso2="PE")
    assert (peru.name_es, peru.is_oda_eligible) == ("Perú", True)
    assert members("NTCA") == {"SV", "GT", "HN"}
