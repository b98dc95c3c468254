"""The cached static roster: every kind of change to an expert's static data is seen at once.

Each test ranks once (filling the cache), changes one thing the way the code (or a careless
queryset `.update()`) would, and ranks again: the second ranking must reflect the change.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mieux.experts.matching import rank_experts
from mieux.experts.models import Expert, ExpertLanguage, ExpertStatus
from mieux.experts.roster_static import roster_fingerprint, static_roster
from mieux.experts.tests.matching_fixtures import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def ranked(activity):
    return {c.expert.full_name: c for c in rank_experts(activity, limit=None).candidates}


def points(activity, name, criterion):
    candidate = ranked(activity)[name]
    return next(p.points for p in candidate.explanation if p.criterion == criterion)


def test_an_unchanged_roster_is_read_once(world):
    activity = world.activity()
    world.expert("Fluent")
    rank_experts(activity)

    with CaptureQueriesContext(connection) as queries:
        first, second = static_roster(), static_roster()

    assert first is second
    assert len(queries.captured_queries) == 2  # the fingerprint, twice; nothing reloaded


def test_a_new_expert_is_ranked(world):
    activity = world.activity()
    world.expert("First")
    assert set(ranked(activity)) == {"First"}

    world.expert("Second")

    assert set(ranked(activity)) == {"First", "Second"}


def test_a_profile_field_saved_is_seen(world):
    activity = world.activity("Workshop on victim identification")
    expert = world.expert("Expert")
    assert points(activity, "Expert", "thematic_fit") == 30

    expert.keywords = ["victim identification"]
    expert.save()

    assert points(activity, "Expert", "thematic_fit") == 32.5


def test_a_lower_yearly_allowance_saved_is_seen(world):
    activity = world.activity()  # five days
    expert = world.expert("Expert", max_days=60)
    assert set(ranked(activity)) == {"Expert"}

    expert.max_days_per_year = 4
    expert.save()

    assert ranked(activity) == {}


def test_a_language_added_and_removed_is_seen(world):
    activity = world.activity(language="pt")
    expert = world.expert("Expert", languages={"es": "C1"})
    assert ranked(activity) == {}

    ExpertLanguage.objects.create(expert=expert, code="pt", level="C2")
    assert points(activity, "Expert", "language") == 13

    ExpertLanguage.objects.filter(expert=expert, code="pt").delete()
    assert ranked(activity) == {}


def test_a_level_changed_in_place_is_seen(world):
    activity = world.activity()
    expert = world.expert("Expert", languages={"es": "C1"})
    assert points(activity, "Expert", "language") == 11

    # A queryset update keeps the row's id and touches neither the expert nor a timestamp.
    ExpertLanguage.objects.filter(expert=expert, code="es").update(level="native")

    assert points(activity, "Expert", "language") == 15


def test_changed_thematic_areas_are_seen(world):
    activity = world.activity()  # the action needs IMT-THB
    expert = world.expert("Expert", areas=("IMT-THB",))
    assert points(activity, "Expert", "thematic_fit") == 30

    expert.thematic_areas.set([world.areas["LM-LAB"]])

    assert points(activity, "Expert", "thematic_fit") == 0


def test_changed_countries_of_experience_are_seen(world):
    activity = world.activity()  # in Peru
    expert = world.expert("Expert", countries=("MX",))
    assert points(activity, "Expert", "experience") == 8

    expert.countries_of_experience.set([world.countries["PE"]])
    assert points(activity, "Expert", "experience") == 15

    expert.countries_of_experience.clear()
    assert points(activity, "Expert", "experience") == 0


def test_changed_regions_of_experience_are_seen(world):
    activity = world.activity()
    expert = world.expert("Expert")
    assert points(activity, "Expert", "experience") == 0

    expert.regions_of_experience.add(world.lac)
    assert points(activity, "Expert", "experience") == 8

    expert.regions_of_experience.remove(world.lac)
    assert points(activity, "Expert", "experience") == 0


@pytest.mark.parametrize(
    "change",
    [
        {"status": ExpertStatus.DEACTIVATED},
        {"consent_given_at": None},
        {"erased_at": datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)},
    ],
)
@pytest.mark.parametrize("how", ["save", "update"])
def test_an_expert_who_can_no_longer_be_deployed_is_dropped(world, change, how):
    activity = world.activity()
    expert = world.expert("Leaving")
    world.expert("Staying")
    assert set(ranked(activity)) == {"Leaving", "Staying"}

    if how == "save":
        for name, value in change.items():
            setattr(expert, name, value)
        expert.save()
    else:  # a queryset update bypasses `updated_at`
        Expert.objects.filter(pk=expert.pk).update(**change)

    assert set(ranked(activity)) == {"Staying"}


def test_a_reactivated_expert_comes_back(world):
    activity = world.activity()
    world.expert("Returning", status=ExpertStatus.DEACTIVATED)
    assert ranked(activity) == {}

    Expert.objects.filter(full_name="Returning").update(status=ExpertStatus.ACTIVE)

    assert set(ranked(activity)) == {"Returning"}


def test_an_institution_moved_to_another_country_is_seen(world):
    activity = world.activity()
    world.deploy(world.expert("On the team", home="ES"), activity, status="invited")
    world.expert("Candidate", home="FR")
    assert points(activity, "Candidate", "country_mix") == 10

    type(world.institutions["FR"]).objects.filter(pk=world.institutions["FR"].pk).update(
        country=world.countries["ES"]
    )

    assert points(activity, "Candidate", "country_mix") == 0


def test_every_kind_of_change_changes_the_fingerprint(world):
    """Each change must change the fingerprint from the one before it (the key of what the cache
    holds). Undoing a change may bring back an earlier fingerprint: the data is then that of
    the earlier state too."""
    expert = world.expert("Expert")
    last = [roster_fingerprint()]

    def changed():
        fingerprint = roster_fingerprint()
        assert fingerprint != last[0]
        last[0] = fingerprint

    world.expert("Another")
    changed()
    expert.biography = "New."
    expert.save()
    changed()
    ExpertLanguage.objects.filter(expert=expert).update(level="B2")
    changed()
    ExpertLanguage.objects.create(expert=expert, code="fr", level="A1")
    changed()
    ExpertLanguage.objects.filter(expert=expert, code="fr").delete()
    changed()
    expert.thematic_areas.add(world.areas["IMT"])
    changed()
    expert.thematic_areas.remove(world.areas["IMT"])
    changed()
    expert.countries_of_experience.add(world.countries["MX"])
    changed()
    expert.regions_of_experience.add(world.europe)
    changed()
    Expert.objects.filter(pk=expert.pk).update(status=ExpertStatus.DEACTIVATED)
    changed()
    world.areas["LM-LAB"].__class__.objects.filter(pk=world.areas["LM-LAB"].pk).update(
        parent=world.areas["IMT"]
    )
    changed()
    world.countries["FR"].__class__.objects.filter(pk=world.countries["FR"].pk).update(
        region=world.europe
    )
    changed()
