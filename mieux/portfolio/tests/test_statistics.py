"""Aggregate reads of the portfolio: activities per year by theme."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from mieux.geo.models import Country, Region
from mieux.portfolio.models import Action, ActionStatus, Activity
from mieux.portfolio.selectors import PortfolioFilter
from mieux.portfolio.statistics import activities_per_year_by_theme
from mieux.taxonomy.models import ActivityType, ThematicArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    """Three actions: LAC/IMT public, AFR/LM public, LAC/IMT not public; 9 activities."""
    lac = Region.objects.create(code="LAC", name_en="Latin America & the Caribbean")
    afr = Region.objects.create(code="AFR", name_en="Africa")
    peru = Country.objects.create(iso2="PE", iso3="PER", numeric="604", name_en="Peru", region=lac)
    ghana = Country.objects.create(
        iso2="GH", iso3="GHA", numeric="288", name_en="Ghana", region=afr
    )
    imt = ThematicArea.objects.create(code="IMT", name_en="Irregular migration")
    trafficking = ThematicArea.objects.create(code="IMT-THB", name_en="Trafficking", parent=imt)
    labour_pillar = ThematicArea.objects.create(code="LM", name_en="Legal migration")
    labour = ThematicArea.objects.create(code="LM-LAB", name_en="Labour", parent=labour_pillar)
    workshop = ActivityType.objects.create(code="workshop", name_en="Workshop")

    def action(slug, region, pillar, area, country, is_public, starts):
        created = Action.objects.create(
            slug=slug,
            name=slug,
            region=region,
            pillar=pillar,
            status=ActionStatus.COMPLETED,
            start_date=datetime.date(2016, 1, 1),
            end_date=datetime.date(2020, 12, 31),
            is_public=is_public,
        )
        created.countries.add(country)
        created.thematic_areas.add(area)
        for day in starts:
            Activity.objects.create(
                action=created,
                activity_type=workshop,
                title=f"{slug} {day}",
                start_date=day,
                end_date=day,
            )
        return created

    action(
        "peru-iii",
        lac,
        imt,
        trafficking,
        peru,
        True,
        [datetime.date(2016, 3, 1), datetime.date(2016, 12, 31), datetime.date(2017, 1, 1)],
    )
    action(
        "ghana-i",
        afr,
        labour_pillar,
        labour,
        ghana,
        True,
        [datetime.date(2016, 5, 5), datetime.date(2017, 6, 1), datetime.date(2017, 7, 1)],
    )
    action(
        "peru-iv",
        lac,
        imt,
        trafficking,
        peru,
        False,
        [datetime.date(2017, 2, 2), datetime.date(2018, 1, 1), datetime.date(2018, 2, 1)],
    )


def test_counts_public_activities_per_year_and_pillar(portfolio):
    rows = activities_per_year_by_theme(AnonymousUser(), PortfolioFilter())

    assert rows == [
        {"year": 2016, "theme": "IMT", "count": 2},
        {"year": 2016, "theme": "LM", "count": 1},
        {"year": 2017, "theme": "IMT", "count": 1},
        {"year": 2017, "theme": "LM", "count": 2},
    ]


def test_staff_also_count_non_public_actions(portfolio):
    staff = get_user_model().objects.create_user(username="officer", is_staff=True)

    rows = activities_per_year_by_theme(staff, PortfolioFilter())

    assert rows == [
        {"year": 2016, "theme": "IMT", "count": 2},
        {"year": 2016, "theme": "LM", "count": 1},
        {"year": 2017, "theme": "IMT", "count": 2},
        {"year": 2017, "theme": "LM", "count": 2},
        {"year": 2018, "theme": "IMT", "count": 2},
    ]


def test_filters_mean_what_they_mean_for_the_activity_list(portfolio):
    anonymous = AnonymousUser()

    by_region = activities_per_year_by_theme(anonymous, PortfolioFilter(region="afr"))
    by_country = activities_per_year_by_theme(anonymous, PortfolioFilter(country="PE"))
    by_theme = activities_per_year_by_theme(anonymous, PortfolioFilter(theme="IMT"))
    by_year = activities_per_year_by_theme(anonymous, PortfolioFilter(year=2017))

    assert by_region == [
        {"year": 2016, "theme": "LM", "count": 1},
        {"year": 2017, "theme": "LM", "count": 2},
    ]
    assert by_country == [
        {"year": 2016, "theme": "IMT", "count": 2},
        {"year": 2017, "theme": "IMT", "count": 1},
    ]
    assert by_theme == by_country
    assert by_year == [
        {"year": 2017, "theme": "IMT", "count": 1},
        {"year": 2017, "theme": "LM", "count": 2},
    ]


def test_empty_portfolio_gives_no_rows():
    assert activities_per_year_by_theme(AnonymousUser(), PortfolioFilter()) == []


def test_one_query(portfolio, django_assert_num_queries):
    with django_assert_num_queries(1):
        activities_per_year_by_theme(AnonymousUser(), PortfolioFilter(region="LAC"))
