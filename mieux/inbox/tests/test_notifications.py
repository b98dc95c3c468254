"""Notifications: the user's own list, marked read once shown, and the header's unread count."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mieux.accounts.tests.factories import UserFactory
from mieux.inbox.models import Notification
from mieux.inbox.selectors import unread_count
from mieux.inbox.services import notifications_create, notifications_mark_read

pytestmark = pytest.mark.django_db

URL = "/notifications/"
UNREAD_URL = "/notifications/unread/"


@pytest.fixture
def ana():
    return UserFactory(username="ana")


@pytest.fixture
def bruno():
    return UserFactory(username="bruno")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_the_page_lists_the_user_s_own_notifications_newest_first(ana, bruno) -> None:
    notifications_create(texts=[(ana, "First")], url="/requests/1/")
    notifications_create(texts=[(ana, "Second"), (bruno, "Bruno's")], url="/requests/2/")

    html = signed_in(ana).get(URL).content.decode()

    assert html.index('<a href="/requests/2/">Second</a>') < html.index(
        '<a href="/requests/1/">First</a>'
    )
    assert "Bruno&#x27;s" not in html


def test_showing_the_list_marks_the_shown_ones_read_and_says_which_were_new(ana, bruno) -> None:
    notifications_create(texts=[(ana, "Step taken"), (bruno, "Other")], url="/requests/1/")
    client = signed_in(ana)

    first = client.get(URL).content.decode()
    second = client.get(URL).content.decode()

    assert first.count('class="notification-unread"') == 1
    assert second.count('class="notification-unread"') == 0
    assert unread_count(ana) == 0
    assert unread_count(bruno) == 1


def test_marking_read_leaves_other_users_notifications_alone(ana, bruno) -> None:
    (theirs,) = notifications_create(texts=[(bruno, "Other")], url="/requests/1/")

    assert notifications_mark_read(user=ana, notification_ids=[theirs.pk]) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_the_unread_count_is_the_user_s_own_and_drops_once_the_list_is_shown(ana, bruno) -> None:
    notifications_create(texts=[(ana, "One"), (ana, "Two"), (bruno, "Other")], url="/r/1/")
    client = signed_in(ana)

    before = client.get(UNREAD_URL)
    client.get(URL)
    after = client.get(UNREAD_URL)

    assert before.json() == {"unread": 2, "label": "2 unread"}
    assert before["Cache-Control"].startswith("max-age=0")
    assert after.json() == {"unread": 0, "label": "0 unread"}


def test_the_unread_count_is_for_signed_in_users_only(client) -> None:
    assert client.get(UNREAD_URL)["Location"] == f"/accounts/login/?next={UNREAD_URL}"


def test_the_header_asks_for_the_count_after_the_page_at_no_query(ana) -> None:
    notifications_create(texts=[(ana, "One")], url="/requests/1/")
    client = signed_in(ana)
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        home = client.get("/").content.decode()

    assert f'<span data-unread-url="{UNREAD_URL}" hidden></span>' in home
    assert 'src="/static/inbox/unread.js"' in home
    assert [q["sql"] for q in queries if "inbox_notification" in q["sql"]] == []
    assert "data-unread-url" not in Client().get("/").content.decode()


def test_an_empty_list_says_so(ana) -> None:
    assert "You have no notifications." in signed_in(ana).get(URL).content.decode()


def test_a_long_text_is_cut_to_the_field(ana) -> None:
    (notification,) = notifications_create(texts=[(ana, "x" * 600)], url="/requests/1/")

    assert len(notification.text) == 500


def test_the_page_costs_the_same_queries_however_many_notifications(
    ana, django_assert_num_queries
) -> None:
    client = signed_in(ana)
    notifications_create(texts=[(ana, "One")], url="/requests/1/")
    client.get(URL)
    notifications_create(texts=[(ana, "Two")], url="/requests/1/")
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    notifications_create(texts=[(ana, f"Many {n}") for n in range(30)], url="/requests/1/")

    with django_assert_num_queries(len(few)):
        assert client.get(URL).status_code == 200


def test_older_notifications_are_on_later_pages_and_stay_new_until_shown(ana, monkeypatch) -> None:
    monkeypatch.setattr("mieux.inbox.views.PAGE_SIZE", 2)
    for text in ("Oldest", "Middle", "Newest"):
        notifications_create(texts=[(ana, text)], url="/requests/1/")
    client = signed_in(ana)

    first = client.get(URL).content.decode()

    assert "Newest" in first
    assert "Middle" in first
    assert "Oldest" not in first
    assert 'rel="next"' in first
    assert unread_count(ana) == 1
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Oldest" in second
    assert "Newest" not in second
    assert unread_count(ana) == 0
    # A page past the end shows the last one, as the other lists do.
    assert "Oldest" in client.get(URL, {"page": 99}).content.decode()
