"""Security headers, the content security policy, and session and cookie settings."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from mieux.accounts.middleware import client_ip_address
from mieux.accounts.tests.factories import UserFactory
from mieux.portfolio.tests.factories import ActivityFactory, OutputFactory

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
EXPECTED_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
}
TEMPLATE_ROOTS = sorted(Path(django_settings.BASE_DIR).glob("**/templates"))
# <script> without src (an inline script; JSON data blocks are not run and are allowed),
# style="" attributes, <style> elements and on…="" event handler attributes.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def policy_of(response) -> dict[str, str]:
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict(directive.split(" ", 1) for directive in directives if directive)


def inline_code(html: str) -> list[str]:
    return [
        match.group(0)
        for pattern in (INLINE_SCRIPT, INLINE_STYLE_ATTRIBUTE, STYLE_ELEMENT, EVENT_HANDLER)
        for match in pattern.finditer(html)
    ]


@pytest.fixture
def action():
    activity = ActivityFactory(action__slug="peru-iii", action__name="Peru III")
    OutputFactory(action=activity.action)
    return activity.action


@pytest.mark.parametrize("path", ["/", "/actions/", "/accounts/login/", "/api/v1/regions"])
def test_security_headers_are_sent(client, path) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert {name: response[name] for name in EXPECTED_HEADERS} == EXPECTED_HEADERS
    assert policy_of(response) == EXPECTED_POLICY


def test_api_docs_work_under_the_same_policy(client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    assert inline_code(response.text) == []


def test_api_errors_carry_the_headers_too(client) -> None:
    response = client.get("/api/v1/nowhere")

    assert response.status_code == 404
    assert response["X-Content-Type-Options"] == "nosniff"
    assert policy_of(response) == EXPECTED_POLICY


@pytest.mark.parametrize("path", ["/", "/actions/", "/actions/peru-iii/", "/accounts/login/"])
def test_rendered_pages_have_no_inline_script_or_style(client, action, path) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert inline_code(response.text) == []


@pytest.mark.parametrize(
    "template", [path for root in TEMPLATE_ROOTS for path in root.rglob("*.html")]
)
def test_no_template_has_inline_script_or_style(template: Path) -> None:
    """The policy blocks inline code: put scripts in static files and styles in site.css."""
    assert inline_code(template.read_text()) == []


def test_inline_code_detector_finds_what_the_policy_blocks() -> None:
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json">{}</script>'
        '<p style="color: red">x</p><style>p {}</style><a onclick="go()">y</a>'
    )

    assert inline_code(html) == [
        "<script>",
        "<p style=",
        "<style>",
        "<a onclick=",
    ]


def test_session_and_csrf_cookie_settings() -> None:
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert django_settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_session_cookie_is_http_only_same_site_and_ends_with_the_browser(client, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MIEUX_REQUIRE_TWO_FACTOR = False
    user = UserFactory(username="cookie")
    user.set_password("a long enough password")
    user.save()

    response = client.post(
        "/accounts/login/", {"username": "cookie", "password": "a long enough password"}
    )

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert response.status_code == 302
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"], cookie["expires"]) == (
        True,
        "Lax",
        "",
        "",
    )


def test_argon2_is_the_first_password_hasher() -> None:
    assert django_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in django_settings.PASSWORD_HASHERS


def test_throttling_backend_comes_first() -> None:
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "mieux.accounts.backends.ThrottlingBackend"
    assert django_settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, "198.51.100.9", "192.0.2.1"),
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "203.0.113.66, 198.51.100.9", "198.51.100.9"),
        (2, "203.0.113.66, 198.51.100.9", "203.0.113.66"),
        (2, "198.51.100.9", "192.0.2.1"),
        (1, "", "192.0.2.1"),
    ],
)
def test_client_address_for_throttling(settings, proxy_count, forwarded_for, expected) -> None:
    settings.MIEUX_TRUSTED_PROXY_COUNT = proxy_count
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", headers=headers)

    assert client_ip_address(request) == expected


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_in_a_browser_without_policy_violations(live_server) -> None:
    """Chromium reports no blocked script or style on the pages, the API docs included."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    activity = ActivityFactory(action__slug="peru-iii", action__name="Peru III")
    OutputFactory(action=activity.action)
    paths = [
        "/",
        "/actions/",
        "/actions/peru-iii/",
        "/regions/",
        f"/regions/{activity.action.region.code}/",
        "/accounts/login/",
        "/api/v1/docs",
    ]
    violations: dict[str, list[str]] = {}
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        for path in paths:
            messages.clear()
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert response is not None
            assert response.status == 200
            violations[path] = [text for text in messages if "Content Security Policy" in text]
        docs_title = page.locator(".swagger-ui .info .title").inner_text()
        browser.close()

    assert violations == {path: [] for path in paths}
    assert docs_title.startswith("mieux API")
