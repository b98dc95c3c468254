"""Property: the actions list in SQL (`mieux.portfolio.action_page`) is the ORM's list.

The SQL is written out for speed (see its docstring); the ORM selectors (`ordered_actions`,
`filter_actions`, `_visibility`) remain what every other page, statistic and export reads. For
any filters, caller, cursor position and page size that Hypothesis draws, over the demo portfolio
(partner institutions, non-public actions) plus a synthetic one (more regions, themes, periods),
both must give the same count, the same rows in the same order, and the same countries and
thematic areas of the rows. Runs on SQLite and again on PostgreSQL.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mieux.accounts.models import User
from mieux.geo.models import Country, Region
from mieux.portfolio.action_page import action_list_links, action_page
from mieux.portfolio.models import Action, ActionStatus
from mieux.portfolio.selectors import ACTION_ROW_FIELDS, PortfolioFilter, ordered_actions
from mieux.portfolio.synthetic import generate_synthetic_portfolio
from mieux.taxonomy.models import ThematicArea
from tests.demo_world import DEMO_USERNAMES, demo_loaded

pytestmark = pytest.mark.django_db

CALLERS = ("anonymous", "partner", "other_partner", "expert", "officer")
PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def portfolio(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Any:
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("media")):
        generate_synthetic_portfolio(actions=300, activities=600, seed=3, load_reference=False)
        # The year filter's edges: one action ending on the first day of 2019, one starting on
        # the last day of 2020, one starting and ending on the same day.
        first, second, third = Action.objects.order_by("id").values_list("id", flat=True)[:3]
        Action.objects.filter(id=first).update(
            start_date=datetime.date(2017, 5, 1), end_date=datetime.date(2019, 1, 1)
        )
        Action.objects.filter(id=second).update(
            start_date=datetime.date(2020, 12, 31), end_date=None
        )
        Action.objects.filter(id=third).update(
            start_date=datetime.date(2021, 6, 1), end_date=datetime.date(2021, 6, 1)
        )
        yield


def _caller(role: str) -> Any:
    if role == "anonymous":
        return AnonymousUser()
    return User.objects.get(username=DEMO_USERNAMES[role])


def _codes() -> dict[str, list[Any]]:
    """The values each filter may take: every one in use (None, no filter, is drawn apart)."""
    return {
        "region": list(Region.objects.values_list("code", flat=True)),
        "country": list(
            Country.objects.filter(actions__isnull=False).distinct().values_list("iso2", flat=True)
        ),
        "theme": list(ThematicArea.objects.values_list("code", flat=True)),
        "status": list(ActionStatus.values),
        "year": list(range(2008, 2031)),
    }


def _action_ids() -> list[int]:
    return list(Action.objects.order_by("id").values_list("id", flat=True))


def _values_of(action: Action) -> dict[str, list[Any]]:
    """Filter values that match `action`."""
    last_year = (action.end_date or datetime.date(2030, 12, 31)).year
    return {
        "region": [action.region.code],
        "country": [country.iso2 for country in action.countries.all()] or [None],
        "theme": [
            action.pillar.code,
            *(area.code for area in action.thematic_areas.all()),
            *(area.parent.code for area in action.thematic_areas.all() if area.parent),
        ],
        "status": [action.status],
        "year": list(range(action.start_date.year, min(last_year, 2030) + 1)),
    }


def _assert_same_list(user: Any, filters: PortfolioFilter) -> None:
    expected = list(ordered_actions(user, filters).values(*ACTION_ROW_FIELDS))
    count, rows = action_page(user, filters, after=None, limit=len(expected) + 1)
    assert count == len(expected), (filters, user)
    assert rows == expected, (filters, user)


def _reference_links(action_ids: list[int]) -> tuple[dict, dict]:
    """The countries and areas of the actions through the models, in their `Meta.ordering`."""
    countries: dict[int, list[tuple[str, ...]]] = {}
    areas: dict[int, list[tuple[str, ...]]] = {}
    for action in Action.objects.filter(id__in=action_ids).prefetch_related(
        "countries", "thematic_areas"
    ):
        for country in sorted(action.countries.all(), key=lambda c: (c.name_en, c.iso2)):
            countries.setdefault(action.id, []).append(
                (country.iso2, country.name_en, country.name_es, country.name_pt, country.name_fr)
            )
        for area in sorted(action.thematic_areas.all(), key=lambda a: (a.sort_order, a.code)):
            areas.setdefault(action.id, []).append(
                (area.code, area.name_en, area.name_es, area.name_pt, area.name_fr)
            )
    return countries, areas


@PROPERTY_SETTINGS
@given(data=st.data())
def test_the_sql_page_is_the_orm_page(portfolio: Any, data: st.DataObject) -> None:
    # Up to three filters, each taking a value of one action (so that the combination matches
    # at least that action) or, one time in four, any value in use.
    action = Action.objects.prefetch_related("countries", "thematic_areas").get(
        id=data.draw(st.sampled_from(_action_ids()), label="action")
    )
    own_values = _values_of(action)
    codes = _codes()
    chosen: dict[str, Any] = {}
    for name in data.draw(st.sets(st.sampled_from(sorted(codes)), max_size=3), label="filters"):
        values = own_values[name] if data.draw(st.integers(0, 3), label="own") else codes[name]
        chosen[name] = data.draw(st.sampled_from(values), label=name)
    filters = PortfolioFilter(**chosen)
    # Validated (the API's way: the region as its id) or not (a sub-select of its code).
    if data.draw(st.booleans(), label="validated"):
        filters = filters.validated()
    user = _caller(data.draw(st.sampled_from(CALLERS), label="caller"))
    expected = list(ordered_actions(user, filters).values(*ACTION_ROW_FIELDS))
    position = data.draw(st.integers(0, len(expected)), label="rows before the cursor")
    limit = data.draw(st.integers(1, 25), label="limit")
    after = None
    if position:
        last = expected[position - 1]
        after = (last["start_date"], last["id"])

    count, rows = action_page(user, filters, after=after, limit=limit)

    assert count == len(expected)
    assert rows == expected[position : position + limit]
    ids = [row["id"] for row in rows]
    links = action_list_links(ids)
    assert (links.countries, links.thematic_areas) == _reference_links(ids)


@pytest.mark.parametrize("role", CALLERS)
def test_each_filter_value_alone_gives_the_orm_list(portfolio: Any, role: str) -> None:
    """Every value of every filter, one at a time, and no filter: the whole list, for each
    caller (the property above draws combinations and cursors)."""
    user = _caller(role)
    _assert_same_list(user, PortfolioFilter())
    for name, values in _codes().items():
        for value in values:
            _assert_same_list(user, PortfolioFilter(**{name: value}).validated())


def test_links_of_every_action_are_the_models(portfolio: Any) -> None:
    ids = list(Action.objects.values_list("id", flat=True))
    links = action_list_links(ids)
    assert (links.countries, links.thematic_areas) == _reference_links(ids)


def test_the_data_holds_every_kind_of_row(portfolio: Any) -> None:
    """What the tests above must exercise: non-public actions a partner sees (and others do
    not), open-ended ones, several countries and areas on one action, countries whose names
    and codes sort differently, and ties on the start date."""
    partner_private = ordered_actions(_caller("partner"), PortfolioFilter()).filter(is_public=False)
    assert partner_private.exists()
    assert (
        not ordered_actions(_caller("other_partner"), PortfolioFilter())
        .filter(id__in=partner_private)
        .exists()
    )
    assert Action.objects.filter(end_date__isnull=True).exists()
    starts = list(Action.objects.values_list("start_date", flat=True))
    assert len(starts) > len(set(starts)), "no two actions start on the same day"
    links = action_list_links(list(Action.objects.values_list("id", flat=True)))
    assert any(len(areas) > 1 for areas in links.thematic_areas.values())
    assert any(
        [code for code, *_names in countries] != sorted(code for code, *_names in countries)
        for countries in links.countries.values()
    ), "no action whose countries sort differently by name and by code"


def test_no_ids_no_query(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        links = action_list_links([])
    assert links.countries == {}
    assert links.thematic_areas == {}
