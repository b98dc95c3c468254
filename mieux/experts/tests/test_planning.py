"""Planning many activities: team size, overlapping dates, days per year, exact versus greedy."""

import datetime
import itertools

import pytest

from mieux.experts.matching import rank_experts
from mieux.experts.planning import _cliques, plan_activities
from mieux.experts.tests.matching_fixtures import MAY_4, MAY_8, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


JUNE = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 5))


def pairs(plan):
    return {(a.activity_id, a.expert_id) for a in plan.assignments}


def test_team_size_counts_the_deployments_already_there(world):
    activity = world.activity(experts_needed=2)
    invited = world.expert("Invited")
    world.deploy(invited, activity, status="invited")
    best = world.expert("Best", countries=("PE",))
    world.expert("Good")

    comparison = plan_activities([activity])

    for plan in (comparison.exact, comparison.greedy):
        assert pairs(plan) == {(activity.pk, best.pk)}
    assert comparison.exact.optimal


def test_no_expert_on_two_overlapping_activities(world):
    lima = world.activity("Lima", MAY_4, MAY_8, experts_needed=1)
    cusco = world.activity("Cusco", MAY_8, datetime.date(2026, 5, 9), experts_needed=1)
    june = world.activity("June", *JUNE, experts_needed=1)
    star = world.expert("Star", languages={"es": "native"})

    comparison = plan_activities([lima, cusco, june])

    for plan in (comparison.exact, comparison.greedy):
        activities = [a.activity_id for a in plan.assignments if a.expert_id == star.pk]
        assert len(activities) == 2
        assert june.pk in activities


def test_days_per_year_limit_the_plan(world):
    lima = world.activity("Lima", MAY_4, MAY_8, experts_needed=1)  # five days
    june = world.activity("June", *JUNE, experts_needed=1)  # five days
    autumn = world.activity(
        "Autumn", datetime.date(2026, 10, 1), datetime.date(2026, 10, 1), experts_needed=1
    )
    world.expert("Eleven days", max_days=11)

    comparison = plan_activities([lima, june, autumn])

    for plan in (comparison.exact, comparison.greedy):
        days = sum({lima.pk: 5, june.pk: 5, autumn.pk: 1}[a.activity_id] for a in plan.assignments)
        assert days <= 11
    assert len(comparison.exact.assignments) == 3 - 1 + 1  # two five-day ones and the one-day


def test_held_deployments_and_allowance_used_count_in_the_plan(world):
    lima = world.activity("Lima", MAY_4, MAY_8, experts_needed=1)
    june = world.activity("June", *JUNE, experts_needed=1)
    expert = world.expert("Ten days", max_days=10)
    world.deploy(
        expert,
        world.activity("February", datetime.date(2026, 2, 2), datetime.date(2026, 2, 6)),
        status="completed",
    )

    comparison = plan_activities([lima, june])

    assert len(comparison.exact.assignments) == 1


def brute_force(activities, fits, days_left):
    """The best total over every subset of candidate pairs that respects the constraints."""
    candidates = list(fits)
    best = 0.0
    for size in range(len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            per_activity = {}
            per_expert = {}
            feasible = True
            for activity, expert in chosen:
                per_activity[activity] = per_activity.get(activity, 0) + 1
                per_expert.setdefault(expert, []).append(activity)
            for activity, count in per_activity.items():
                feasible &= count <= activity.experts_needed
            for expert, taken in per_expert.items():
                for a, b in itertools.combinations(taken, 2):
                    feasible &= a.end_date < b.start_date or b.end_date < a.start_date
                feasible &= sum(a.days for a in taken) <= days_left[expert]
            if feasible:
                best = max(best, sum(fits[pair] for pair in chosen))
    return round(best, 1)


def test_cp_sat_finds_the_optimum_where_greedy_does_not(world):
    # Two overlapping activities, one place each. The versatile expert fits the first best,
    # which greedy takes; the specialist then only fits the second badly.
    first = world.activity("Workshop on victim identification", MAY_4, MAY_8, experts_needed=1)
    labour = world.other_action("LM-LAB", pillar="LM")
    second = world.activity("Labour session", MAY_4, MAY_8, experts_needed=1, action=labour)
    versatile = world.expert(
        "Versatile",
        languages={"es": "native"},
        areas=("IMT-THB", "LM-LAB"),
        keywords=("victim identification",),
    )
    specialist = world.expert("Specialist", languages={"es": "B2"}, areas=("IMT-THB",))
    activities = [first, second]
    fits = {
        (activity, candidate.expert): candidate.score
        for activity in activities
        for candidate in rank_experts(activity, limit=None).candidates
    }

    comparison = plan_activities(activities)

    optimum = brute_force(activities, fits, {versatile: 60, specialist: 60})
    assert comparison.exact.total_fit == optimum
    assert comparison.exact.optimal
    assert comparison.exact.bound == pytest.approx(optimum)
    assert pairs(comparison.exact) == {(second.pk, versatile.pk), (first.pk, specialist.pk)}
    assert pairs(comparison.greedy) == {(first.pk, versatile.pk), (second.pk, specialist.pk)}
    assert comparison.greedy.total_fit < comparison.exact.total_fit
    assert comparison.greedy_gap_percent > 0
    assert comparison.upper_bound >= comparison.exact.total_fit


def test_cp_sat_matches_brute_force_on_a_mixed_instance(world):
    activities = [
        world.activity("Lima", MAY_4, MAY_8, experts_needed=2),
        world.activity("Cusco", datetime.date(2026, 5, 7), datetime.date(2026, 5, 9)),
        world.activity("June", *JUNE, experts_needed=1),
    ]
    experts = [
        world.expert("A", languages={"es": "native"}, countries=("PE",), max_days=8),
        world.expert("B", languages={"es": "C1"}, home="FR"),
        world.expert("C", languages={"es": "B2"}, areas=("IMT",), home="PT", max_days=6),
    ]
    fits = {
        (activity, candidate.expert): candidate.score
        for activity in activities
        for candidate in rank_experts(activity, limit=None).candidates
    }

    comparison = plan_activities(activities)

    optimum = brute_force(activities, fits, {e: e.max_days_per_year for e in experts})
    assert comparison.exact.total_fit == optimum
    assert comparison.exact.total_fit >= comparison.greedy.total_fit
    assert comparison.exact.total_fit <= comparison.upper_bound


def test_no_activities_gives_empty_plans(world):
    comparison = plan_activities([])

    assert comparison.exact.assignments == comparison.greedy.assignments == []


def test_cliques_are_the_maximal_overlapping_sets():
    intervals = [(1, 5, 0), (2, 3, 1), (4, 8, 2), (6, 7, 3), (9, 9, 4)]

    assert sorted(map(sorted, _cliques(intervals))) == [[0, 1], [0, 2], [2, 3]]
