"""The foundation's acceptance checks, through the public API on the real demo portfolio."""

import pytest
from django.core.management import call_command

BROCHURE_ACTIONS = {"Mexico I", "Mexico II", "Costa Rica I", "Costa Rica II", "IberRed", "Peru III"}


@pytest.fixture
def demo(db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)


def all_items(client, path):
    items, cursor = [], None
    while True:
        response = client.get(path + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200
        body = response.json()
        items += body["items"]
        cursor = body["next"]
        if cursor is None:
            return body["count"], items


def test_the_lac_portfolio_lists_the_brochure_actions(client, demo):
    count, items = all_items(client, "/api/v1/actions?region=LAC&limit=200")

    names = {item["name"] for item in items}
    assert names >= BROCHURE_ACTIONS
    assert count == len(items)


def test_peru_iii_holds_the_orphan_objective_of_the_brochure(client, demo):
    response = client.get("/api/v1/actions/peru-iii")

    assert response.status_code == 200
    objective = response.json()["objective"]
    assert "provincial desks of the Permanent Multilateral Commission" in objective


def test_21_lac_activities_took_place_in_2017(client, demo):
    count, items = all_items(client, "/api/v1/activities?region=LAC&year=2017&limit=200")

    assert count == 21
    assert len(items) == 21
    assert all(item["start_date"].startswith("2017-") for item in items)
