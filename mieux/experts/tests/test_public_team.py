"""The "Experts" section of a public action page: name and institution of deployed experts who
agreed to be named and consented, a count of the others, for every kind of visitor."""

import datetime

import pytest
from django.urls import reverse

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.experts import services
from mieux.experts.models import Expert, ExpertType
from mieux.experts.templatetags.expert_public import public_team
from mieux.experts.tests.conftest import CONSENTED


@pytest.fixture
def deploy(officer):
    """Put an expert on an activity in the given status, through the services."""
    steps = {
        "proposed": [],
        "invited": ["invite"],
        "declined": ["invite", "decline"],
        "accepted": ["invite", "accept"],
        "completed": ["invite", "accept", "complete"],
    }

    def make(expert, activity, status):
        deployment = services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=activity.pk
        )
        for step in steps[status]:
            services.deployment_transition(
                actor=officer, deployment_id=deployment.pk, transition=step
            )

    return make


@pytest.fixture
def make_expert(officer, home_institution):
    def make(name, *, publish=True, email=""):
        expert = services.expert_create(
            actor=officer,
            full_name=name,
            email=email or f"{name.split()[0].lower()}@example.org",
            expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
            institution=home_institution,
            languages={"es": "native"},
            consent_given_at=CONSENTED,
            status="active",
        )
        Expert.objects.filter(pk=expert.pk).update(publish_name=publish)
        return expert

    return make


@pytest.fixture
def team(make_expert, deploy, lima_workshop, june_training):
    """On the action's two activities: a named expert (completed) and one named on an upcoming
    one (accepted); one who did not agree to be named; one who withdrew consent after the
    mission; one erased; and people only proposed, invited or who declined."""
    named = make_expert("Lucía Martín", email="lucia.private@example.org")
    deploy(named, lima_workshop, "completed")
    upcoming = make_expert("Jan Peeters")
    deploy(upcoming, june_training, "accepted")
    unnamed = make_expert("Hidden Unpublished", publish=False)
    deploy(unnamed, lima_workshop, "completed")
    withdrawn = make_expert("Hidden Withdrawn")
    deploy(withdrawn, lima_workshop, "completed")
    Expert.objects.filter(pk=withdrawn.pk).update(consent_given_at=None)
    erased = make_expert("Hidden Erased")
    deploy(erased, june_training, "accepted")
    Expert.objects.filter(pk=erased.pk).update(erased_at=datetime.datetime.now(tz=datetime.UTC))
    for status in ("proposed", "invited", "declined"):
        deploy(make_expert(f"Hidden {status.title()}"), june_training, status)
    return named


@pytest.fixture
def partner(db):
    user = User.objects.create_user("partner", password="correct-horse-battery")
    institution = Institution.objects.create(
        name="Ministerio del Interior del Perú", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
    return user


def test_the_section_names_experts_who_agreed_and_counts_the_others(team, action):
    named, others = public_team(action)

    assert named == [
        {"name": "Jan Peeters", "institution": "Ministerio del Interior"},
        {"name": "Lucía Martín", "institution": "Ministerio del Interior"},
    ]
    assert others == 3


@pytest.mark.parametrize("visitor", ["anonymous", "partner", "officer"])
def test_no_visitor_sees_a_name_that_may_not_be_published(
    client, team, action, visitor, partner, officer
):
    if visitor != "anonymous":
        client.force_login({"partner": partner, "officer": officer}[visitor])

    response = client.get(reverse("portfolio:action_detail", args=[action.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Lucía Martín" in page
    assert "Jan Peeters" in page
    assert "And 3 other experts." in page
    assert "Hidden" not in page
    assert "@example.org" not in page
    assert "lucia.private" not in page


def test_an_action_without_deployed_experts_has_no_section(client, action, lima_workshop):
    response = client.get(reverse("portfolio:action_detail", args=[action.slug]))

    assert response.status_code == 200
    assert 'id="experts-heading"' not in response.content.decode()


def test_only_others_gives_a_count_without_names(make_expert, deploy, lima_workshop, action):
    deploy(make_expert("Hidden One", publish=False), lima_workshop, "completed")

    named, others = public_team(action)

    assert (named, others) == ([], 1)


def test_the_section_takes_one_query_however_many_experts(
    make_expert, deploy, make_activity, action, django_assert_num_queries
):
    for index in range(6):
        activity = make_activity(
            f"Workshop {index}",
            datetime.date(2026, 7, 1 + index),
            datetime.date(2026, 7, 1 + index),
        )
        deploy(make_expert(f"Expert {index}", publish=index % 2 == 0), activity, "completed")

    with django_assert_num_queries(1):
        named, others = public_team(action)

    assert (len(named), others) == (3, 3)


def test_the_page_query_count_does_not_grow_with_experts(
    client, make_expert, deploy, make_activity, action, django_assert_max_num_queries
):
    first = make_activity("First", datetime.date(2026, 7, 1), datetime.date(2026, 7, 2))
    deploy(make_expert("Expert A"), first, "completed")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("portfolio:action_detail", args=[action.slug]))
    baseline = len(few.captured_queries)
    for index in range(5):
        deploy(make_expert(f"Expert {index}", publish=index % 2 == 0), first, "completed")

    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("portfolio:action_detail", args=[action.slug]))

    assert response.content.decode().count('class="muted">· ') == 4
