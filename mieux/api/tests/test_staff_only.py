"""Staff-only operations refuse everyone else before reading a parameter.

A caller without the role must get the same 403 whatever they send: answering 422 to a
malformed query first would tell them about the operation's parameters, and made the answer
depend on what they typed. Anonymous callers get 401 (they may still sign in); staff get the
ordinary validation answer.
"""

import json
from typing import Any

import pytest
from django.test import Client

from mieux.api.tests.intake_factories import IntakeWorld, build_world

pytestmark = pytest.mark.django_db

# Every operation for facility staff only, each with parameters that are all wrong.
STAFF_ONLY: list[tuple[str, str, dict[str, Any]]] = [
    ("get", "/api/v1/audit", {"object": "nothing", "limit": "0"}),
    ("get", "/api/v1/lead-times", {"year": "abc", "region": "x" * 20}),
    ("get", "/api/v1/experts", {"status": "bogus", "limit": "0"}),
    ("get", "/api/v1/activities/0/expert-matches", {"minimum_level": "Z9", "limit": "0"}),
    ("post", "/api/v1/plans", {"activity_ids": "none", "time_limit": -1}),
]
NOT_STAFF = ["partner-mx", "steering", "expert", "knowledge"]


@pytest.fixture
def world(db: None) -> IntakeWorld:
    return build_world()


def call(client: Client, method: str, path: str, params: dict[str, Any]):
    if method == "get":
        return client.get(path, params)
    return client.post(path, json.dumps(params), content_type="application/json")


@pytest.mark.parametrize(("method", "path", "params"), STAFF_ONLY)
@pytest.mark.parametrize("who", NOT_STAFF)
def test_others_get_a_403_whatever_the_parameters(
    world: IntakeWorld, who: str, method: str, path: str, params: dict[str, Any]
) -> None:
    for client in (world.client(who), world.token_client(who)):
        response = call(client, method, path, params)

        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"
        assert "errors" not in response.json()


@pytest.mark.parametrize(("method", "path", "params"), STAFF_ONLY)
def test_anonymous_callers_get_a_401(
    world: IntakeWorld, method: str, path: str, params: dict[str, Any]
) -> None:
    response = call(Client(), method, path, params)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(("method", "path", "params"), STAFF_ONLY)
def test_staff_get_the_validation_answer(
    world: IntakeWorld, method: str, path: str, params: dict[str, Any]
) -> None:
    response = call(world.client("officer"), method, path, params)

    assert response.status_code == 422, response.content
    assert response.json()["errors"]
