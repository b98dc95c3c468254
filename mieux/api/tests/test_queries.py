"""Each endpoint runs a fixed number of queries, however many rows it returns."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mieux.api.tests import factories
from mieux.api.tests.conftest import World

pytestmark = pytest.mark.django_db

ALL = {"limit": "200"}
FILTERS = {
    **ALL,
    "region": "LAC",
    "country": "PE",
    "theme": "IMT",
    "status": "ongoing",
    "year": "2019",
}

# (url, params, queries): the queries are the filters' existence checks (region, country, theme and
# the theme's specific areas), COUNT, the page SELECT and one query per prefetched relation.
ENDPOINTS = [
    ("/api/v1/actions", ALL, 3),  # count, page, countries and thematic areas in one
    ("/api/v1/actions", FILTERS, 7),
    ("/api/v1/activities", ALL, 2),
    ("/api/v1/activities", FILTERS, 6),
    ("/api/v1/outputs", ALL, 2),
    ("/api/v1/outputs", FILTERS, 6),
    ("/api/v1/actions/peru-iii", {}, 16),  # the action + 15 prefetched relations
    ("/api/v1/regions", {}, 1),
    ("/api/v1/countries", {}, 2),
    ("/api/v1/countries", {"region": "LAC", "grouping": "CAN"}, 4),
    ("/api/v1/countries/PE", {}, 2),
    ("/api/v1/groupings", {}, 2),
    ("/api/v1/thematic-areas", {}, 2),
    ("/api/v1/thematic-areas/IMT", {}, 2),
    ("/api/v1/gcm-objectives", {}, 1),
    ("/api/v1/sectors", {}, 1),
    ("/api/v1/activity-types", {}, 1),
    ("/api/v1/output-types", {}, 1),
]


def grow(world: World) -> None:
    """Many more rows of every kind, all matching FILTERS."""
    for number in range(15):
        country = factories.CountryFactory.create(region=world.lac)
        grouping = factories.GroupingFactory.create(region=world.lac)
        grouping.members.set([country, world.peru])
        area = factories.ThematicAreaFactory.create(parent=world.imt, sort_order=100 + number)
        action = factories.ActionFactory.create(
            region=world.lac,
            pillar=world.imt,
            start_date=datetime.date(2018, 1, 1),
            countries=[world.peru, country],
            thematic_areas=[world.imt_thb, area],
        )
        factories.ActivityFactory.create(
            action=action, start_date=datetime.date(2019, 5, 1), country=country
        )
        factories.OutputFactory.create(action=action)
        factories.ActivityFactory.create(action=world.peru_iii, country=country)
        factories.OutputFactory.create(action=world.peru_iii)
        factories.MeasurementFactory.create(
            indicator=factories.ResultIndicatorFactory.create(action=world.peru_iii)
        )
        factories.GCMObjectiveFactory.create(number=number + 1)
    world.peru_iii.partner_institutions.add(
        *[factories.InstitutionFactory.create(country=world.peru) for _ in range(5)]
    )


def count_queries(client: Client, url: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(
            url,
            query_params={**params, "limit": "200"}
            if ("/api/v1/a" in url and not url.endswith("iii")) or "outputs" in url
            else params,
        )
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


@pytest.mark.parametrize(("url", "params", "queries"), ENDPOINTS)
def test_query_count_does_not_grow_with_rows(
    world: World, url: str, params: dict[str, str], queries: int, django_assert_max_num_queries
) -> None:
    client = Client()
    before = count_queries(client, url, params)
    grow(world)

    with django_assert_max_num_queries(queries):
        after = count_queries(client, url, params)

    assert after == before == queries


def test_token_and_session_callers_add_a_fixed_number_of_queries(
    world: World, token_client: Client, staff_client: Client
) -> None:
    anonymous = count_queries(Client(), "/api/v1/actions", ALL)
    grow(world)

    with_token = count_queries(token_client, "/api/v1/actions", ALL)
    with_token_again = count_queries(token_client, "/api/v1/actions", ALL)
    with_session = count_queries(staff_client, "/api/v1/actions", ALL)

    assert with_token == anonymous + 2  # token lookup (with its user) + last_used_at update
    assert with_token_again == anonymous + 1  # last_used_at is fresh: no update
    assert with_session == anonymous + 2  # session + user
