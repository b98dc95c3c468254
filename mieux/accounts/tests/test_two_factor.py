"""TOTP two-factor sign-in for staff and steering members (MIEUX_REQUIRE_TWO_FACTOR on)."""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mieux.accounts.models import Membership, Role, User
from mieux.accounts.tests.factories import InstitutionFactory, UserFactory
from mieux.accounts.tokens import api_token_create
from mieux.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
VERIFY_URL = "/accounts/two-factor/verify/"
SETUP_URL = "/accounts/two-factor/setup/"
WRONG_CODE_MESSAGE = (
    "This code is not right. Check that your phone&#x27;s clock is correct and enter the code "
    "your app shows now."
)
ROLES_REQUIRING = [
    Role.PROJECT_OFFICER,
    Role.PROGRAMME_MANAGER,
    Role.KNOWLEDGE_MANAGER,
    Role.ADMIN,
    Role.STEERING_MEMBER,
]
ROLES_NOT_REQUIRING = [Role.PARTNER_FOCAL_POINT, Role.EXPERT]


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.MIEUX_REQUIRE_TWO_FACTOR = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def user_with_role(role: Role, username: str = "someone") -> User:
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    institution = InstitutionFactory() if role == Role.PARTNER_FOCAL_POINT else None
    Membership.objects.create(user=user, role=role, institution=institution)
    return user


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def officer() -> User:
    return user_with_role(Role.PROJECT_OFFICER, "officer")


@pytest.mark.parametrize("role", ROLES_REQUIRING)
def test_roles_that_must_use_two_factor_are_sent_to_setup(client, role) -> None:
    client.force_login(user_with_role(role))

    response = client.get("/actions/?page=2")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next={quote('/actions/?page=2', safe='')}"


def test_staff_account_without_role_must_use_two_factor_too(client) -> None:
    client.force_login(UserFactory(username="operator", is_staff=True))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next=%2F"


def test_user_with_a_device_is_sent_to_the_code_page(client, officer) -> None:
    confirmed_device(officer)
    client.force_login(officer)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY_URL}?next=%2F"


@pytest.mark.parametrize("role", ROLES_NOT_REQUIRING)
def test_partners_and_experts_are_not_affected(client, role) -> None:
    user = user_with_role(role)

    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, "next": "/actions/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/actions/"
    assert client.get("/actions/").status_code == 200
    assert client.get(SETUP_URL).status_code == 302


def test_nothing_is_enforced_while_the_setting_is_off(client, officer, settings) -> None:
    settings.MIEUX_REQUIRE_TWO_FACTOR = False
    confirmed_device(officer)

    response = client.post(
        "/accounts/login/", {"username": "officer", "password": PASSWORD, "next": "/actions/"}
    )

    assert response["Location"] == "/actions/"
    assert client.get("/actions/").status_code == 200
    assert client.get(VERIFY_URL)["Location"] == "/my-work/"


def test_sign_in_without_a_device_leads_to_setup(client, officer) -> None:
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": PASSWORD, "next": "/actions/"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next=%2Factions%2F"


def test_setup_page_shows_a_qr_code_and_the_secret(client, officer) -> None:
    client.force_login(officer)

    response = client.get(SETUP_URL, {"next": "/actions/"})

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed is False
    assert '<svg width="' in response.text
    assert "<title>QR code for your authenticator app</title>" in response.text
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', response.text)[1]
    assert len(secret.replace(" ", "")) == 32
    assert '<input type="hidden" name="next" value="/actions/">' in response.text
    assert client.get(SETUP_URL).status_code == 200
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_setup_with_a_valid_code_confirms_the_device_and_the_session(client, officer) -> None:
    client.force_login(officer)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=officer)

    response = client.post(SETUP_URL, {"token": current_code(device), "next": "/actions/"})

    assert response.status_code == 302
    assert response["Location"] == "/actions/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/actions/").status_code == 200
    event = AuditEvent.objects.get(verb="user.two_factor_enabled")
    assert (event.actor, event.object_type, event.object_id) == (
        officer,
        "accounts.user",
        str(officer.pk),
    )


def test_setup_accepts_a_code_typed_with_a_space(client, officer) -> None:
    client.force_login(officer)
    client.get(SETUP_URL)
    code = current_code(TOTPDevice.objects.get(user=officer))

    response = client.post(SETUP_URL, {"token": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=officer).confirmed is True


def test_setup_refuses_a_wrong_code(client, officer) -> None:
    client.force_login(officer)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=officer)

    response = client.post(SETUP_URL, {"token": wrong_code(device)})

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.text
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/")["Location"] == f"{SETUP_URL}?next=%2F"
    assert not AuditEvent.objects.filter(verb="user.two_factor_enabled").exists()


def test_setup_refuses_what_is_not_six_digits(client, officer) -> None:
    client.force_login(officer)

    response = client.post(SETUP_URL, {"token": "12ab56"})

    assert response.status_code == 200
    assert "Enter the six digits your authenticator app shows now." in response.text
    assert TOTPDevice.objects.get(user=officer).confirmed is False


