"""Hostile input answers 4xx with a clear message and changes nothing: one test per class of defect.

The classes are those an independent probe found on PostgreSQL (issue 8): NUL characters in a
path, a query string, a form or a JSON body (server errors there, stored garbage on SQLite);
lone surrogates in JSON; oversized bodies; malformed multipart bodies; NULs in headers. Every
URL the probe named is a parameter of its class's test. They run on SQLite and PostgreSQL (the
suite's second pass), against the demo.
"""

import json
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from mieux.core.models import AuditEvent
from mieux.experts.models import Deployment, Feedback, MissionReport
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.portfolio.models import Action
from tests.demo_world import client_as, demo_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Any:
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield


def stored_state() -> dict[str, Any]:
    """What a refused request must leave as it was."""
    return {
        "audit": AuditEvent.objects.count(),
        "reports": list(MissionReport.objects.values_list("pk", "summary")),
        "feedback": list(Feedback.objects.values_list("pk", "comment", "score")),
        "requests": list(AssistanceRequest.objects.values_list("pk", "status", "title", "version")),
        "transitions": RequestTransition.objects.count(),
    }


def problem(response) -> dict[str, Any]:
    assert response["Content-Type"].startswith("application/problem+json")
    return json.loads(response.content)


def completed_deployment() -> Deployment:
    return Deployment.objects.get(expert__user__username="demo-expert", status="completed")


def partner_feedback() -> Feedback:
    return Feedback.objects.filter(author__username="demo-partner-mx").order_by("pk").first()


def under_assessment() -> AssistanceRequest:
    return AssistanceRequest.objects.get(title__startswith="Temporary worker permits")


# --- NUL in a path segment: a 404 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("anonymous", "/countries/%00/"),
        ("anonymous", "/regions/%00/"),
        ("anonymous", "/actions/a%00b/"),
        ("officer", "/history/request%00/1/"),
        ("anonymous", "/api/v1/countries/%00"),
        ("anonymous", "/api/v1/actions/peru%00"),
        ("officer", "/api/v1/thematic-areas/IMT%00"),
    ],
)
def test_a_nul_in_a_path_segment_is_a_404(role: str, path: str) -> None:
    response = client_as(role).get(path)

    assert response.status_code == 404
    if path.startswith("/api/"):
        assert problem(response)["code"] == "not_found"


# --- NUL in a query parameter: refused, naming the parameter ----------------------------------


@pytest.mark.parametrize(
    ("role", "path", "field"),
    [
        ("anonymous", "/actions/?region=%00", "region"),
        ("anonymous", "/actions/?theme=%00", "theme"),
        ("anonymous", "/actions/?page=1&country=P%00E", "country"),
        ("officer", "/planning/?region=%00", "region"),
        ("manager", "/dashboard/?region=%00", "region"),
        ("officer", "/experts/?q=a%00", "q"),
    ],
)
def test_a_nul_in_a_page_s_query_is_a_400_naming_the_parameter(
    role: str, path: str, field: str
) -> None:
    response = client_as(role).get(path)

    assert response.status_code == 400
    assert f"“{field}” contains a NUL character (U+0000)" in response.text


@pytest.mark.parametrize(
    ("role", "path", "field"),
    [
        ("anonymous", "/api/v1/actions?region=%00", "region"),
        ("anonymous", "/api/v1/activities?theme=IMT%00", "theme"),
        ("officer", "/api/v1/experts?q=%00", "q"),
        ("officer", "/api/v1/audit?object=request:1%00", "object"),
        ("anonymous", "/api/v1/actions?%00=1", "\\u0000"),
    ],
)
def test_a_nul_in_an_api_query_is_a_422_naming_the_parameter(
    role: str, path: str, field: str
) -> None:
    response = client_as(role).get(path)

    assert response.status_code == 422
    body = problem(response)
    assert body["code"] == "validation_error"
    assert [(e["field"], e["location"]) for e in body["errors"]] == [(field, "query")]


