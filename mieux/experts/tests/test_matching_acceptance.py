"""Issue 4, done when: "For a Spanish-language activity in Peru, every candidate returned speaks
Spanish at B2 or above and is available on its dates; each candidate carries its explanation."

On the loaded demo, through the API as the demo project officer; every fact is checked in the
database, not taken from the answer."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from mieux.accounts.models import User
from mieux.experts.models import Expert, ExpertLanguage, UnavailablePeriod
from mieux.experts.services import HELD_STATES, days_held_in_year
from mieux.portfolio.models import Activity

pytestmark = pytest.mark.django_db

B2_OR_ABOVE = {"B2", "C1", "C2", "native"}
CRITERIA = [
    "thematic_fit",
    "language",
    "experience",
    "availability",
    "workload",
    "feedback",
    "country_mix",
]


def test_candidates_for_a_spanish_activity_in_peru_speak_spanish_and_are_available(
    settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # in case the demo roster stores CVs
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    activity = (
        Activity.objects.filter(status="planned", language="es", action__countries__iso2="PE")
        .order_by("start_date", "id")
        .first()
    )
    assert activity is not None
    client = Client()
    client.force_login(User.objects.get(username="demo-officer"))

    response = client.get(f"/api/v1/activities/{activity.pk}/expert-matches", {"limit": 100})

    assert response.status_code == 200
    body = response.json()
    items = body["items"]
    # Every candidate is returned (the demo roster is smaller than the limit), and there are
    # several: the check below is not vacuous.
    assert len(items) == body["count"]
    assert len(items) >= 5
    for item in items:
        expert = Expert.objects.get(pk=item["expert"]["id"])
        spanish = ExpertLanguage.objects.filter(expert=expert, code="es").first()
        assert spanish is not None, expert
        assert spanish.level in B2_OR_ABOVE, (expert, spanish.level)
        assert not UnavailablePeriod.objects.filter(
            expert=expert, start__lte=activity.end_date, end__gte=activity.start_date
        ).exists(), expert
        assert (
            not expert.deployments.filter(
                status__in=HELD_STATES,
                activity__start_date__lte=activity.end_date,
                activity__end_date__gte=activity.start_date,
            )
            .exclude(activity=activity)
            .exists()
        ), expert
        if expert.max_days_per_year is not None:
            held = days_held_in_year(expert, activity.start_date.year)
            assert held + activity.days <= expert.max_days_per_year, expert
        assert expert.consent_given_at is not None
        assert expert.status != "deactivated"
        # The explanation, part by part, each with its sentence.
        assert [part["criterion"] for part in item["explanation"]] == CRITERIA
        assert all(part["detail"].strip() for part in item["explanation"])
        assert item["score"] == pytest.approx(
            round(sum(part["points"] for part in item["explanation"]), 1)
        )
    # Best first.
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
