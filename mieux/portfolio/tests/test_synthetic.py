"""The synthetic portfolio generator and `mieux generate_synthetic`."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import base as management_base
from django.core.management import call_command
from django.core.management.base import CommandError

from mieux.geo.models import Region
from mieux.portfolio.management.commands.generate_synthetic import (
    Command as GenerateSyntheticCommand,
)
from mieux.portfolio.models import Action, ActionStatus, Activity, ActivityStatus
from mieux.portfolio.synthetic import (
    SyntheticDataError,
    clear_synthetic_portfolio,
    generate_synthetic_portfolio,
    roman,
)
from mieux.taxonomy.models import ThematicArea

TODAY = datetime.date(2026, 11, 28)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data():
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())


def snapshot() -> list[tuple]:
    """Everything generated, without database ids."""
    actions = [
        (
            a.slug,
            a.name,
            a.region.code,
            a.pillar.code,
            a.status,
            a.start_date,
            a.end_date,
            a.is_public,
            tuple(sorted(c.iso2 for c in a.countries.all())),
            tuple(sorted(t.code for t in a.thematic_areas.all())),
            tuple(
                (x.activity_type.code, x.start_date, x.end_date, x.status, x.participants_total)
                for x in a.activities.order_by("start_date", "id")
            ),
        )
        for a in Action.objects.order_by("slug").prefetch_related(
            "countries", "thematic_areas", "activities__activity_type"
        )
    ]
    return actions


def test_generates_exactly_the_counts_asked(reference_data):
    result = generate_synthetic_portfolio(actions=20, activities=150, seed=1, today=TODAY)

    assert (result.actions, result.activities) == (20, 150)
    assert Action.objects.count() == 20
    assert Activity.objects.count() == 150


def test_everything_generated_is_marked_synthetic(reference_data):
    generate_synthetic_portfolio(actions=20, activities=150, seed=1, today=TODAY)

    for action in Action.objects.all():
        assert action.slug.startswith("synthetic-")
        assert action.name.startswith("Synthetic ")
        assert action.source_note == "synthetic"
    assert set(Activity.objects.values_list("source_note", flat=True)) == {"synthetic"}


def test_activities_lie_within_their_action_period(reference_data):
    generate_synthetic_portfolio(actions=20, activities=150, seed=2, today=TODAY)

    for activity in Activity.objects.select_related("action"):
        action = activity.action
        assert action.start_date <= activity.start_date <= activity.end_date
        if action.end_date is not None:
            assert activity.end_date <= action.end_date


def test_first_activity_of_each_action_is_an_assessment_mission(reference_data):
    generate_synthetic_portfolio(actions=20, activities=150, seed=3, today=TODAY)

    for action in Action.objects.all():
        first = action.activities.order_by("start_date", "id").first()
        if first is not None:
            assert first.activity_type.code == "assessment_mission"


def test_statuses_follow_the_dates(reference_data):
    generate_synthetic_portfolio(actions=200, activities=1400, seed=4, today=TODAY)

    for action in Action.objects.all():
        if action.status == ActionStatus.PLANNED:
            assert action.start_date > TODAY
        elif action.status == ActionStatus.COMPLETED:
            assert action.end_date is not None
            assert action.end_date < TODAY
        elif action.status == ActionStatus.ONGOING:
            assert action.start_date <= TODAY
            assert action.end_date is None or action.end_date >= TODAY
    for activity in Activity.objects.all():
        if activity.status == ActivityStatus.DELIVERED:
            assert activity.end_date < TODAY
        elif activity.status == ActivityStatus.PLANNED:
            assert activity.end_date >= TODAY
        if activity.participants_total is not None:
            assert activity.status == ActivityStatus.DELIVERED
            assert activity.participants_female + activity.participants_male == (
                activity.participants_total
            )
    statuses = Counter(Action.objects.values_list("status", flat=True))
    assert statuses[ActionStatus.COMPLETED] > statuses[ActionStatus.ONGOING] > 0


def test_countries_belong_to_the_action_region_and_are_eligible(reference_data):
    generate_synthetic_portfolio(actions=60, activities=300, seed=5, today=TODAY)

    for action in Action.objects.prefetch_related("countries"):
        assert action.countries.count() >= 1
        for country in action.countries.all():
            assert country.region_id == action.region_id
            assert country.is_oda_eligible


def test_every_action_has_one_pillar_and_one_to_four_of_its_areas(reference_data):
    generate_synthetic_portfolio(actions=60, activities=300, seed=6, today=TODAY)

    horizontal = ThematicArea.objects.get(code="HO")
    for action in Action.objects.select_related("pillar").prefetch_related("thematic_areas"):
        areas = list(action.thematic_areas.all())
        assert action.pillar.parent_id is None
        assert 1 <= len(areas) <= 4
        assert any(a.parent_id == action.pillar_id for a in areas)
        assert all(a.parent_id in (action.pillar_id, horizontal.id) for a in areas)


def test_distributions_are_plausible_at_scale(reference_data):
    generate_synthetic_portfolio(actions=1000, activities=7000, seed=7, today=TODAY)

    regions = Counter(Action.objects.values_list("region__code", flat=True))
    assert 330 <= regions["AFR"] <= 470
    assert regions["AFR"] > regions["LAC"] > regions["ASI"] > regions["ENI"]
    pillars = Counter(Action.objects.values_list("pillar__code", flat=True))
    assert pillars.most_common(1)[0][0] == "IMT"
    years = Counter(a.start_date.year for a in Action.objects.all())
    assert min(years) >= 2009
    assert max(years) <= 2026
    assert years[2024] > years[2010]
    for action in Action.objects.exclude(status=ActionStatus.CANCELLED).exclude(end_date=None):
        months = (action.end_date - action.start_date).days / 30.44
        assert 4.9 <= months <= 60.1


def test_same_seed_gives_the_same_portfolio(reference_data):
    generate_synthetic_portfolio(actions=20, activities=150, seed=11, today=TODAY)
    first = snapshot()
    clear_synthetic_portfolio()

    generate_synthetic_portfolio(actions=20, activities=150, seed=11, today=TODAY)

    assert snapshot() == first
    clear_synthetic_portfolio()
    generate_synthetic_portfolio(actions=20, activities=150, seed=12, today=TODAY)
    assert snapshot() != first


def test_names_are_country_and_roman_numeral(reference_data):
    generate_synthetic_portfolio(actions=300, activities=300, seed=8, today=TODAY)

    names = list(Action.objects.values_list("name", flat=True))
    assert len(set(Action.objects.values_list("slug", flat=True))) == 300
    assert any(name.endswith(" II") for name in names)
    assert roman(14) == "XIV"
    assert roman(2026) == "MMXXVI"


def test_adding_to_an_existing_synthetic_portfolio_keeps_slugs_unique(reference_data):
    generate_synthetic_portfolio(actions=10, activities=20, seed=1, today=TODAY)

    generate_synthetic_portfolio(actions=10, activities=20, seed=1, today=TODAY)

    assert Action.objects.count() == 20
    assert Activity.objects.count() == 40


def test_clear_deletes_only_synthetic_rows(reference_data):
    generate_synthetic_portfolio(actions=5, activities=30, seed=1, today=TODAY)
    real = Action.objects.create(
        slug="peru-iii",
        name="Peru III",
        region=Region.objects.get(code="LAC"),
        pillar=ThematicArea.objects.get(code="IMT"),
        start_date=datetime.date(2016, 1, 1),
    )

    deleted = clear_synthetic_portfolio()

    assert deleted == (5, 30)
    assert list(Action.objects.all()) == [real]
    assert Activity.objects.count() == 0


def test_command_generates_and_reports(reference_data):
    out = io.StringIO()

    call_command("generate_synthetic", actions=20, activities=150, seed=3, stdout=out)

    assert Activity.objects.count() == 150
    assert "20/20 actions, 150/150 activities (100%)" in out.getvalue()
    assert "Created 20 synthetic actions and 150 activities" in out.getvalue()


def test_command_clear_replaces_the_previous_portfolio(reference_data):
    call_command("generate_synthetic", actions=20, activities=150, stdout=io.StringIO())

    call_command("generate_synthetic", actions=4, activities=10, clear=True, stdout=io.StringIO())

    assert (Action.objects.count(), Activity.objects.count()) == (4, 10)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"actions": -1, "activities": 10}, "--actions must be zero or more, not -1."),
        ({"actions": 5, "activities": -3}, "--activities must be zero or more, not -3."),
        (
            {"actions": 0, "activities": 5},
            "5 activities need at least one action: give --actions 1 or more.",
        ),
    ],
)
def test_command_refuses_bad_counts_and_creates_nothing(reference_data, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("generate_synthetic", stdout=io.StringIO(), **arguments)

    assert str(error.value) == message
    assert Action.objects.count() == 0
    assert Activity.objects.count() == 0


def test_command_line_error_is_one_readable_line_and_exit_status_1(
    reference_data, capsys, monkeypatch
):
    command = GenerateSyntheticCommand()
    # run_from_argv closes every connection when done, which would end the test's transaction.
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["mieux", "generate_synthetic", "--actions", "-2", "--skip-checks"])

    assert exit_info.value.code == 1
    assert capsys.readouterr().err == "CommandError: --actions must be zero or more, not -2.\n"
    assert Action.objects.count() == 0


def test_without_reference_data_fails_clearly():
    with pytest.raises(SyntheticDataError) as error:
        generate_synthetic_portfolio(actions=2, activities=4, load_reference=False)

    assert "Reference data is missing" in error.value.message
    assert Action.objects.count() == 0