# --- NUL or a lone surrogate in a JSON body: 422 naming the field, nothing stored -------------


def _report_url() -> str:
    return f"/api/v1/deployments/{completed_deployment().pk}/report"


def _feedback_url() -> str:
    return f"/api/v1/activities/{partner_feedback().activity_id}/feedback"


@pytest.mark.parametrize("bad_text", ["a\u0000b", "\u0000", "a\ud800b", "\udfff"])
@pytest.mark.parametrize(
    ("role", "method", "url", "body", "field"),
    [
        ("expert", "put", _report_url, {"summary": "{bad}"}, "summary"),
        ("partner", "put", _feedback_url, {"score": 4, "comment": "{bad}"}, "comment"),
        ("partner", "post", lambda: "/api/v1/requests", {"title": "{bad}"}, "title"),
        (
            "partner",
            "post",
            lambda: "/api/v1/requests",
            {"title": "Ok", "languages": ["es"], "context": {"nested": "{bad}"}},
            "nested",
        ),
    ],
)
def test_a_nul_or_lone_surrogate_in_a_json_body_is_a_422_and_nothing_is_stored(
    bad_text: str, role: str, method: str, url, body: dict, field: str
) -> None:
    before = stored_state()
    text = json.dumps(body).replace("{bad}", json.dumps(bad_text)[1:-1])

    response = getattr(client_as(role), method)(url(), text, content_type="application/json")

    assert response.status_code == 422
    errors = problem(response)["errors"]
    assert [(e["field"], e["location"]) for e in errors] == [(field, "body")]
    assert stored_state() == before


# --- NUL in a form field: a 400 page, nothing stored, nothing sent ----------------------------


def test_a_nul_in_a_form_field_is_a_400_and_nothing_is_stored_or_sent() -> None:
    assistance_request = under_assessment()
    before = stored_state()
    mail.outbox.clear()

    response = client_as("officer").post(
        f"/requests/{assistance_request.pk}/assessment/",
        {
            "request_id": assistance_request.pk,
            "transition": "recommend",
            "reason": "Fits\x00 the facility.",
            "version": assistance_request.version,
        },
    )

    assert response.status_code == 400
    assert "“reason” contains a NUL character (U+0000)" in response.text
    assert "Nothing was saved." in response.text
    assert stored_state() == before
    assert mail.outbox == []


def test_a_too_long_reason_on_a_page_names_the_limit_as_the_api_does() -> None:
    assistance_request = under_assessment()
    before = stored_state()
    reason = "x" * 100_000

    page = client_as("officer").post(
        f"/requests/{assistance_request.pk}/assessment/",
        {
            "request_id": assistance_request.pk,
            "transition": "recommend",
            "reason": reason,
            "version": assistance_request.version,
        },
    )
    api = client_as("officer").post(
        f"/api/v1/requests/{assistance_request.pk}/transitions",
        {"transition": "recommend", "reason": reason},
        content_type="application/json",
    )

    assert page.status_code == 400
    assert "That step could not be understood" not in page.text
    assert "At most 5000 characters are allowed here; this has 100000." in page.text
    assert api.status_code == 422
    (error,) = problem(api)["errors"]
    assert (error["field"], error["location"]) == ("reason", "body")
    assert stored_state() == before


# --- A NUL in a header or cookie: a 400 before anything reads it ------------------------------


@pytest.mark.parametrize("path", ["/actions/", "/api/v1/actions", "/accounts/login/"])
@pytest.mark.parametrize(
    "header", [{"HTTP_USER_AGENT": "a\x00b"}, {"HTTP_COOKIE": "sessionid=abcdefgh\x00ijk"}]
)
def test_a_nul_in_a_header_is_a_400(path: str, header: dict[str, str]) -> None:
    response = client_as("anonymous").get(path, **header)

    assert response.status_code == 400
    if path.startswith("/api/"):
        assert problem(response)["code"] == "malformed_request"


# --- Oversized bodies: a 413, not a server error ----------------------------------------------


