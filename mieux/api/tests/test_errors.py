"""Every error is application/problem+json with a stable code."""

import pytest
from django.test import Client

from mieux.api.tests.conftest import World

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json; charset=utf-8"


def test_unknown_action_is_a_not_found_problem(world: World) -> None:
    response = Client().get("/api/v1/actions/atlantis-i")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "urn:mieux:problem:not_found",
        "title": "Not found",
        "status": 404,
        "detail": "No action with the slug “atlantis-i”.",
        "code": "not_found",
    }


def test_unknown_path_is_a_not_found_problem(db: None) -> None:
    response = Client().get("/api/v1/no/such/thing")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "not_found"


def test_unsupported_method_is_a_problem(db: None) -> None:
    response = Client().delete("/api/v1/actions")

    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET"
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [
        ("region", "XYZ", "Unknown region “XYZ”."),
        ("country", "ZZ", "Unknown country “ZZ”: use an ISO 3166 alpha-2 code such as PE."),
        ("theme", "NOPE", "Unknown thematic area “NOPE”."),
    ],
)
@pytest.mark.parametrize("endpoint", ["actions", "activities", "outputs"])
def test_unknown_filter_value_is_an_invalid_input_problem(
    world: World, endpoint: str, field: str, value: str, detail: str
) -> None:
    response = Client().get(f"/api/v1/{endpoint}", query_params={field: value})

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "urn:mieux:problem:invalid_input",
        "title": "Invalid input",
        "status": 422,
        "detail": detail,
        "code": "invalid_input",
        "errors": [
            {"field": field, "location": "query", "message": detail, "type": "invalid_input"}
        ],
    }


@pytest.mark.parametrize(
    ("field", "value", "error_type"),
    [
        ("country", "PER", "string_too_long"),
        ("country", "P1", "string_pattern_mismatch"),
        ("region", "a" * 9, "string_too_long"),
        ("theme", "IMT THB", "string_pattern_mismatch"),
        # A value outside the documented enum, like a malformed one: same status, same shape.
        ("status", "ONGOING", "literal_error"),
        ("status", "paused", "literal_error"),
        ("year", "17", "value_error"),
        ("year", "true", "value_error"),
        ("year", "1999", "greater_than_equal"),
        ("year", "99999999999999999999999", "value_error"),
        ("limit", "0", "greater_than_equal"),
        ("limit", "201", "less_than_equal"),
        ("limit", "-1", "value_error"),
        ("limit", "1e2", "value_error"),
        ("lang", "de", "literal_error"),
        ("cursor", "a b", "string_pattern_mismatch"),
        ("cursor", "a" * 201, "string_too_long"),
    ],
)
def test_malformed_parameter_is_a_validation_problem(
    world: World, field: str, value: str, error_type: str
) -> None:
    response = Client().get("/api/v1/actions", query_params={field: value})

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == "urn:mieux:problem:validation_error"
    assert body["code"] == "validation_error"
    assert body["status"] == 422
    assert body["title"] == "Invalid input"
    assert body["detail"] == f"Invalid value for: {field}."
    assert [(error["field"], error["location"], error["type"]) for error in body["errors"]] == [
        (field, "query", error_type)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/actions?country=P%00",
        "/api/v1/actions?region=LA%00C",
        "/api/v1/actions?theme=IMT%00",
        "/api/v1/actions?status=ongoing%00",
        "/api/v1/actions?year=2017%00",
        "/api/v1/actions?cursor=abc%00",
        "/api/v1/activities?country=%00%00",
        "/api/v1/outputs?region=%00",
        "/api/v1/countries?grouping=CAN%00",
    ],
)
def test_nul_character_in_a_parameter_is_a_client_error(world: World, url: str) -> None:
    response = Client().get(url)

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize(
    "url", ["/api/v1/actions/peru%00iii", "/api/v1/countries/P%00", "/api/v1/thematic-areas/IMT%00"]
)
def test_nul_character_in_a_path_segment_is_a_404(world: World, url: str) -> None:
    """No resource is named with a NUL: the path names nothing, whatever the route."""
    response = Client().get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("url", "field", "location"),
    [
        ("/api/v1/actions?country=P%00", "country", "query"),
        ("/api/v1/actions?region=%00", "region", "query"),
    ],
)
def test_nul_character_error_names_the_field(
    world: World, url: str, field: str, location: str
) -> None:
    response = Client().get(url)

    assert [(error["field"], error["location"]) for error in response.json()["errors"]] == [
        (field, location)
    ]


def test_several_invalid_parameters_are_all_reported(world: World) -> None:
    response = Client().get("/api/v1/actions", query_params={"country": "1", "limit": "0"})

    assert response.status_code == 422
    assert response.json()["detail"] == "Invalid value for: country, limit."
    assert [error["field"] for error in response.json()["errors"]] == ["country", "limit"]


def test_problem_title_follows_requested_language(world: World) -> None:
    response = Client().get("/api/v1/actions/atlantis-i", query_params={"lang": "en"})

    assert response["Content-Language"] == "en"
    assert response.json()["title"] == "Not found"
