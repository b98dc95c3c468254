"""The conversation page, its files, and the panel the request page includes."""

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from mieux.conversations import selectors
from mieux.conversations.models import Message
from mieux.conversations.tests.conftest import ROLES, STAFF, text_file
from mieux.core.models import AuditEvent
from mieux.inbox.models import Notification

pytestmark = pytest.mark.django_db


def _client(users, who) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(users[who])
    return client


def _url(assistance_request) -> str:
    return reverse("conversations:message_list", args=[assistance_request.pk])


@pytest.mark.parametrize("role", ROLES)
def test_the_page_answers_as_the_request_page_does(request_in, users, role) -> None:
    submitted, recommended = request_in("submitted"), request_in("recommended")

    statuses = [_client(users, role).get(_url(r)).status_code for r in (submitted, recommended)]

    readers = {"partner", *STAFF}
    expected = {
        "anonymous": [302, 302],
        "steering": [404, 200],
        **{role: [200, 200] for role in readers},
    }.get(role, [404, 404])
    assert statuses == expected


def test_threads_are_shown_with_their_replies_nested(submitted, users, post) -> None:
    first = post("partner", submitted, body="First question.")
    post("officer", submitted, body="First answer.", reply_to=first)
    post("partner", submitted, body="Second thread.")

    page = _client(users, "partner").get(_url(submitted)).content.decode()

    assert page.index("Second thread.") < page.index("First question.")  # latest activity first
    replies = page.index('class="conversation-replies"')
    assert page.index("First question.") < replies < page.index("First answer.")
    assert page.count('name="reply_to"') == 2
    assert 'id="new-body"' in page


def test_posting_writes_the_message_and_goes_to_it(submitted, users) -> None:
    response = _client(users, "partner").post(
        _url(submitted), {"body": "Hello.", "attachments": [text_file()]}
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_url(submitted)}#message-{message.pk}"
    assert (message.body, message.attachments.get().name) == ("Hello.", "note.txt")


def test_replying_from_the_page(submitted, users, post) -> None:
    first = post("partner", submitted)

    response = _client(users, "officer").post(
        _url(submitted), {"body": "Answer.", "reply_to": first.pk, "thread": first.pk}
    )

    assert response.status_code == 302
    assert Message.objects.get(body="Answer.").thread == first