def test_a_json_body_over_the_memory_limit_is_a_413_problem() -> None:
    before = stored_state()
    huge = json.dumps({"summary": "x" * (3 * 1024 * 1024)})

    response = client_as("expert").put(_report_url(), huge, content_type="application/json")

    assert response.status_code == 413
    body = problem(response)
    assert body["code"] == "request_too_large"
    assert "2.5" in body["detail"]
    assert stored_state() == before


@override_settings(MIEUX_MAX_REQUEST_BYTES=1024)
@pytest.mark.parametrize(
    ("path", "is_api"), [("/api/v1/requests", True), ("/accounts/login/", False)]
)
def test_a_request_over_the_size_limit_is_a_413_before_its_body_is_read(
    path: str, is_api: bool
) -> None:
    before = stored_state()

    response = client_as("partner").post(path, {"title": "x" * 4000})

    assert response.status_code == 413
    if is_api:
        assert problem(response)["code"] == "request_too_large"
    else:
        assert "Too much at once" in response.text
    assert stored_state() == before


def test_a_long_text_field_is_a_422_naming_its_limit() -> None:
    before = stored_state()

    response = client_as("expert").put(
        _report_url(), {"summary": "x" * 1_000_000}, content_type="application/json"
    )

    assert response.status_code == 422
    (error,) = problem(response)["errors"]
    assert (error["field"], error["location"]) == ("summary", "body")
    assert stored_state() == before


# --- Malformed multipart: a 400 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\n"),
        ("multipart/form-data; boundary=", b"--x\r\n"),
    ],
)
def test_a_malformed_multipart_body_is_a_400(content_type: str, body: bytes) -> None:
    draft = AssistanceRequest.objects.get(title__startswith="Guía para identificar")
    before = stored_state()
    client = client_as("other_partner")

    api = client.post(f"/api/v1/requests/{draft.pk}/attachments", body, content_type=content_type)
    page = client.post(f"/requests/{draft.pk}/edit/4/", body, content_type=content_type)

    assert api.status_code == 400
    assert problem(api)["code"] == "malformed_request"
    assert page.status_code == 400
    assert stored_state() == before


# --- A refused value names the field where the caller sent it ---------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Ok", "country": "QQ"}, "country"),
        ({"title": "Ok", "thematic_areas": ["NOPE"]}, "thematic_areas"),
        ({"title": "Ok", "languages": ["qq"]}, "languages"),
        (
            {"title": "Ok", "desired_start": "2027-05-01", "desired_end": "2027-01-01"},
            "desired_end",
        ),
        ({"title": "   "}, "title"),
    ],
)
def test_a_refused_body_field_is_named_with_location_body(body: dict, field: str) -> None:
    before = stored_state()

    response = client_as("partner").post(
        "/api/v1/requests", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 422
    errors = problem(response)["errors"]
    assert (errors[0]["field"], errors[0]["location"]) == (field, "body")
    assert stored_state() == before


@pytest.mark.parametrize("path", ["/api/v1/actions", "/api/v1/activities", "/api/v1/outputs"])
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("year=abc", "year"),
        ("year=1066", "year"),
        ("region=ZZ", "region"),
        ("country=QQ", "country"),
        ("theme=NOPE", "theme"),
        ("limit=0", "limit"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
    ],
)
def test_bad_filter_values_answer_alike(path: str, query: str, field: str) -> None:
    response = client_as("anonymous").get(f"{path}?{query}")

    assert response.status_code == 422
    body = problem(response)
    assert set(body) == {"type", "title", "status", "detail", "code", "errors"}
    assert [(e["field"], e["location"]) for e in body["errors"]] == [(field, "query")]


def test_nothing_is_stored_from_a_refused_action_filter() -> None:
    """The filters only read; still, no refused read leaves an audit event or a row behind."""
    before = (stored_state(), Action.objects.count())

    client_as("officer").get("/api/v1/actions?region=%00&status=bogus")

    assert (stored_state(), Action.objects.count()) == before
