"""The demo roster loaded by `mieux load_demo`: its size, language mix, demo-expert's story, the
deployment rules, and a second load that changes nothing."""

import itertools
from collections import Counter
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings

from mieux.core.models import AuditEvent
from mieux.experts.models import (
    Deployment,
    Expert,
    ExpertLanguage,
    ExpertStatus,
    Feedback,
    MissionReport,
    UnavailablePeriod,
)
from mieux.experts.services import HELD_STATES
from mieux.portfolio.models import Activity

WORKING = ("B2", "C1", "C2", "native")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo, loaded once in a transaction rolled back after the module's last test."""
    with (
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db) -> None:
    """Each test in its own savepoint inside the loaded demo."""


def test_the_roster_has_about_sixty_experts_with_a_realistic_language_mix(demo):
    experts = Expert.objects.all()

    assert 55 <= experts.count() <= 65
    spanish = ExpertLanguage.objects.filter(code="es", level__in=WORKING)
    portuguese = ExpertLanguage.objects.filter(code="pt", level__in=WORKING)
    assert spanish.count() >= 25
    assert portuguese.count() >= 8
    assert experts.exclude(languages__code="es").exists()
    statuses = Counter(experts.values_list("status", flat=True))
    assert statuses[ExpertStatus.DEACTIVATED] == 1
    assert statuses[ExpertStatus.INVITED] >= 3
    assert 3 <= experts.filter(consent_given_at__isnull=True).count() <= 6
    assert not experts.filter(consent_given_at__isnull=True, publish_name=True).exists()
    assert 25 <= experts.filter(publish_name=True).count() <= 35
    assert UnavailablePeriod.objects.filter(start__year=2027).count() >= 5
    assert set(experts.values_list("institution__country__iso2", flat=True)) >= {
        "ES", "PT", "FR", "IT", "DE", "NL", "BE", "SE", "PL", "CZ", "AT", "GR", "IE", "FI",
    }  # fmt: skip
    assert all(20 <= (e.max_days_per_year or 0) <= 60 for e in experts)
    assert all(e.email.endswith("@example.org") for e in experts)


def test_demo_expert_has_an_invitation_an_accepted_and_a_completed_deployment(demo):
    expert = Expert.objects.get(user__username="demo-expert")

    deployments = {d.status: d for d in expert.deployments.select_related("activity")}

    assert sorted(deployments) == ["accepted", "completed", "invited"]
    assert deployments["invited"].activity.start_date.year == 2027
    assert deployments["accepted"].activity.start_date.year == 2027
    completed = deployments["completed"]
    assert completed.activity.status == "delivered"
    assert completed.completed_at is not None
    assert completed.completed_at.date() > completed.activity.end_date
    assert MissionReport.objects.get(deployment=completed).submitted_by == expert.user


def test_held_deployments_never_overlap_and_stay_within_the_yearly_days(demo):
    held = Deployment.objects.filter(status__in=HELD_STATES).select_related("activity", "expert")
    by_expert: dict[int, list[Activity]] = {}
    for deployment in held:
        by_expert.setdefault(deployment.expert_id, []).append(deployment.activity)

    for expert_id, activities in by_expert.items():
        activities.sort(key=lambda a: a.start_date)
        for first, second in itertools.pairwise(activities):
            assert first.end_date < second.start_date, expert_id
        expert = Expert.objects.get(pk=expert_id)
        days: Counter[int] = Counter()
        for activity in activities:
            days[activity.start_date.year] += activity.days
        assert max(days.values()) <= (expert.max_days_per_year or 365)
    assert held.filter(status="completed").count() >= 40
    assert not held.filter(expert__consent_given_at__isnull=True).exists()


def test_upcoming_spanish_activities_in_peru_and_mexico_have_open_places(demo):
    # Multi-day ones: the formulated Mexico V's draft plan has only one-day activities.
    upcoming = Activity.objects.filter(
        start_date__year=2027, language="es", end_date__gt=F("start_date")
    )

    countries = set(upcoming.values_list("country__iso2", flat=True))
    assert {"PE", "MX"} <= countries
    assert upcoming.filter(experts_needed__gte=3).exists()
    statuses = Counter(
        Deployment.objects.filter(activity__in=upcoming).values_list("status", flat=True)
    )
    assert statuses["proposed"] >= 1
    assert statuses["invited"] >= 2
    assert statuses["declined"] >= 1
    assert (
        Feedback.objects.filter(source="partner", author__username="demo-partner-mx").count() >= 3
    )


def test_loading_the_demo_again_changes_nothing(demo):
    counts = {
        model: model.objects.count()
        for model in (Expert, Deployment, ExpertLanguage, UnavailablePeriod, Feedback, AuditEvent)
    }
    versions = dict(Deployment.objects.values_list("id", "version"))
    experts = dict(Expert.objects.values_list("id", "updated_at"))

    call_command("load_demo", verbosity=0)

    assert {model: model.objects.count() for model in counts} == counts
    assert dict(Deployment.objects.values_list("id", "version")) == versions
    assert dict(Expert.objects.values_list("id", "updated_at")) == experts
