"""An expert's own deployments: the page /deployments/ and GET /api/v1/deployments."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mieux.accounts.models import User

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


def test_user_without_deployments_sees_the_empty_state(db) -> None:
    user = User.objects.create_user("nobody", password="correct-horse-battery")

    page = signed_in(user).get(PAGE)
    api = signed_in(user).get(API)

    assert page.status_code == 200
    assert "You have no deployments." in page.content.decode()
    assert api.json() == {"count": 0, "next": None, "items": []}


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
