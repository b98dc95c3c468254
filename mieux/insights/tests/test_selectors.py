"""The figures computed from the observations, on data whose answers are known."""

import pytest
from django.utils import timezone

from mieux.geo.models import Country, Region
from mieux.insights import selectors
from mieux.insights.models import Indicator, Observation, Release, Sex, Source


def test_average_annual_growth_compounds():
    assert selectors.average_annual_growth(100, 2000, 121, 2002) == pytest.approx(0.10)
    assert selectors.average_annual_growth(200, 2015, 100, 2020) == pytest.approx(
        0.5 ** (1 / 5) - 1
    )
    with pytest.raises(ValueError, match="after"):
        selectors.average_annual_growth(100, 2020, 121, 2020)
    with pytest.raises(ValueError, match="zero"):
        selectors.average_annual_growth(0, 2000, 121, 2002)


def test_percentage_change():
    assert selectors.percentage_change(200, 250) == 25
    assert selectors.percentage_change(250, 200) == -20
    with pytest.raises(ValueError, match="zero"):
        selectors.percentage_change(0, 5)


@pytest.fixture
def world(db):
    lac = Region.objects.create(code="LAC", name_en="Latin America & the Caribbean")
    asia = Region.objects.create(code="ASI", name_en="Asia")
    countries = {
        iso3: Country.objects.create(
            iso2=iso3[:2], iso3=iso3, numeric=numeric, name_en=iso3, region=region
        )
        for iso3, numeric, region in (
            ("PER", "604", lac),
            ("VEN", "862", lac),
            ("COL", "170", lac),
            ("IND", "356", asia),
            ("FRA", "250", None),
        )
    }
    releases = {
        source: Release.objects.create(
            source=source,
            edition=edition,
            title=source,
            address="https://example.org/",
            licence="CC BY",
            file_name="f",
            file_sha256="0" * 64,
            imported_at=timezone.now(),
        )
        for source, edition in (
            (Source.DESA_2020, "POP/DB/MIG/Stock/Rev.2020"),
            (Source.DESA_2019, "POP/DB/MIG/Stock/Rev.2019"),
            (Source.UNHCR, "refugees R package 2025.12.1"),
        )
    }

    def add(source, area, year, indicator, value, origin=None, sex=Sex.TOTAL):
        country = countries.get(area)
        Observation.objects.create(
            release=releases[source],
            area_code=country.numeric if country and source != "unhcr" else area,
            area_name=area,
            country=country,
            year=year,
            indicator=indicator,
            sex=sex,
            value=value,
            origin_code=origin or "",
            origin_name=origin or "",
            origin_country=countries.get(origin) if origin else None,
        )

    stock = Indicator.MIGRANT_STOCK
    for area, first, last in (
        ("PER", 100, 1600),
        ("VEN", 300, 200),
        ("COL", 100, 200),
        ("IND", 500, 500),
        ("FRA", 1000, 1000),
    ):
        add(Source.DESA_2020, area, 2015, stock, first)
        add(Source.DESA_2020, area, 2020, stock, last)
    add(Source.DESA_2020, "PER", 2020, stock, 900, sex=Sex.FEMALE)
    add(Source.DESA_2020, "900", 2020, stock, 10_000)  # the WORLD row, more than the countries
    add(Source.DESA_2019, "PER", 2019, stock, 7)
    add(Source.UNHCR, "PER", 2020, Indicator.REFUGEES, 30, origin="VEN")
    add(Source.UNHCR, "PER", 2020, Indicator.ASYLUM_SEEKERS, 500, origin="VEN")
    add(Source.UNHCR, "PER", 2020, Indicator.ASYLUM_SEEKERS, 40, origin="COL")
    add(Source.UNHCR, "PER", 2020, Indicator.REFUGEES, 60, origin="IND")
    add(Source.UNHCR, "PER", 2020, Indicator.REFUGEES, 5, origin="XXA")
    add(Source.UNHCR, "PER", 2019, Indicator.REFUGEES, 999, origin="IND")
    add(Source.UNHCR, "COL", 2020, Indicator.REFUGEES, 700, origin="VEN")
    add(Source.UNHCR, "PER", 2020, Indicator.REFUGEES, 95)  # the total hosted, no origin
    return countries, releases


def test_latest_release_is_the_newest_edition_with_the_indicator(world):
    _, releases = world
    assert selectors.latest_release(Indicator.MIGRANT_STOCK) == releases[Source.DESA_2020]
    assert selectors.latest_release(Indicator.REFUGEES) == releases[Source.UNHCR]
    assert selectors.latest_release(Indicator.EMIGRANTS) is None


def test_growth_and_change_of_a_country(world):
    countries, releases = world
    peru = countries["PER"]
    # 100 → 1600 in five years: 16 ** (1/5) = 1.7411, so 74.11 % a year.
    assert selectors.country_growth(peru, Indicator.MIGRANT_STOCK, 2015, 2020) == pytest.approx(
        16**0.2 - 1
    )
    assert selectors.country_change(peru, Indicator.MIGRANT_STOCK, 2015, 2020) == 1500
    assert selectors.country_change(countries["VEN"], Indicator.MIGRANT_STOCK, 2015, 2020) == (
        pytest.approx(-100 / 3)
    )
    # No 2015 figure in the 2019 release, and none for 2010 anywhere.
    assert (
        selectors.country_growth(
            peru, Indicator.MIGRANT_STOCK, 2015, 2019, release=releases[Source.DESA_2019]
        )
        is None
    )
    assert selectors.country_change(peru, Indicator.MIGRANT_STOCK, 2010, 2020) is None
    assert selectors.value_of(peru, 2020, Indicator.MIGRANT_STOCK, sex=Sex.FEMALE) == 900


def test_region_total_and_share_of_the_world(world):
    lac = Region.objects.get(code="LAC")

    figure = selectors.region_total(lac, 2020, Indicator.MIGRANT_STOCK)

    assert (figure.total, figure.world, figure.country_count) == (2000, 10_000, 3)
    assert figure.share == 20
    # Without a WORLD row (UNHCR), the world is the sum over every country.
    hosted = selectors.region_total(lac, 2020, Indicator.REFUGEES)
    assert (hosted.total, hosted.world) == (95, 95)
    with pytest.raises(ValueError, match="percentages"):
        selectors.region_total(lac, 2020, Indicator.MIGRANT_SHARE)


def test_top_origins_sum_refugees_and_asylum_seekers(world):
    countries, _ = world

    origins = selectors.top_origins(countries["PER"], 2020)

    assert [(flow.code, flow.value) for flow in origins] == [
        ("VEN", 530),
        ("IND", 60),
        ("COL", 40),
        ("XXA", 5),
    ]
    assert origins[0].country_id == countries["VEN"].pk
    assert origins[3].country_id is None
    assert [flow.code for flow in selectors.top_origins(countries["PER"], 2020, limit=2)] == [
        "VEN",
        "IND",
    ]
    only_refugees = selectors.top_origins(countries["PER"], 2020, indicators=(Indicator.REFUGEES,))
    assert [(flow.code, flow.value) for flow in only_refugees] == [
        ("IND", 60),
        ("VEN", 30),
        ("XXA", 5),
    ]


def test_top_destinations_of_an_origin(world):
    countries, _ = world

    destinations = selectors.top_destinations(countries["VEN"], 2020)

    assert [(flow.code, flow.value) for flow in destinations] == [("COL", 700), ("PER", 530)]
    assert selectors.top_destinations(countries["IND"], 2019)[0].value == 999
