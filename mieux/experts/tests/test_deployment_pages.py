"""An expert's own deployments: the page /deployments/ and GET /api/v1/deployments."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.experts import reports, services
from mieux.experts.models import Feedback

pytestmark = pytest.mark.django_db

PAGE = reverse("experts:deployment_list")
API = "/api/v1/deployments"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_lists_only_the_experts_own_deployments(
    expert, other_expert, expert_user, invite, lima_workshop, cusco_visit, june_training
) -> None:
    invite(expert, june_training)
    invite(expert, lima_workshop)
    invite(other_expert, cusco_visit)

    response = signed_in(expert_user).get(PAGE)

    assert response.status_code == 200
    assert [d.activity.title for d in response.context["deployments"]] == [
        "Lima workshop",
        "June training",
    ]
    html = response.content.decode()
    assert "Lima workshop" in html
    assert "June training" in html
    assert "Cusco study visit" not in html
    assert "Peru III" in html
    assert "badge-deployment-invited" in html


def test_api_lists_only_the_experts_own_deployments(
    expert, other_expert, expert_user, invite, lima_workshop, cusco_visit, june_training
) -> None:
    first = invite(expert, lima_workshop)
    second = invite(expert, june_training)
    invite(other_expert, cusco_visit)

    response = signed_in(expert_user).get(API)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["next"] is None
    assert [item["id"] for item in body["items"]] == [first.pk, second.pk]
    assert body["items"][0] == {
        "id": first.pk,
        "role": "expert",
        "status": "invited",
        "activity": {
            "id": lima_workshop.pk,
            "title": "Lima workshop",
            "start_date": "2026-05-04",
            "end_date": "2026-05-08",
            "city": "",
            "country": None,
            "is_virtual": False,
            "action": {"slug": "peru-iii", "name": "Peru III"},
        },
    }


def test_expert_without_deployments_sees_the_empty_state(db) -> None:
    user = User.objects.create_user("nobody", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.EXPERT)

    page = signed_in(user).get(PAGE)
    api = signed_in(user).get(API)

    assert page.status_code == 200
    assert "You have no deployments." in page.content.decode()
    assert api.json() == {"count": 0, "next": None, "items": []}


def test_the_page_is_for_experts_and_the_api_lists_nothing_for_others(db) -> None:
    user = User.objects.create_user("nobody", password="correct-horse-battery")

    assert signed_in(user).get(PAGE).status_code == 403
    assert signed_in(user).get(API).json() == {"count": 0, "next": None, "items": []}


def test_anonymous_is_sent_to_sign_in_and_refused_by_the_api(db) -> None:
    page = Client().get(PAGE)
    api = Client().get(API)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:login"))
    assert api.status_code == 401


def test_query_count_does_not_grow_with_deployments(
    expert, expert_user, invite, make_activity, django_assert_max_num_queries
) -> None:
    client = signed_in(expert_user)
    invite(expert, make_activity("One", datetime.date(2026, 7, 1), datetime.date(2026, 7, 2)))
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
        client.get(API)
    baseline = len(few.captured_queries)
    for day in range(2, 7):
        start = datetime.date(2026, 8, day)
        invite(expert, make_activity(f"Activity {day}", start, start))

    with django_assert_max_num_queries(baseline):
        page = client.get(PAGE)
        api = client.get(API)

    assert len(page.context["deployments"]) == 6
    assert api.json()["count"] == 6


# --- one deployment: detail, transitions, mission report; feedback on an activity ------------


@pytest.fixture
def past_workshop(make_activity):
    return make_activity("Past workshop", datetime.date(2025, 3, 3), datetime.date(2025, 3, 5))


@pytest.fixture
def future_workshop(make_activity):
    return make_activity("Future workshop", datetime.date(2099, 3, 3), datetime.date(2099, 3, 5))


@pytest.fixture
def accepted(officer, invite):
    def make(expert, activity):
        deployment = invite(expert, activity)
        return services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition="accept"
        )

    return make


@pytest.fixture
def partner_user(action):
    institution = Institution.objects.create(
        name="Superintendencia Nacional de Migraciones", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    action.partner_institutions.add(institution)
    user = User.objects.create_user("pilar", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
    return user


def detail_url(deployment) -> str:
    return reverse("experts:deployment_detail", args=[deployment.pk])


def transition_url(deployment) -> str:
    return reverse("experts:deployment_transition", args=[deployment.pk])


def test_the_list_links_each_deployment_to_its_page(
    expert, expert_user, invite, lima_workshop
) -> None:
    deployment = invite(expert, lima_workshop)

    html = signed_in(expert_user).get(PAGE).content.decode()

    assert f'href="{detail_url(deployment)}"' in html
    assert "experts/deployments.css" in html


def test_the_expert_sees_their_deployment_with_its_answers_and_history(
    expert, expert_user, invite, lima_workshop
) -> None:
    deployment = invite(expert, lima_workshop)

    response = signed_in(expert_user).get(detail_url(deployment))

    assert response.status_code == 200
    assert [t.name for t in response.context["transitions"]] == ["accept", "decline"]
    assert [entry["label"] for entry in response.context["history"]] == ["Proposed", "Invited"]
    html = response.content.decode()
    assert "Lima workshop" in html
    assert "Peru III" in html
    assert "badge-deployment-invited" in html
    assert f'name="version" value="{deployment.version}"' in html


def test_staff_see_any_deployment_others_get_404(
    expert, officer, other_expert_user, partner_user, invite, lima_workshop
) -> None:
    deployment = invite(expert, lima_workshop)

    staff = signed_in(officer).get(detail_url(deployment))

    # An officer may record the answer of an expert (who may have no account).
    assert [t.name for t in staff.context["transitions"]] == ["accept", "decline"]
    assert signed_in(other_expert_user).get(detail_url(deployment)).status_code == 404
    assert signed_in(partner_user).get(detail_url(deployment)).status_code == 404
    anonymous = Client().get(detail_url(deployment))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


def test_the_expert_accepts_on_the_page(expert, expert_user, invite, lima_workshop) -> None:
    deployment = invite(expert, lima_workshop)
    client = signed_in(expert_user)

    response = client.post(
        transition_url(deployment),
        {"transition": "accept", "version": deployment.version, "reason": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(deployment)
    deployment.refresh_from_db()
    assert deployment.status == "accepted"
    page = client.get(detail_url(deployment))
    assert "badge-deployment-accepted" in page.content.decode()
    assert [entry["label"] for entry in page.context["history"]][-1] == "Accepted"


def test_a_stale_or_illegal_step_is_a_409_shown_on_the_page(
    expert, expert_user, officer, invite, lima_workshop
) -> None:
    deployment = invite(expert, lima_workshop)
    stale_version = deployment.version
    services.deployment_transition(actor=officer, deployment_id=deployment.pk, transition="decline")
    client = signed_in(expert_user)

    stale = client.post(
        transition_url(deployment), {"transition": "accept", "version": stale_version}
    )

    assert stale.status_code == 409
    assert 'id="transition-error"' in stale.content.decode()
    deployment.refresh_from_db()
    assert deployment.status == "declined"


def test_the_expert_may_not_take_an_officer_s_step_and_others_see_nothing(
    expert, expert_user, other_expert_user, accepted, lima_workshop
) -> None:
    deployment = accepted(expert, lima_workshop)
    data = {"transition": "complete", "version": deployment.version}

    assert signed_in(expert_user).post(transition_url(deployment), data).status_code == 403
    assert signed_in(other_expert_user).post(transition_url(deployment), data).status_code == 404
    assert signed_in(expert_user).get(transition_url(deployment)).status_code == 405
    deployment.refresh_from_db()
    assert deployment.status == "accepted"


def test_the_report_form_opens_once_the_mission_is_over(
    expert, expert_user, accepted, future_workshop, past_workshop, other_expert
) -> None:
    upcoming = accepted(expert, future_workshop)
    over = accepted(other_expert, past_workshop)
    client = signed_in(expert_user)

    early = client.get(reverse("experts:deployment_report", args=[upcoming.pk]))

    assert early.status_code == 302
    assert early["Location"] == detail_url(upcoming)
    assert client.get(reverse("experts:deployment_report", args=[over.pk])).status_code == 404


def test_the_expert_writes_the_report_and_sees_it_on_the_deployment(
    expert, expert_user, accepted, past_workshop
) -> None:
    deployment = accepted(expert, past_workshop)
    client = signed_in(expert_user)
    url = reverse("experts:deployment_report", args=[deployment.pk])
    assert 'href="' + url + '"' in client.get(detail_url(deployment)).content.decode()

    empty = client.post(url, {"summary": " ", "results": "Some.", "version": 3})
    saved = client.post(
        url, {"summary": "Peer exchange on reception.", "results": "A protocol.", "version": 3}
    )

    assert empty.status_code == 400
    assert saved.status_code == 302
    page = client.get(detail_url(deployment))
    html = page.content.decode()
    assert "Peer exchange on reception." in html
    assert "Edit the mission report" in html
    assert [entry["label"] for entry in page.context["history"]][-1] == "Mission report written"
    form = client.get(url)
    assert form.context["form"].initial["results"] == "A protocol."


def test_the_expert_gives_feedback_from_the_deployment_page(
    expert, expert_user, accepted, past_workshop
) -> None:
    deployment = accepted(expert, past_workshop)
    client = signed_in(expert_user)
    assert client.get(detail_url(deployment)).context["can_give_feedback"] is True

    response = client.post(
        reverse("experts:activity_feedback", args=[past_workshop.pk]),
        {"score": "4", "comment": "Well prepared.", "next": detail_url(deployment)},
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(deployment)
    feedback = Feedback.objects.get()
    assert (feedback.source, feedback.score, feedback.author) == ("expert", 4, expert_user)


def test_a_partner_of_the_action_gives_feedback_on_the_activity_page(
    partner_user, past_workshop
) -> None:
    client = signed_in(partner_user)
    url = reverse("experts:activity_feedback", args=[past_workshop.pk])
    assert client.get(url).context["can_give"] is True

    missing = client.post(url, {"comment": "No score."})
    evil_next = client.post(url, {"score": "5", "next": "https://evil.example/"})

    assert missing.status_code == 400
    assert evil_next.status_code == 302
    assert evil_next["Location"] == url
    feedback = Feedback.objects.get()
    assert (feedback.source, feedback.score) == ("partner", 5)
    assert re.search(r'value="5"[^>]* checked', client.get(url).content.decode())


def test_the_feedback_page_refuses_outsiders(
    action, officer, expert_user, partner_user, past_workshop
) -> None:
    url = reverse("experts:activity_feedback", args=[past_workshop.pk])
    outsider = User.objects.create_user("olga", password="correct-horse-battery")

    assert signed_in(outsider).get(url).status_code == 403
    assert signed_in(expert_user).get(url).status_code == 403
    assert signed_in(officer).post(url, {"score": "3"}).status_code == 403
    assert Client().get(url).status_code == 302
    action.is_public = False
    action.save()
    assert signed_in(outsider).get(url).status_code == 404
    assert not Feedback.objects.exists()


def test_staff_read_all_feedback_in_few_queries(
    officer, partner_user, action, past_workshop, django_assert_max_num_queries
) -> None:
    url = reverse("experts:activity_feedback", args=[past_workshop.pk])
    client = signed_in(officer)
    reports.feedback_give(actor=partner_user, activity_id=past_workshop.pk, score=4)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    institution = action.partner_institutions.get()
    for number in range(5):
        user = User.objects.create_user(f"partner{number}", password="correct-horse-battery")
        Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
        reports.feedback_give(actor=user, activity_id=past_workshop.pk, score=3)

    with django_assert_max_num_queries(baseline):
        response = client.get(url)

    assert len(response.context["all_feedback"]) == 6
    assert response.content.decode().count("3 out of 5") == 5


def test_the_deployment_page_does_not_grow_with_its_history(
    expert, expert_user, officer, accepted, past_workshop, django_assert_max_num_queries
) -> None:
    deployment = accepted(expert, past_workshop)
    client = signed_in(expert_user)
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(deployment))
    baseline = len(few.captured_queries)
    for number in range(4):
        reports.mission_report_submit(
            actor=officer, deployment_id=deployment.pk, summary=f"Version {number}."
        )

    with django_assert_max_num_queries(baseline):
        response = client.get(detail_url(deployment))

    assert len(response.context["history"]) == 3 + 4
