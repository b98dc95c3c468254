"""Links to the deployment page (the one holding Invite and the other steps), per role.

Issue 9, point 5: after proposing, the officer reaches the deployment by clicking: from the team
table of the activity's matching page, the expert's roster page, the planning page and the
public action page's activities. Who sees a link is what `experts.policies` says: facility staff
see them all, the expert their own deployments (on their profile), partners none.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertType
from mieux.experts.tests.conftest import CONSENTED
from mieux.portfolio.models import Activity, ActivityStatus

pytestmark = pytest.mark.django_db


def detail_url(deployment: Deployment) -> str:
    return reverse("experts:deployment_detail", args=[deployment.pk])


def matches_url(activity: Activity) -> str:
    return reverse("experts:activity_matches", args=[activity.pk])


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partner(db, action) -> User:
    user = User.objects.create_user("partner", password="correct-horse-battery")
    institution = Institution.objects.create(
        name="Ministerio del Interior del Perú", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
    action.partner_institutions.add(institution)
    return user


@pytest.fixture
def proposed(officer, expert, lima_workshop) -> Deployment:
    return services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
    )


def add_experts(officer: User, activity: Activity, count: int) -> list[Deployment]:
    """`count` more experts proposed for the activity."""
    deployments = []
    for _number in range(count):
        expert = services.expert_create(
            actor=officer,
            full_name=f"Expert {Expert.objects.count():03d}",
            expert_type=ExpertType.ACADEMIA,
            languages={"es": "C1"},
            consent_given_at=CONSENTED,
            status="active",
        )
        deployments.append(
            services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=activity.pk)
        )
    return deployments


# --- the matching page's team table --------------------------------------------------------------


def test_the_team_table_links_each_member_to_their_deployment(officer, proposed, lima_workshop):
    accepted = add_experts(officer, lima_workshop, 1)[0]
    Deployment.objects.filter(pk=accepted.pk).update(status="accepted")

    page = signed_in(officer).get(matches_url(lima_workshop))

    assert page.status_code == 200
    html = page.content.decode()
    assert [row["linked"] for row in page.context["team_rows"]] == [True, True]
    # The proposed member's link says the next step; the others just open the deployment.
    assert (
        f'<a class="deployment-link" href="{detail_url(proposed)}">Invite'
        '<span class="visually-hidden"> — the deployment of Ana Pérez</span></a>'
    ) in html
    assert f'<a class="deployment-link" href="{detail_url(accepted)}">Open' in html


def test_the_next_step_names_only_a_deployment_of_this_activity(
    officer, expert, proposed, lima_workshop, june_training
):
    elsewhere = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=june_training.pk
    )
    client = signed_in(officer)

    own = client.get(matches_url(lima_workshop), {"proposed": proposed.pk})
    other = client.get(matches_url(lima_workshop), {"proposed": elsewhere.pk})
    garbage = client.get(matches_url(lima_workshop), {"proposed": "1;drop"})

    assert own.context["proposed"] == proposed
    assert "Next: invite Ana Pérez from" in own.content.decode()
    assert other.context["proposed"] is None
    assert garbage.context["proposed"] is None
    assert "Next: invite" not in other.content.decode() + garbage.content.decode()


def test_the_matching_page_s_queries_do_not_grow_with_the_team(
    officer, proposed, lima_workshop, django_assert_max_num_queries
):
    client = signed_in(officer)
    with django_assert_max_num_queries(40) as few:
        assert client.get(matches_url(lima_workshop)).status_code == 200

    add_experts(officer, lima_workshop, 6)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(matches_url(lima_workshop)).status_code == 200


def test_partners_and_experts_do_not_reach_the_matching_page(
    partner, expert_user, proposed, lima_workshop
):
    assert signed_in(partner).get(matches_url(lima_workshop)).status_code == 403
    assert signed_in(expert_user).get(matches_url(lima_workshop)).status_code == 403


# --- the expert's roster page and their own profile -----------------------------------------------


def test_the_roster_page_lists_the_expert_s_deployments_with_links(
    officer, expert, proposed, june_training
):
    later = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=june_training.pk
    )

    page = signed_in(officer).get(reverse("experts:expert_detail", args=[expert.pk]))

    html = page.content.decode()
    rows = page.context["deployments"]
    # Latest activity first, each with its status, dates and a link to its page.
    assert [(row["deployment"], row["linked"]) for row in rows] == [(later, True), (proposed, True)]
    assert f'<a href="{detail_url(later)}">June training</a>' in html
    assert f'<a href="{detail_url(proposed)}">Lima workshop</a>' in html
    assert '<time datetime="2026-05-04">' in html
    assert "Proposed" in html


def test_the_roster_page_s_queries_do_not_grow_with_deployments(
    officer, expert, proposed, make_activity, django_assert_max_num_queries
):
    client = signed_in(officer)
    url = reverse("experts:expert_detail", args=[expert.pk])
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for day in range(1, 6):
        activity = make_activity(
            f"July workshop {day}",
            datetime.date(2026, 7, day * 4),
            datetime.date(2026, 7, day * 4 + 1),
        )
        services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=activity.pk)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["deployments"]) == 6


def test_the_expert_sees_their_own_deployments_on_their_profile(
    expert_user, other_expert_user, other_expert, officer, proposed, lima_workshop
):
    theirs = services.deployment_propose(
        actor=officer, expert_id=other_expert.pk, activity_id=lima_workshop.pk
    )

    own = signed_in(expert_user).get(reverse("experts:my_profile"))
    other = signed_in(other_expert_user).get(reverse("experts:my_profile"))

    assert own.status_code == 200
    assert [row["deployment"] for row in own.context["deployments"]] == [proposed]
    assert f'<a href="{detail_url(proposed)}">Lima workshop</a>' in own.content.decode()
    assert detail_url(theirs) not in own.content.decode()
    assert [row["deployment"] for row in other.context["deployments"]] == [theirs]
    assert detail_url(proposed) not in other.content.decode()
    # Their roster page sends them to their profile; staff pages stay closed.
    assert signed_in(expert_user).get(reverse("experts:expert_detail", args=[proposed.expert_id]))[
        "Location"
    ] == reverse("experts:my_profile")


def test_the_profile_s_queries_do_not_grow_with_deployments(
    expert_user, expert, officer, make_activity, django_assert_max_num_queries
):
    client = signed_in(expert_user)
    url = reverse("experts:my_profile")
    first = make_activity("August workshop", datetime.date(2026, 8, 3), datetime.date(2026, 8, 4))
    services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=first.pk)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for day in range(1, 6):
        activity = make_activity(
            f"September workshop {day}",
            datetime.date(2026, 9, day * 4),
            datetime.date(2026, 9, day * 4 + 1),
        )
        services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=activity.pk)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["deployments"]) == 6


# --- the planning page and the action page ------------------------------------------------------


def test_the_planning_page_links_each_activity_to_its_team(officer, lima_workshop):
    page = signed_in(officer).get(reverse("experts:planning"))

    assert (
        f'<a class="planning-team-link small" href="{matches_url(lima_workshop)}">'
        "Team and candidates"
    ) in page.content.decode()


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("partner", False),
        ("expert", False),
        ("django_staff_without_a_role", False),
        ("officer", True),
        ("manager", True),
    ],
)
def test_the_action_page_links_activities_to_their_team_for_staff_only(
    who, sees, client, action, partner, expert_user, officer, lima_workshop, make_activity
):
    delivered = make_activity("Past seminar", datetime.date(2025, 5, 5), datetime.date(2025, 5, 6))
    Activity.objects.filter(pk=delivered.pk).update(status=ActivityStatus.DELIVERED)
    cancelled = make_activity("Dropped visit", datetime.date(2026, 9, 1), datetime.date(2026, 9, 2))
    Activity.objects.filter(pk=cancelled.pk).update(status=ActivityStatus.CANCELLED)
    # Django's is_staff flag is not a facility role: the policy decides, not the flag.
    officer.is_staff = False
    officer.save()
    django_staff = User.objects.create_user("clerk", password="correct-horse-battery")
    django_staff.is_staff = True
    django_staff.save()
    manager = User.objects.create_user("manager", password="correct-horse-battery")
    Membership.objects.create(user=manager, role=Role.PROGRAMME_MANAGER)
    users = {
        "partner": partner,
        "expert": expert_user,
        "django_staff_without_a_role": django_staff,
        "officer": officer,
        "manager": manager,
    }
    if who in users:
        client.force_login(users[who])

    page = client.get(reverse("portfolio:action_detail", args=[action.slug]))

    assert page.status_code == 200
    html = page.content.decode()
    find = (
        f'<a href="{matches_url(lima_workshop)}">Find experts'
        '<span class="visually-hidden"> — Lima workshop</span></a>'
    )
    team = (
        f'<a href="{matches_url(delivered)}">The team'
        '<span class="visually-hidden"> — Past seminar</span></a>'
    )
    assert (find in html, team in html) == (sees, sees)
    assert matches_url(cancelled) not in html


def test_the_action_page_asks_the_policy_once_however_many_activities(
    client, officer, action, make_activity, lima_workshop, django_assert_max_num_queries
):
    client.force_login(officer)
    url = reverse("portfolio:action_detail", args=[action.slug])
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for day in range(1, 9):
        make_activity(f"Visit {day}", datetime.date(2026, 10, day), datetime.date(2026, 10, day))

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("Find experts") == 9
