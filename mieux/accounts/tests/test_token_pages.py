"""The page "API tokens" (/accounts/tokens/): every signed-in role lists, creates and revokes its
own tokens; the raw token is shown once; other users' tokens do not exist for them."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mieux.accounts.models import ApiToken, Membership, Role, User, hash_token
from mieux.accounts.tests.factories import InstitutionFactory, UserFactory
from mieux.accounts.token_forms import ApiTokenCreateForm
from mieux.accounts.tokens import api_token_create, api_token_revoke
from mieux.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:token_list")
RAW_TOKEN = re.compile(r"mx_[A-Za-z0-9_-]{43}")
ROLES = ("partner", "expert", "officer", "steering", "knowledge")


def revoke_url(token: ApiToken) -> str:
    return reverse("accounts:token_revoke", kwargs={"token_id": token.pk})


def make_user(role: str, username: str | None = None) -> User:
    user = UserFactory(username=username or f"demo-{role}", is_staff=role == "officer")
    membership_role = {
        "partner": Role.PARTNER_FOCAL_POINT,
        "expert": Role.EXPERT,
        "officer": Role.PROJECT_OFFICER,
        "steering": Role.STEERING_MEMBER,
        "knowledge": Role.KNOWLEDGE_MANAGER,
    }[role]
    institution = InstitutionFactory() if role == "partner" else None
    Membership.objects.create(user=user, role=membership_role, institution=institution)
    return user


def signed_in(user: User, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def table_sizes() -> dict[str, int]:
    return {"tokens": ApiToken.objects.count(), "audit events": AuditEvent.objects.count()}


@pytest.fixture
def ana() -> User:
    return make_user("partner", "ana")


@pytest.fixture
def bruno() -> User:
    return make_user("expert", "bruno")


# --- who may come ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url_name"),
    [("get", "list"), ("post", "list"), ("get", "revoke"), ("post", "revoke")],
)
def test_anonymous_is_sent_to_sign_in_and_nothing_changes(ana, method, url_name) -> None:
    token, _raw = api_token_create(user=ana, name="etl")
    url = LIST if url_name == "list" else revoke_url(token)
    sizes = table_sizes()

    response = getattr(Client(), method)(url, {"name": "sneaky"} if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert table_sizes() == sizes
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_its_own_tokens(role: str, bruno) -> None:
    user = make_user(role)
    older, _ = api_token_create(user=user, name="older script")
    newer, _ = api_token_create(user=user, name="newer script")
    theirs, _ = api_token_create(user=bruno, name="bruno's secret script")

    response = signed_in(user).get(LIST)

    assert response.status_code == 200
    assert response.context["tokens"] == [newer, older]
    html = response.content.decode()
    assert "older script" in html
    assert "newer script" in html
    assert "bruno&#x27;s secret script" not in html
    assert theirs.token_prefix not in html
    assert "use the mieux API as you" in html


@pytest.mark.parametrize("role", ROLES)
def test_each_role_can_create_a_token(role: str) -> None:
    user = make_user(role)

    response = signed_in(user).post(LIST, {"name": f"{role} script"})

    assert response.status_code == 200
    assert ApiToken.objects.get().user == user


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_token_is_a_404_and_nothing_changes(ana, bruno, method: str) -> None:
    token, _raw = api_token_create(user=bruno, name="bruno's")
    sizes = table_sizes()

    response = getattr(signed_in(ana), method)(revoke_url(token))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert table_sizes() == sizes


def test_unknown_token_id_is_a_404(ana) -> None:
    assert (
        signed_in(ana).get(reverse("accounts:token_revoke", kwargs={"token_id": 999})).status_code
        == 404
    )


def test_header_links_to_the_page_for_signed_in_users_only(ana) -> None:
    link = f'href="{LIST}"'

    assert link in signed_in(ana).get(reverse("portfolio:home")).content.decode()
    assert link not in Client().get(reverse("portfolio:home")).content.decode()


# --- creating -------------------------------------------------------------------------------------


def test_create_shows_the_raw_token_once_and_it_works_against_the_api(ana) -> None:
    client = signed_in(ana)

    response = client.post(LIST, {"name": "monthly report", "expires_in_days": "30"})

    assert response.status_code == 200
    html = response.content.decode()
    shown = RAW_TOKEN.findall(html)
    assert len(shown) == 1
    raw = shown[0]
    assert "it cannot be shown again" in html
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.user == ana
    assert token.name == "monthly report"
    assert token.token_hash == hash_token(raw)
    assert token.expires_at is not None
    assert (
        datetime.timedelta(days=29, hours=23)
        < token.expires_at - timezone.now()
        <= datetime.timedelta(days=30)
    )
    event = AuditEvent.objects.get()
    assert event.verb == "api_token.create"
    assert event.actor == ana
    assert raw not in str(event.after)
    # Never kept anywhere the next response could show it again.
    assert raw not in str(dict(client.session.items()))
    assert raw not in str(client.cookies)
    again = client.get(LIST)
    assert raw not in again.content.decode()
    assert RAW_TOKEN.findall(again.content.decode()) == []
    assert token.token_prefix in again.content.decode()
    api = Client().get("/api/v1/requests", headers={"authorization": f"Bearer {raw}"})
    assert api.status_code == 200
    assert api.json() == {"count": 0, "next": None, "items": []}


def test_create_without_expiry_never_expires(ana) -> None:
    response = signed_in(ana).post(LIST, {"name": "etl"})

    assert response.status_code == 200
    assert ApiToken.objects.get().expires_at is None


def test_create_with_an_expiry_date_expires_at_the_start_of_that_day(ana) -> None:
    day = timezone.now().date() + datetime.timedelta(days=10)

    response = signed_in(ana).post(LIST, {"name": "etl", "expires_on": day.isoformat()})

    assert response.status_code == 200
    assert ApiToken.objects.get().expires_at == datetime.datetime.combine(
        day, datetime.time(0, 0), tzinfo=datetime.UTC
    )


def _in_two_years_and_a_day() -> str:
    return (timezone.now().date() + datetime.timedelta(days=732)).isoformat()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        (
            {"name": "x" * 101},
            "name",
            "Ensure this value has at most 100 characters (it has 101).",
        ),
        (
            {"name": "etl", "expires_in_days": "0"},
            "expires_in_days",
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            {"name": "etl", "expires_in_days": "731"},
            "expires_in_days",
            "Ensure this value is less than or equal to 730.",
        ),
        ({"name": "etl", "expires_in_days": "soon"}, "expires_in_days", "Enter a whole number."),
        (
            {"name": "etl", "expires_in_days": "9" * 5000},
            "expires_in_days",
            "Enter a whole number.",
        ),
        ({"name": "etl", "expires_on": "31/12/2030"}, "expires_on", "Enter a valid date."),
        (
            {"name": "etl", "expires_in_days": "5", "expires_on": "2030-01-01"},
            "expires_on",
            "Give the expiry either in days or as a date, not both.",
        ),
        (
            {"name": "etl", "expires_on": "2020-01-01"},
            "expires_on",
            "The expiry must be in the future.",
        ),
        (
            {"name": "etl", "expires_on": _in_two_years_and_a_day()},
            "expires_on",
            "A token may be valid for at most two years (730 days); choose an earlier expiry, "
            "and create a new token when this one expires.",
        ),
    ],
)
def test_bad_input_is_a_form_error_naming_the_field_and_creates_nothing(
    ana, data: dict[str, str], field: str, message: str
) -> None:
    response = signed_in(ana).post(LIST, data)

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert f'href="#field-{field}"' in html
    assert RAW_TOKEN.findall(html) == []
    assert table_sizes() == {"tokens": 0, "audit events": 0}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "etl\x00", "Null characters are not allowed."),
        ("expires_on", "2030-01-01\x00", "Enter a valid date."),
        ("expires_in_days", "5\x00", "Enter a whole number."),
    ],
)
def test_form_refuses_nul_characters(field: str, value: str, message: str) -> None:
    form = ApiTokenCreateForm({"name": "etl", field: value})

    assert form.errors == {field: [message]}


@pytest.mark.parametrize("data", [{"name": "etl\x00"}, {"name": "etl", "expires_in_days": "5\x00"}])
def test_nul_characters_are_refused_and_create_nothing(ana, data: dict[str, str]) -> None:
    # Refused before the view (mieux.core.middleware) or by the form: a 400 either way.
    response = signed_in(ana).post(LIST, data)

    assert response.status_code == 400
    assert RAW_TOKEN.findall(response.content.decode()) == []
    assert table_sizes() == {"tokens": 0, "audit events": 0}


def test_create_needs_the_csrf_token(ana) -> None:
    response = signed_in(ana, enforce_csrf_checks=True).post(LIST, {"name": "etl"})

    assert response.status_code == 403
    assert table_sizes() == {"tokens": 0, "audit events": 0}


def test_two_factor_is_needed_before_creating_a_token(settings) -> None:
    settings.MIEUX_REQUIRE_TWO_FACTOR = True
    officer = make_user("officer")

    page = signed_in(officer).get(LIST)
    create = signed_in(officer).post(LIST, {"name": "etl"})

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert create.status_code == 302
    assert table_sizes() == {"tokens": 0, "audit events": 0}


# --- the list -------------------------------------------------------------------------------------


def test_list_shows_last_use_expiry_and_status(ana) -> None:
    now = timezone.now()
    unused, _ = api_token_create(user=ana, name="unused")
    used, _ = api_token_create(user=ana, name="used", expires_at=now + datetime.timedelta(days=3))
    expired, _ = api_token_create(user=ana, name="expired")
    revoked, _ = api_token_create(user=ana, name="revoked")
    ApiToken.objects.filter(pk=used.pk).update(
        last_used_at=datetime.datetime(2026, 2, 3, 10, 15, tzinfo=datetime.UTC)
    )
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=now - datetime.timedelta(days=1))
    api_token_revoke(actor=ana, api_token=revoked)

    html = signed_in(ana).get(LIST).content.decode()

    rows = {
        token.name: html.split(f'id="token-{token.pk}"')[1].split("</tr>")[0]
        for token in (unused, used, expired, revoked)
    }
    assert rows["unused"].count("never") == 2  # never used, never expires
    assert "Active" in rows["unused"]
    assert revoke_url(unused) in rows["unused"]
    assert '<time datetime="2026-02-03T10:15:00+00:00">' in rows["used"]
    assert "never" not in rows["used"]
    assert "Expired" in rows["expired"]
    assert revoke_url(expired) in rows["expired"]
    assert "Revoked" in rows["revoked"]
    assert revoke_url(revoked) not in rows["revoked"]


def test_user_without_tokens_sees_the_empty_state(ana) -> None:
    response = signed_in(ana).get(LIST)

    assert response.status_code == 200
    assert "You have no API tokens." in response.content.decode()


def test_list_query_count_does_not_grow_with_tokens(ana, django_assert_max_num_queries) -> None:
    client = signed_in(ana)
    api_token_create(user=ana, name="first")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    baseline = len(few.captured_queries)
    for number in range(5):
        token, _ = api_token_create(user=ana, name=f"more {number}")
        if number % 2:
            api_token_revoke(actor=ana, api_token=token)

    with django_assert_max_num_queries(baseline):
        response = client.get(LIST)

    assert len(response.context["tokens"]) == 6


# --- revoking -------------------------------------------------------------------------------------


def test_revoke_asks_for_confirmation_first(ana) -> None:
    token, _raw = api_token_create(user=ana, name="etl")

    response = signed_in(ana).get(revoke_url(token))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<form method="post" action="{revoke_url(token)}">' in html
    assert "csrfmiddlewaretoken" in html
    assert "This cannot be undone" in html
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEvent.objects.filter(verb="api_token.revoke").count() == 0


def test_revoke_revokes_audits_and_the_api_refuses_the_token(ana) -> None:
    token, raw = api_token_create(user=ana, name="etl")
    client = signed_in(ana)

    response = client.post(revoke_url(token))

    assert response.status_code == 302
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(verb="api_token.revoke")
    assert event.actor == ana
    assert "The token “etl” is revoked: it no longer works." in client.get(LIST).content.decode()
    api = Client().get("/api/v1/requests", headers={"authorization": f"Bearer {raw}"})
    assert api.status_code == 401
    assert api.json()["code"] == "not_authenticated"


def test_revoking_a_revoked_token_changes_nothing_and_says_so(ana) -> None:
    token, _raw = api_token_create(user=ana, name="etl")
    api_token_revoke(actor=ana, api_token=token)
    token.refresh_from_db()
    first = token.revoked_at
    client = signed_in(ana)
    sizes = table_sizes()

    confirm = client.get(revoke_url(token))
    response = client.post(revoke_url(token), follow=True)

    assert "This token was revoked on" in confirm.content.decode()
    assert "Revoke this token" not in confirm.content.decode()
    assert response.redirect_chain == [(LIST, 302)]
    assert "This API token was already revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at == first
    assert table_sizes() == sizes


def test_revoke_needs_the_csrf_token(ana) -> None:
    token, _raw = api_token_create(user=ana, name="etl")

    response = signed_in(ana, enforce_csrf_checks=True).post(revoke_url(token))

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
