"""Sign-in and sign-out pages, sign-in throttling (django-axes) and password hashing (Argon2)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mieux.accounts.models import Membership, Role, User
from mieux.accounts.tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN_URL = "/accounts/login/"
LOCKOUT_MESSAGE = (
    "Too many failed sign-in attempts. For your security, signing in to this account from your "
    "network is blocked for 15 minutes. Try again later."
)
INVALID_LOGIN_MESSAGE = "Please enter a correct username and password."


@pytest.fixture
def fast_hashing(settings):
    """MD5 hashing, for speed, in tests that are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def password_only(settings):
    settings.MIEUX_REQUIRE_TWO_FACTOR = False


def user_with_role(role: Role | None, username: str = "someone") -> User:
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    if role is not None:
        institution = InstitutionFactory() if role == Role.PARTNER_FOCAL_POINT else None
        Membership.objects.create(user=user, role=role, institution=institution)
    return user


def sign_in(client: Client, username: str, password: str, **extra) -> object:
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def test_login_and_logout_urls_have_the_names_the_layout_uses() -> None:
    assert reverse("accounts:login") == "/accounts/login/"
    assert reverse("accounts:logout") == "/accounts/logout/"


def test_login_page_renders_in_the_site_layout(client) -> None:
    response = client.get(LOGIN_URL, {"next": "/actions/"})

    assert response.status_code == 200
    assert response.templates[0].name == "accounts/login.html"
    assert "base.html" in [template.name for template in response.templates]
    assert '<input type="hidden" name="next" value="/actions/">' in response.text
    assert 'autocomplete="username"' in response.text
    assert 'autocomplete="current-password"' in response.text


def test_login_page_is_translated(client) -> None:
    response = client.get(LOGIN_URL, headers={"accept-language": "es"})

    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert "Nombre de usuario" in response.text


@pytest.mark.usefixtures("fast_hashing")
@pytest.mark.parametrize("role", [None, *Role])
def test_every_role_signs_in_with_a_password_and_goes_to_next(client, role) -> None:
    user = user_with_role(role)

    response = client.post(
        LOGIN_URL, {"username": user.username, "password": PASSWORD, "next": "/actions/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/actions/"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.usefixtures("fast_hashing")
def test_sign_in_without_next_goes_to_my_work(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)

    response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/my-work/"


@pytest.mark.usefixtures("fast_hashing")
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_next_pointing_elsewhere_is_ignored(client, next_url) -> None:
    user = user_with_role(Role.PARTNER_FOCAL_POINT)

    response = client.post(
        LOGIN_URL, {"username": user.username, "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == "/my-work/"


@pytest.mark.usefixtures("fast_hashing")
def test_wrong_password_shows_the_form_again_and_signs_nobody_in(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)

    response = sign_in(client, user.username, "wrong")

    assert response.status_code == 200
    assert INVALID_LOGIN_MESSAGE in response.text
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().failures_since_start == 1


@pytest.mark.usefixtures("fast_hashing")
def test_logout_signs_out_on_post(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_logout_refuses_get(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    client.force_login(user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_requires_the_csrf_token() -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.usefixtures("fast_hashing")
def test_five_failures_lock_the_username_out_with_a_message(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    for _attempt in range(4):
        assert sign_in(client, user.username, "wrong").status_code == 200

    response = sign_in(client, user.username, "wrong")

    assert response.status_code == 429
    assert response.templates[0].name == "accounts/login.html"
    assert LOCKOUT_MESSAGE in response.text
    assert AccessAttempt.objects.get().failures_since_start == 5


@pytest.mark.usefixtures("fast_hashing")
def test_correct_password_is_refused_during_lockout(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    for _attempt in range(5):
        sign_in(client, user.username, "wrong")

    response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert LOCKOUT_MESSAGE in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("fast_hashing")
def test_lockout_is_translated(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    for _attempt in range(5):
        response = sign_in(client, user.username, "wrong", headers={"accept-language": "es"})

    assert response.status_code == 429
    assert response["Content-Language"] == "es"


@pytest.mark.usefixtures("fast_hashing")
def test_lockout_holds_for_the_same_address_only(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    for _attempt in range(5):
        sign_in(client, user.username, "wrong", REMOTE_ADDR="203.0.113.7")

    response = sign_in(client, user.username, PASSWORD, REMOTE_ADDR="198.51.100.2")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.usefixtures("fast_hashing")
def test_lockout_ends_after_fifteen_minutes(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)
    for _attempt in range(5):
        sign_in(client, user.username, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    response = sign_in(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AccessAttempt.objects.count() == 0


@pytest.mark.usefixtures("fast_hashing")
def test_admin_login_is_throttled_too(client) -> None:
    user = user_with_role(Role.ADMIN)
    user.is_staff = True
    user.save()
    for _attempt in range(5):
        client.post("/admin/login/", {"username": user.username, "password": "wrong"})

    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKOUT_MESSAGE in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("fast_hashing")
def test_test_client_login_and_force_login_still_work(client) -> None:
    user = user_with_role(Role.PROJECT_OFFICER)

    assert client.login(username=user.username, password=PASSWORD) is True
    assert client.login(username=user.username, password="wrong") is False
    other = Client()
    other.force_login(user)
    assert other.session["_auth_user_id"] == str(user.pk)


def test_new_passwords_are_hashed_with_argon2() -> None:
    user = user_with_role(Role.PARTNER_FOCAL_POINT)

    user.refresh_from_db()

    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client) -> None:
    user = UserFactory(username="veteran", password=make_password(PASSWORD, hasher="pbkdf2_sha256"))

    response = sign_in(client, "veteran", PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