def test_setup_page_sends_a_user_with_a_device_to_the_code_page(client, officer) -> None:
    confirmed_device(officer)
    client.force_login(officer)

    response = client.get(SETUP_URL, {"next": "/actions/"})

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY_URL}?next=%2Factions%2F"
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_sign_in_then_code_reaches_next(client, officer) -> None:
    device = confirmed_device(officer)

    signed_in = client.post(
        "/accounts/login/", {"username": "officer", "password": PASSWORD, "next": "/actions/"}
    )
    page = client.get(signed_in["Location"])
    verified = client.post(VERIFY_URL, {"token": current_code(device), "next": "/actions/"})

    assert signed_in["Location"] == f"{VERIFY_URL}?next=%2Factions%2F"
    assert page.status_code == 200
    assert page.templates[0].name == "accounts/two_factor_verify.html"
    assert verified.status_code == 302
    assert verified["Location"] == "/actions/"
    assert client.get("/actions/").status_code == 200


def test_code_page_refuses_a_wrong_code(client, officer) -> None:
    device = confirmed_device(officer)
    client.force_login(officer)

    response = client.post(VERIFY_URL, {"token": wrong_code(device)})

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.text
    assert client.get("/")["Location"] == f"{VERIFY_URL}?next=%2F"


def test_code_page_refuses_a_used_code(client, officer) -> None:
    device = confirmed_device(officer)
    code = current_code(device)
    client.force_login(officer)
    client.post(VERIFY_URL, {"token": code})
    other = Client()
    other.force_login(officer)

    response = other.post(VERIFY_URL, {"token": code})

    assert response.status_code == 200
    assert other.get("/")["Location"] == f"{VERIFY_URL}?next=%2F"


def test_code_page_slows_down_repeated_failures(client, officer) -> None:
    device = confirmed_device(officer)
    device.throttling_failure_count = 3
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    client.force_login(officer)

    response = client.post(VERIFY_URL, {"token": current_code(device)})

    assert response.status_code == 200
    assert (
        "Too many wrong codes. Wait 4 seconds, then enter the code your app shows." in response.text
    )


def test_code_page_ignores_next_pointing_elsewhere(client, officer) -> None:
    device = confirmed_device(officer)
    client.force_login(officer)

    response = client.post(
        VERIFY_URL, {"token": current_code(device), "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/my-work/"


def test_unverified_user_may_sign_out(client, officer) -> None:
    client.force_login(officer)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_unverified_user_may_switch_language(client, officer) -> None:
    client.force_login(officer)

    response = client.post("/i18n/setlang/", {"language": "es", "next": SETUP_URL})

    assert response.status_code == 302
    assert response["Location"] == SETUP_URL


def test_unverified_user_reaches_static_files_unredirected(client, officer) -> None:
    client.force_login(officer)

    response = client.get("/static/mieux/site.css")

    # Tests do not serve static files: a 404 shows the request got past the middleware.
    assert response.status_code == 404


def test_admin_is_behind_two_factor(client) -> None:
    admin = user_with_role(Role.ADMIN, "administrator")
    admin.is_staff = True
    admin.save()
    device = confirmed_device(admin)
    client.force_login(admin)

    blocked = client.get("/admin/")
    client.post(VERIFY_URL, {"token": current_code(device)})
    allowed = client.get("/admin/")

    assert blocked.status_code == 302
    assert blocked["Location"] == f"{VERIFY_URL}?next=%2Fadmin%2F"
    assert allowed.status_code == 200


def test_session_api_calls_are_refused_until_verified(client, officer) -> None:
    device = confirmed_device(officer)
    client.force_login(officer)

    refused = client.get("/api/v1/regions")
    client.post(VERIFY_URL, {"token": current_code(device)})
    allowed = client.get("/api/v1/regions")

    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json; charset=utf-8"
    assert refused.json() == {
        "type": "urn:mieux:problem:permission_denied",
        "title": "Permission denied",
        "status": 403,
        "detail": "Confirm your sign-in with a code from your authenticator app before using "
        "the API with this session.",
        "code": "permission_denied",
    }
    assert allowed.status_code == 200


def test_bearer_token_is_not_affected(officer) -> None:
    _token, raw = api_token_create(user=officer, name="script")
    with_session = Client()
    with_session.force_login(officer)

    alone = Client().get("/api/v1/regions", headers={"authorization": f"Bearer {raw}"})
    beside_session = with_session.get("/api/v1/regions", headers={"authorization": f"Bearer {raw}"})

    assert alone.status_code == 200
    assert beside_session.status_code == 200


def test_bearer_header_does_not_open_pages(client, officer) -> None:
    _token, raw = api_token_create(user=officer, name="script")
    client.force_login(officer)

    response = client.get("/", headers={"authorization": f"Bearer {raw}"})

    assert response.status_code == 302


def test_anonymous_api_calls_are_not_affected(client) -> None:
    assert client.get("/api/v1/regions").status_code == 200


def test_two_factor_pages_require_sign_in(client) -> None:
    response = client.get(VERIFY_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={VERIFY_URL}"


def test_device_of_another_user_does_not_verify(client, officer) -> None:
    other = user_with_role(Role.PROJECT_OFFICER, "other")
    other_device = confirmed_device(other)
    confirmed_device(officer)
    client.force_login(officer)

    response = client.post(VERIFY_URL, {"token": current_code(other_device)})

    assert response.status_code == 200
    assert client.get("/")["Location"] == f"{VERIFY_URL}?next=%2F"


def test_unconfirmed_device_never_verifies_a_session(officer) -> None:
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=False)
    client = Client()
    client.force_login(officer)

    response = client.post(VERIFY_URL, {"token": current_code(device)})

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next=%2Fmy-work%2F"
