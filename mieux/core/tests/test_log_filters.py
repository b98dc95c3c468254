"""Refused requests are logged as one line each; only server errors keep their traceback."""

import io
import logging
import sys
from collections.abc import Iterator

import pytest
from django.test import Client

from mieux.core.log_filters import ClientErrorsWithoutTraceback


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the configured console handler writes, while the test runs."""
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/audit?object=request:1", 401),
        ("/planning/", 302),  # to the sign-in page: not logged
        ("/actions/no-such-action/", 404),
        ("/api/v1/actions/no-such-action", 404),
    ],
)
def test_client_errors_are_logged_without_a_traceback(
    console: io.StringIO, path: str, status: int
) -> None:
    response = Client().get(path)

    assert response.status_code == status
    assert "Traceback" not in console.getvalue()


@pytest.mark.django_db
def test_a_forbidden_page_is_one_line_in_the_log(console: io.StringIO, django_user_model) -> None:
    user = django_user_model.objects.create_user(username="someone", password="x")
    client = Client()
    client.force_login(user)

    response = client.get("/planning/")

    assert response.status_code == 403
    logged = console.getvalue()
    assert "Forbidden" in logged
    assert "Traceback" not in logged


def _record(status_code: int) -> logging.LogRecord:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), sys.exc_info())
    record.status_code = status_code
    return record


def test_the_filter_keeps_the_traceback_of_a_server_error() -> None:
    server_error, forbidden = _record(500), _record(403)

    ClientErrorsWithoutTraceback().filter(server_error)
    ClientErrorsWithoutTraceback().filter(forbidden)

    assert server_error.exc_info is not None
    assert forbidden.exc_info is None
