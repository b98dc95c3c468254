"""Matching one activity: hard constraints, the score's parts, their order, the query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mieux.core.errors import DomainError
from mieux.experts.activity_context import load_activity_contexts
from mieux.experts.matching import rank_experts
from mieux.experts.roster_snapshot import RosterSnapshot
from mieux.experts.roster_static import static_roster
from mieux.experts.tests.matching_fixtures import MAY_4, MAY_8, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


CRITERIA = [
    "thematic_fit",
    "language",
    "experience",
    "availability",
    "workload",
    "feedback",
    "country_mix",
]
FEBRUARY = (datetime.date(2026, 2, 2), datetime.date(2026, 2, 8))  # seven days
# The roster's fingerprint, the activity (4), the eligible ids, held deployments, feedback, the
# experts returned, and the names for the explanations (3).
WARM_QUERIES = 12


def names(ranking):
    return [candidate.expert.full_name for candidate in ranking.candidates]


def part(candidate, criterion):
    return next(p for p in candidate.explanation if p.criterion == criterion)


def test_spanish_activity_in_peru_returns_only_available_spanish_speakers(world):
    activity = world.activity()
    world.expert("Fluent", languages={"es": "C1", "en": "native"})
    world.expert("Native", languages={"es": "native"})
    world.expert("Just B2", languages={"es": "B2"})
    world.expert("B1 speaker", languages={"es": "B1", "en": "C2"})
    world.expert("Portuguese only", languages={"pt": "native"})
    away = world.expert("Away", languages={"es": "native"})
    world.unavailable(away, datetime.date(2026, 5, 8), datetime.date(2026, 5, 20))
    busy = world.expert("Busy", languages={"es": "native"})
    world.deploy(busy, world.activity("Cusco visit", MAY_8, datetime.date(2026, 5, 10)))
    tired = world.expert("Tired", languages={"es": "native"}, max_days=10)
    world.deploy(tired, world.activity("February", *FEBRUARY), status="completed")
    world.expert("Deactivated", languages={"es": "native"}, status="deactivated")
    world.expert("No consent", languages={"es": "native"}, consent_given_at=None)
    world.expert(
        "Erased",
        languages={"es": "native"},
        erased_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
    )
    proposed = world.expert("Already proposed", languages={"es": "native"})
    world.deploy(proposed, activity, status="proposed")
    declined = world.expert("Declined", languages={"es": "C2"})
    world.deploy(declined, activity, status="declined")
    # Busy on an activity that does not overlap, within the allowance: still a candidate.
    world.deploy(
        world.expert("Busy in June", languages={"es": "C1"}),
        world.activity("June", datetime.date(2026, 6, 1), datetime.date(2026, 6, 3)),
    )

    with translation.override("en"):
        ranking = rank_experts(activity)

    assert sorted(names(ranking)) == sorted(
        ["Fluent", "Native", "Just B2", "Declined", "Busy in June"]
    )
    assert ranking.count == 5
    for candidate in ranking.candidates:
        assert [p.criterion for p in candidate.explanation] == CRITERIA
        assert candidate.score == pytest.approx(
            round(sum(p.points for p in candidate.explanation), 1)
        )
        assert all(p.detail.endswith(".") for p in candidate.explanation)
        levels = {language.code: language.level for language in candidate.expert.languages.all()}
        assert levels["es"] in {"B2", "C1", "C2", "native"}
    fluent = next(c for c in ranking.candidates if c.expert.full_name == "Fluent")
    assert part(fluent, "language").detail == "Speaks Spanish at C1 (B2 required)."
    assert part(fluent, "availability").detail == (
        "Available from May 4, 2026 to May 8, 2026; 60 of 60 days left in 2026."
    )
    assert (part(fluent, "availability").points, part(fluent, "availability").maximum) == (0, 0)
    in_june = next(c for c in ranking.candidates if c.expert.full_name == "Busy in June")
    assert part(in_june, "availability").detail.endswith("57 of 60 days left in 2026.")


def test_the_minimum_level_is_a_parameter(world):
    activity = world.activity()
    world.expert("B1 speaker", languages={"es": "B1"})
    world.expert("C1 speaker", languages={"es": "C1"})

    assert names(rank_experts(activity, minimum_level="B1")) == ["C1 speaker", "B1 speaker"]
    assert names(rank_experts(activity, minimum_level="C2")) == []
    with pytest.raises(DomainError):
        rank_experts(activity, minimum_level="fluent")


def test_days_left_exactly_enough_is_available(world):
    activity = world.activity()  # five days
    expert = world.expert("Twelve days", max_days=12)
    world.deploy(expert, world.activity("February", *FEBRUARY), status="completed")  # seven

    ranking = rank_experts(activity)

    assert names(ranking) == ["Twelve days"]
    assert part(ranking.candidates[0], "availability").detail.endswith("5 of 12 days left in 2026.")


@pytest.mark.parametrize(
    ("areas", "needs", "expected"),
    [
        # The action needs IMT-THB: exact > its pillar > a sibling > another pillar.
        (("IMT-THB", "IMT", "IMT-SOM", "LM-LAB"), ("IMT-THB",), [30.0, 18.0, 9.0, 0.0]),
        # The action needs only its pillar IMT: the pillar > a specific area under it.
        (("IMT", "IMT-SOM", "LM-LAB"), (), [30.0, 18.0, 0.0]),
    ],
)
def test_thematic_fit_follows_the_taxonomy_hierarchy(world, areas, needs, expected):
    action = world.other_action(*needs)
    activity = world.activity("Session", action=action)
    for area in areas:
        world.expert(area, areas=(area,))

    ranking = rank_experts(activity)

    assert names(ranking) == list(areas)
    assert [part(c, "thematic_fit").points for c in ranking.candidates] == expected


def test_keywords_found_in_the_activity_add_a_bonus(world):
    activity = world.activity("Workshop on victim identification")
    world.expert("Plain")
    world.expert("Keyword", keywords=("victim identification", "border checks"))

    ranking = rank_experts(activity)

    assert names(ranking) == ["Keyword", "Plain"]
    keyword = part(ranking.candidates[0], "thematic_fit")
    assert keyword.points == 32.5
    assert keyword.detail == (
        "Expertise in Trafficking in human beings, which the action addresses. "
        "Keywords found in the activity: victim identification."
    )


def test_experience_in_the_country_beats_the_region(world):
    activity = world.activity()
    world.expert("Nowhere")
    world.expert("Mexico", countries=("MX",))
    world.expert("Peru", countries=("PE",))
    world.expert("Region", regions=(world.lac,))

    ranking = rank_experts(activity)

    assert names(ranking) == ["Peru", "Mexico", "Region", "Nowhere"]
    assert [part(c, "experience").points for c in ranking.candidates] == [15, 8, 8, 0]
    assert part(ranking.candidates[0], "experience").detail == "Has experience in Peru."


def test_a_heavier_recent_workload_lowers_the_score(world):
    activity = world.activity()
    rested = world.expert("Rested")
    worked = world.expert("Worked")
    world.deploy(worked, world.activity("February", *FEBRUARY), status="completed")
    assert rested.pk < worked.pk

    ranking = rank_experts(activity)

    assert names(ranking) == ["Rested", "Worked"]
    assert part(ranking.candidates[1], "workload").points == pytest.approx(15 * (1 - 7 / 60), 0.01)


def test_partner_feedback_moves_the_order_and_no_feedback_is_neutral(world):
    activity = world.activity()
    praised = world.expert("Praised")
    criticised = world.expert("Criticised")
    world.expert("New")
    for expert, score in ((praised, 5), (criticised, 1)):
        past = world.activity(f"Past {expert}", *FEBRUARY)
        world.deploy(expert, past, status="completed")
        world.feedback(past, score)
        world.feedback(past, 1, source="expert")  # expert feedback does not count
    # Same workload for all three.
    world.deploy(world.expert("Filler", languages={"pt": "C1"}), world.activity("Other", *FEBRUARY))
    new = world.expert("New too")
    world.deploy(new, world.activity("Past new", *FEBRUARY), status="completed")

    ranking = rank_experts(activity)

    assert names(ranking)[:1] == ["Praised"]
    assert names(ranking)[-1] == "Criticised"
    by_name = {c.expert.full_name: part(c, "feedback") for c in ranking.candidates}
    assert (by_name["Praised"].points, by_name["New too"].points) == (10, 5)
    assert by_name["Criticised"].points == 0
    assert by_name["New too"].detail == "No partner feedback yet: a neutral 5 of 10 points."


def test_an_expert_from_a_country_not_yet_on_the_team_comes_first(world):
    activity = world.activity()
    world.deploy(world.expert("On the team", home="ES"), activity, status="invited")
    world.expert("Spanish", home="ES")
    world.expert("French", home="FR")

    ranking = rank_experts(activity)

    assert names(ranking) == ["French", "Spanish"]
    assert [part(c, "country_mix").points for c in ranking.candidates] == [10, 0]
    assert part(ranking.candidates[1], "country_mix").detail == (
        "The team already has an expert from Spain."
    )


def test_ties_are_broken_by_expert_id_and_limit_cuts(world):
    activity = world.activity()
    experts = [world.expert(f"Same {i}") for i in range(4)]

    ranking = rank_experts(activity, limit=2)

    assert ranking.count == 4
    assert [c.expert.pk for c in ranking.candidates] == [experts[0].pk, experts[1].pk]
    assert len(rank_experts(activity, limit=None).candidates) == 4


def test_explanations_are_translated(world):
    activity = world.activity()
    world.expert("Fluent", languages={"es": "C1"})

    with translation.override("es"):
        ranking = rank_experts(activity)

    assert "español" in part(ranking.candidates[0], "language").detail.lower()


def test_sql_constraints_and_snapshot_agree(world):
    """The SQL prefilter of ranking and the snapshot used by planning select the same experts."""
    activity = world.activity()
    world.expert("Fluent")
    world.expert("B1", languages={"es": "B1"})
    away = world.expert("Away")
    world.unavailable(away, MAY_4, MAY_4)
    busy = world.expert("Busy")
    world.deploy(busy, world.activity("Overlap", MAY_8, MAY_8))
    tired = world.expert("Tired", max_days=8)
    world.deploy(tired, world.activity("February", *FEBRUARY), status="completed")
    world.deploy(world.expert("Proposed"), activity, status="proposed")
    world.expert("Unlimited", max_days=None)

    context = load_activity_contexts([activity.pk])[activity.pk]
    snapshot = RosterSnapshot.load(static_roster(), start=MAY_4, end=MAY_8)
    evaluation = snapshot.evaluate(context)
    from_snapshot = {int(i) for i in snapshot.expert_ids[evaluation.eligible]}

    assert from_snapshot == {c.expert.pk for c in rank_experts(activity).candidates}
    assert len(from_snapshot) == 2


def test_query_count_does_not_grow_with_the_roster(world):
    activity = world.activity()

    def add(count):
        for i in range(count):
            expert = world.expert(
                f"Expert {i}", countries=("PE",), keywords=("victims",), regions=(world.lac,)
            )
            world.deploy(expert, world.activity(f"Past {i}", *FEBRUARY), status="completed")
            world.feedback(expert.deployments.get().activity, 4)

    add(2)
    with CaptureQueriesContext(connection) as few:
        small = rank_experts(activity)
    add(12)
    with CaptureQueriesContext(connection) as many:
        large = rank_experts(activity)

    with CaptureQueriesContext(connection) as warm:
        rank_experts(activity)

    assert (small.count, large.count) == (2, 14)
    # Both calls above reload the cached static roster (the roster changed): 7 more queries.
    assert len(many.captured_queries) == len(few.captured_queries) == WARM_QUERIES + 7
    assert len(warm.captured_queries) == WARM_QUERIES
