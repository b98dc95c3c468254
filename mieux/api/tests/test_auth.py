"""Bearer tokens and sessions identify the caller; wrong credentials are refused."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import timezone
from ninja.errors import AuthorizationError

from mieux.accounts.models import ApiToken
from mieux.accounts.tokens import api_token_create
from mieux.api.auth import SessionAuth
from mieux.api.tests import factories
from mieux.api.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_valid_token_identifies_staff_user(world: World, token_client: Client) -> None:
    response = token_client.get("/api/v1/actions", query_params={"status": "planned"})

    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["costa-rica-v"]


def test_valid_token_of_partner_sees_public_actions_only(world: World, partner) -> None:
    _token, raw = api_token_create(user=partner, name="partner script")

    response = Client().get("/api/v1/actions", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize(
    "header",
    [
        "Bearer mx_unknown",
        "Bearer not-our-format",
        "Bearer ",
        "bearer mx_" + "a" * 200,
    ],
)
def test_unknown_token_is_refused(world: World, header: str) -> None:
    response = Client().get("/api/v1/actions", headers={"authorization": header})

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response["WWW-Authenticate"] == 'Bearer realm="mieux", error="invalid_token"'
    assert response.json() == {
        "type": "urn:mieux:problem:not_authenticated",
        "title": "Not authenticated",
        "status": 401,
        "detail": "Unknown API token.",
        "code": "not_authenticated",
    }


def test_revoked_token_is_refused(world: World, staff_token: tuple[ApiToken, str]) -> None:
    token, raw = staff_token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])

    response = Client().get("/api/v1/actions", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"] == "This API token has been revoked."


def test_expired_token_is_refused_with_its_own_code(
    world: World, staff_token: tuple[ApiToken, str]
) -> None:
    token, raw = staff_token
    expired_at = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=expired_at)

    response = Client().get("/api/v1/actions", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response["WWW-Authenticate"] == 'Bearer realm="mieux", error="invalid_token"'
    assert response.json() == {
        "type": "urn:mieux:problem:token_expired",
        "title": "Not authenticated",
        "status": 401,
        "detail": "This API token expired on 2026-01-05 09:30 UTC. Create a new one on your API "
        "tokens page (/accounts/tokens/) and use it instead.",
        "code": "token_expired",
    }
    token.refresh_from_db()
    assert token.last_used_at is None


def test_token_expiring_this_very_moment_is_expired(
    world: World, staff_token: tuple[ApiToken, str]
) -> None:
    token, raw = staff_token
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    response = Client().get("/api/v1/regions", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_token_not_yet_expired_works_and_its_use_is_recorded(
    world: World, staff_token: tuple[ApiToken, str]
) -> None:
    token, raw = staff_token
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    client = Client(headers={"authorization": f"Bearer {raw}"})

    response = client.get("/api/v1/actions", query_params={"status": "planned"})

    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["costa-rica-v"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_that_also_expired_is_refused_as_revoked(
    world: World, staff_token: tuple[ApiToken, str]
) -> None:
    token, raw = staff_token
    ApiToken.objects.filter(pk=token.pk).update(
        revoked_at=timezone.now(), expires_at=timezone.now() - datetime.timedelta(days=1)
    )

    response = Client().get("/api/v1/regions", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"] == "This API token has been revoked."


def test_expired_token_is_refused_on_endpoints_that_need_a_caller(
    world: World, staff_token: tuple[ApiToken, str]
) -> None:
    token, raw = staff_token
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = Client().get("/api/v1/requests", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert response["WWW-Authenticate"] == 'Bearer realm="mieux", error="invalid_token"'


def test_no_credentials_where_a_caller_is_needed_names_no_token_error(world: World) -> None:
    response = Client().get("/api/v1/requests")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="mieux"'


def test_token_of_inactive_user_is_refused(world: World, staff_token: tuple[ApiToken, str]) -> None:
    token, raw = staff_token
    token.user.is_active = False
    token.user.save(update_fields=["is_active"])

    response = Client().get("/api/v1/actions", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 401


def test_revoked_token_is_refused_on_detail_and_reference_endpoints(
    world: World, staff_token: tuple[ApiToken, str]
) -> None:
    token, raw = staff_token
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    client = Client(headers={"authorization": f"Bearer {raw}"})

    statuses = [
        client.get(url).status_code
        for url in ("/api/v1/actions/peru-iii", "/api/v1/countries", "/api/v1/thematic-areas")
    ]

    assert statuses == [401, 401, 401]


def test_token_use_is_recorded(world: World, staff_token: tuple[ApiToken, str]) -> None:
    token, raw = staff_token
    assert token.last_used_at is None

    Client().get("/api/v1/regions", headers={"authorization": f"Bearer {raw}"})

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < datetime.timedelta(seconds=10)  # type: ignore[operator]


def test_token_use_is_recorded_at_most_once_a_minute(
    world: World, staff_token: tuple[ApiToken, str], django_assert_num_queries
) -> None:
    token, raw = staff_token
    recent = timezone.now() - datetime.timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client = Client(headers={"authorization": f"Bearer {raw}"})

    with django_assert_num_queries(2):  # token lookup + regions; no UPDATE
        client.get("/api/v1/regions")

    token.refresh_from_db()
    assert token.last_used_at == recent


def test_token_use_older_than_a_minute_is_refreshed(
    world: World, staff_token: tuple[ApiToken, str]
) -> None:
    token, raw = staff_token
    old = timezone.now() - datetime.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)

    Client().get("/api/v1/regions", headers={"authorization": f"Bearer {raw}"})

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > old


def test_other_authorization_schemes_are_ignored(world: World) -> None:
    # A reverse proxy's HTTP basic auth must not lock everyone out of the public API.
    response = Client().get("/api/v1/actions", headers={"authorization": "Basic dXNlcjpwYXNz"})

    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_session_auth_requires_csrf_for_unsafe_methods() -> None:
    user = factories.StaffUserFactory.build()
    request = RequestFactory().post("/api/v1/actions")
    request.user = user

    with pytest.raises(AuthorizationError):
        SessionAuth()(request)


def test_session_auth_accepts_safe_methods_without_csrf() -> None:
    user = factories.StaffUserFactory.build()
    request = RequestFactory().get("/api/v1/actions")
    request.user = user

    assert SessionAuth()(request) is user


def test_session_auth_does_not_ask_anonymous_callers_for_csrf() -> None:
    request = RequestFactory().post("/api/v1/actions")
    request.user = AnonymousUser()

    assert SessionAuth()(request) is None
