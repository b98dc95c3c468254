"""The My work page, the landing page after sign-in, and the header's link to it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mieux.accounts.models import Membership, Role
from mieux.accounts.tests.factories import UserFactory
from mieux.mywork.selectors import LIMIT

pytestmark = pytest.mark.django_db

URL = "/my-work/"
PASSWORD = "correct horse battery staple"


def page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_has_its_name() -> None:
    assert reverse("mywork:my_work") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_post_is_refused(world) -> None:
    client = Client()
    client.force_login(world["users"]["partner"])

    assert client.post(URL).status_code == 405


SECTIONS = {
    "partner": ["As partner focal point", "My requests and what they wait for"],
    "officer": ["As project officer", "Coming activities without a full team"],
    "manager": ["As programme manager", "Open the dashboard"],
    "steering": ["As steering committee member", "Open the steering agenda"],
    "expert": ["As expert", "Invitations to answer"],
    "knowledge": ["As knowledge manager", "Actions missing a public text or a translation"],
    "admin": ["As project officer"],
}
EMPTY = {
    "partner": "You have no open request.",
    "officer": "No request waits for the facility.",
    "manager": "No open request waits for a step.",
    "steering": "No request awaits the committee&#x27;s decision.",
    "expert": "You have no invitation to answer.",
}


@pytest.mark.parametrize("role", SECTIONS)
def test_each_role_sees_its_own_section_only(world, role) -> None:
    html = page(world["users"][role])

    for text in SECTIONS[role]:
        assert text in html
    others = {title for other, (title, *_) in SECTIONS.items() if title != SECTIONS[role][0]}
    assert [title for title in others if title in html] == []


@pytest.mark.parametrize("role", EMPTY)
def test_empty_lists_say_so(world, role) -> None:
    assert EMPTY[role] in page(world["users"][role])


def test_a_user_with_two_roles_sees_both_sections(world) -> None:
    user = world["users"]["steering"]
    Membership.objects.create(user=user, role=Role.EXPERT)

    html = page(user)

    assert "As steering committee member" in html
    assert "As expert" in html


def test_a_user_without_a_role_is_told_so(db) -> None:
    assert "None of your roles has work in mieux." in page(UserFactory())


def test_items_link_to_where_the_work_is_done(world, add_request) -> None:
    submitted = add_request("Labour migration statistics", "submitted")

    html = page(world["users"]["officer"])

    assert f'href="/requests/{submitted.pk}/assessment/">Labour migration statistics</a>' in html


def test_a_long_list_says_how_many_and_links_to_all(world, add_request) -> None:
    for number in range(LIMIT + 3):
        add_request(f"Request {number}", "submitted")

    html = page(world["users"]["officer"])

    assert f"{LIMIT} shown of {LIMIT + 3}." in html
    assert 'href="/requests/">See them all</a>' in html


def _grow(add_request, add_activity, add_deployment, size: int) -> None:
    for number in range(size):
        add_request(f"Submitted {size}-{number}", "submitted")
        add_request(f"Recommended {size}-{number}", "recommended")
        coming = add_activity(f"Coming {size}-{number}", 10 + number)
        add_deployment(coming, "invited")
        add_deployment(add_activity(f"Over {size}-{number}", -10 - number), "accepted")


@pytest.mark.parametrize("role", ["partner", "officer", "expert", "steering"])
def test_the_page_costs_the_same_queries_however_much_work_there_is(
    world, add_request, add_activity, add_deployment, django_assert_num_queries, role
) -> None:
    client = Client()
    client.force_login(world["users"][role])
    _grow(add_request, add_activity, add_deployment, 1)
    client.get(URL)  # warm: the session and the language catalogue
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _grow(add_request, add_activity, add_deployment, 5)

    with django_assert_num_queries(len(small)):
        response = client.get(URL)

    assert response.status_code == 200


# --- the landing page after sign-in and the header's link ---------------------------------------


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MIEUX_REQUIRE_TWO_FACTOR = False


@pytest.mark.usefixtures("fast_hashing")
@pytest.mark.parametrize("role", [*SECTIONS, "other_partner"])
def test_every_role_lands_on_my_work_after_signing_in(world, client, role) -> None:
    user = _with_password(world["users"][role])

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.usefixtures("fast_hashing")
@pytest.mark.parametrize(
    ("next_url", "landing"),
    [("/actions/", "/actions/"), ("https://evil.example/", URL), ("//evil.example/", URL)],
)
def test_a_safe_next_wins_over_my_work_and_an_unsafe_one_does_not(
    world, client, next_url, landing
) -> None:
    user = _with_password(world["users"]["partner"])

    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, "next": next_url}
    )

    assert response["Location"] == landing


def test_the_header_links_to_my_work_for_signed_in_users_only(world) -> None:
    link = f'<a href="{URL}"'
    signed_in = Client()
    signed_in.force_login(world["users"]["expert"])

    assert link in signed_in.get("/").content.decode()
    assert link not in Client().get("/").content.decode()
    assert f'<a href="{URL}" aria-current="page">' in signed_in.get(URL).content.decode()
