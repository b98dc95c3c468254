"""`/api/v1/requests/{id}/messages`: the same rule as the page, and clear 4xx for bad input."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mieux.conversations.models import Message
from mieux.conversations.tests.conftest import ROLES, STAFF, text_file

pytestmark = pytest.mark.django_db


def _client(users, who) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(users[who])
    return client


def _url(assistance_request) -> str:
    return f"/api/v1/requests/{assistance_request.pk}/messages"


def _post_json(client: Client, url: str, data) -> object:
    return client.post(url, data, content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_reading_follows_the_request_s_visibility(request_in, users, role) -> None:
    submitted, recommended = request_in("submitted"), request_in("recommended")

    statuses = [_client(users, role).get(_url(r)).status_code for r in (submitted, recommended)]

    expected = {
        "anonymous": [401, 401],
        "steering": [404, 200],
        **{who: [200, 200] for who in ("partner", *STAFF)},
    }.get(role, [404, 404])
    assert statuses == expected


def test_the_list_is_the_conversation_oldest_first_with_threads(submitted, users, post) -> None:
    first = post("partner", submitted, body="Q", attachments=[text_file()])
    answer = post("officer", submitted, body="A", reply_to=first)

    body = _client(users, "partner").get(_url(submitted)).json()

    assert body["count"] == 2
    assert body["next"] is None
    assert [(m["id"], m["body"], m["reply_to"], m["thread"]) for m in body["items"]] == [
        (first.pk, "Q", None, None),
        (answer.pk, "A", first.pk, first.pk),
    ]
    attachment = body["items"][0]["attachments"][0]
    assert attachment["name"] == "note.txt"
    assert attachment["download_url"].endswith(f"/messages/files/{attachment['id']}/download")


def test_the_list_pages_by_cursor_in_a_fixed_number_of_queries(submitted, users, post) -> None:
    for number in range(5):
        post("partner", submitted, body=f"M{number}", attachments=[text_file()])
    client = _client(users, "officer")
    client.get(_url(submitted))

    with CaptureQueriesContext(connection) as small:
        first = client.get(_url(submitted) + "?limit=1").json()
    with CaptureQueriesContext(connection) as large:
        client.get(_url(submitted) + "?limit=5")
    rest = client.get(_url(submitted) + f"?limit=4&cursor={first['next']}").json()

    assert len(small) == len(large)
    assert [m["body"] for m in first["items"] + rest["items"]] == [f"M{n}" for n in range(5)]
    assert rest["next"] is None


def test_posting_as_json(submitted, users, post) -> None:
    first = post("officer", submitted)

    response = _post_json(
        _client(users, "partner"), _url(submitted), {"body": "An answer.", "reply_to": first.pk}
    )

    assert response.status_code == 201
    assert response.json()["thread"] == first.pk
    assert Message.objects.get(pk=response.json()["id"]).author == users["partner"]


def test_posting_with_files_as_multipart(submitted, users) -> None:
    response = _client(users, "partner").post(
        _url(submitted), {"body": "Files.", "file": [text_file(), text_file("b.txt")]}
    )

    assert response.status_code == 201
    assert [a["name"] for a in response.json()["attachments"]] == ["note.txt", "b.txt"]


@pytest.mark.parametrize(
    ("data", "status", "code", "field"),
    [
        ({"body": ""}, 422, "validation_error", "body"),
        ({"body": "   "}, 422, "invalid_input", "body"),
        ({"body": "x" * 10_001}, 422, "validation_error", "body"),
        ({"body": "a\x00b"}, 422, "validation_error", "body"),
        ({}, 422, "validation_error", "body"),
        ({"body": "Hi.", "reply_to": 10**9}, 422, "invalid_input", "reply_to"),
        ({"body": "Hi.", "reply_to": "1"}, 422, "validation_error", "reply_to"),
        ({"body": "Hi.", "author": 1}, 422, "validation_error", "author"),
        ([1, 2], 422, "validation_error", "body"),
    ],
    ids=[
        "empty",
        "blank",
        "too-long",
        "nul",
        "missing",
        "reply-to-nothing",
        "reply-to-text",
        "unknown-field",
        "not-an-object",
    ],
)
def test_bad_input_is_a_clear_4xx_and_changes_nothing(
    submitted, users, data, status, code, field
) -> None:
    response = _post_json(_client(users, "partner"), _url(submitted), data)

    problem = response.json()
    assert (response.status_code, problem["code"]) == (status, code)
    assert field in {error["field"] for error in problem["errors"]}
    assert Message.objects.count() == 0


def test_malformed_json_is_refused(submitted, users) -> None:
    response = _client(users, "partner").post(
        _url(submitted), b"{not json", content_type="application/json"
    )

    assert 400 <= response.status_code < 500
    assert Message.objects.count() == 0


def test_a_file_refused_by_its_content_is_an_invalid_file(submitted, users) -> None:
    response = _client(users, "partner").post(
        _url(submitted), {"body": "Bad.", "file": [text_file("r.pdf", b"MZ\x90\x00 program")]}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_file"
    assert response.json()["errors"][0]["field"] == "attachments"
    assert Message.objects.count() == 0


def test_who_may_post(request_in, users) -> None:
    recommended, withdrawn = request_in("recommended"), request_in("withdrawn")

    def status(who, assistance_request):
        return _post_json(_client(users, who), _url(assistance_request), {"body": "Hi."})

    assert status("anonymous", recommended).status_code == 401
    assert status("other_partner", recommended).status_code == 404
    assert status("expert", recommended).status_code == 404
    assert status("steering", recommended).status_code == 201
    assert status("partner", withdrawn).status_code == 403
    assert status("steering", withdrawn).status_code == 404
    assert Message.objects.count() == 1


def test_a_message_s_file_is_downloaded_by_readers_only(request_in, users, post) -> None:
    submitted = request_in("submitted")
    attachment = post("partner", submitted, attachments=[text_file()]).attachments.get()
    url = f"{_url(submitted)}/files/{attachment.pk}/download"

    served = _client(users, "officer").get(url)

    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"Notes for the officer."
    assert _client(users, "steering").get(url).status_code == 404
    assert _client(users, "anonymous").get(url).status_code == 401