@pytest.mark.parametrize(
    "data",
    [{"body": "   "}, {"body": "x" * 10_001}, {"body": "A reply.", "reply_to": "999999"}],
    ids=["blank", "too-long", "reply-to-nothing"],
)
def test_a_refused_post_shows_the_form_again_and_changes_nothing(submitted, users, data) -> None:
    events = AuditEvent.objects.count()

    response = _client(users, "partner").post(_url(submitted), data)

    assert response.status_code == 400
    assert 'class="field-errors"' in response.content.decode()
    assert Message.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_refused_reply_shows_its_error_in_its_thread(submitted, users, post) -> None:
    first = post("partner", submitted)

    response = _client(users, "officer").post(
        _url(submitted), {"body": " ", "reply_to": first.pk, "thread": first.pk}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="reply-{first.pk}-body-error"' in page
    assert 'id="new-body-error"' not in page
    assert Message.objects.count() == 1


def test_a_refused_file_keeps_the_typed_text(submitted, users) -> None:
    response = _client(users, "partner").post(
        _url(submitted),
        {"body": "With a bad file.", "attachments": [text_file("x.pdf", b"MZ\x90\x00")]},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "With a bad file." in page
    assert 'id="new-attachments-error"' in page
    assert Message.objects.count() == 0


def test_a_nul_in_the_text_is_refused_before_any_view(submitted, users) -> None:
    response = _client(users, "partner").post(_url(submitted), {"body": "a\x00b"})

    assert response.status_code == 400
    assert Message.objects.count() == 0


def test_a_closed_request_shows_its_messages_without_a_form(request_in, users, post) -> None:
    withdrawn = request_in("withdrawn")
    Message.objects.create(assistance_request=withdrawn, author=users["partner"], body="Old.")
    client = _client(users, "partner")

    page = client.get(_url(withdrawn)).content.decode()
    refused = client.post(_url(withdrawn), {"body": "New."})

    assert "Old." in page
    assert 'id="conversation-closed"' in page
    assert 'name="body"' not in page
    assert refused.status_code == 403
    assert Message.objects.count() == 1


def test_those_who_may_not_see_the_request_cannot_post(submitted, users) -> None:
    statuses = [
        _client(users, who).post(_url(submitted), {"body": "Hi."}).status_code
        for who in ("other_partner", "steering", "expert")
    ]

    assert statuses == [404, 404, 404]
    assert Message.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_message_s_file_is_served_to_readers_only(request_in, users, post) -> None:
    recommended = request_in("recommended")
    message = post("partner", recommended, attachments=[text_file()])
    attachment = message.attachments.get()
    url = reverse("conversations:message_attachment", args=[recommended.pk, attachment.pk])
    elsewhere = reverse(
        "conversations:message_attachment", args=[request_in("draft").pk, attachment.pk]
    )

    served = _client(users, "steering").get(url)

    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == b"Notes for the officer."
    assert _client(users, "other_partner").get(url).status_code == 404
    assert _client(users, "partner").get(elsewhere).status_code == 404


def _conversation(assistance_request, users, threads: int) -> None:
    for number in range(threads):
        first = Message.objects.create(
            assistance_request=assistance_request, author=users["partner"], body=f"T{number}"
        )
        for who in ("officer", "manager"):
            Message.objects.create(
                assistance_request=assistance_request,
                author=users[who],
                body="Reply",
                reply_to=first,
                thread=first,
            )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_reads_a_fixed_number_of_queries(request_in, users, post) -> None:
    small, large = request_in("submitted"), request_in("under_assessment")
    _conversation(small, users, 1)
    _conversation(large, users, 25)  # more than a page of threads
    post("partner", large, attachments=[text_file(), text_file("b.txt")])
    client = _client(users, "partner")
    client.get(_url(small))  # the session and the user, read once

    assert _queries(client, _url(large)) == _queries(client, _url(small))
    assert _queries(client, _url(large) + "?page=3") == _queries(client, _url(small))


def test_pages_of_threads_are_bounded(request_in, users) -> None:
    assistance_request = request_in("submitted")
    _conversation(assistance_request, users, selectors.THREADS_PER_PAGE + 1)

    page, threads = selectors.thread_page(assistance_request, 1)
    _last_page, last_threads = selectors.thread_page(assistance_request, 2)

    assert (page.paginator.count, len(threads), len(last_threads)) == (11, 10, 1)
    assert [len(thread.replies) for thread in threads] == [2] * 10


def test_the_request_page_panel_counts_in_one_query(request_in, users, post) -> None:
    recommended = request_in("recommended")
    post("partner", recommended)
    post("officer", recommended)
    # As the request page has them: the signed-in user (a lazy object, as `request.user` is)
    # with its memberships, the request with its institutions.
    user = SimpleLazyObject(lambda: users["steering"])
    prefetch_related_objects([user], "memberships")
    prefetch_related_objects([recommended], "requesting_institutions")

    with CaptureQueriesContext(connection) as captured:
        html = render_to_string(
            "conversations/_request_panel.html",
            {"assistance_request": recommended, "user": user},
        )

    assert len(captured) == 1
    assert "2 messages" in html
    assert _url(recommended) in html


def test_the_panel_shows_nothing_to_whoever_may_not_read(request_in, users) -> None:
    submitted = request_in("submitted")

    html = render_to_string(
        "conversations/_request_panel.html",
        {"assistance_request": submitted, "user": users["steering"]},
    )

    assert html.strip() == ""
