"""API tokens in the admin: expiry and last use listed, a status filter, revocation audited."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mieux.accounts.models import ApiToken, User
from mieux.accounts.tests.factories import UserFactory
from mieux.accounts.tokens import api_token_create, api_token_revoke
from mieux.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_apitoken_changelist")


@pytest.fixture
def root() -> User:
    return User.objects.create_superuser("root", "root@example.org", "correct-horse-battery")


@pytest.fixture
def admin_client(root: User) -> Client:
    client = Client()
    client.force_login(root)
    return client


@pytest.fixture
def tokens() -> dict[str, ApiToken]:
    ana = UserFactory(username="ana")
    now = timezone.now()
    made = {
        name: api_token_create(user=ana, name=name)[0]
        for name in ("never expires", "expires later", "expired", "revoked")
    }
    ApiToken.objects.filter(pk=made["expires later"].pk).update(
        expires_at=now + datetime.timedelta(days=3),
        last_used_at=datetime.datetime(2026, 2, 3, 10, 15, tzinfo=datetime.UTC),
    )
    ApiToken.objects.filter(pk=made["expired"].pk).update(
        expires_at=now - datetime.timedelta(days=1)
    )
    api_token_revoke(actor=ana, api_token=made["revoked"])
    return made


def test_changelist_shows_expiry_and_last_use(admin_client: Client, tokens) -> None:
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "column-expires_at" in html
    assert "column-last_used_at" in html
    assert "column-revoked_at" in html


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("active", ["expires later", "never expires"]),
        ("expired", ["expired"]),
        ("revoked", ["revoked"]),
        (None, ["expired", "expires later", "never expires", "revoked"]),
    ],
)
def test_status_filter(admin_client: Client, tokens, status: str | None, names: list[str]) -> None:
    response = admin_client.get(CHANGELIST, {"status": status} if status else {})

    assert response.status_code == 200
    listed = sorted(token.name for token in response.context["cl"].result_list)
    assert listed == names


def test_revoke_action_revokes_the_selected_tokens_audited(
    admin_client: Client, root: User, tokens
) -> None:
    selected = [tokens["never expires"], tokens["expired"], tokens["revoked"]]
    first_revocation = ApiToken.objects.get(pk=tokens["revoked"].pk).revoked_at

    response = admin_client.post(
        CHANGELIST,
        {"action": "revoke_tokens", "_selected_action": [token.pk for token in selected]},
        follow=True,
    )

    assert response.status_code == 200
    assert "2 tokens revoked." in response.content.decode()
    revoked = {
        token.name: token.revoked_at
        for token in ApiToken.objects.all()
        if token.revoked_at is not None
    }
    assert sorted(revoked) == ["expired", "never expires", "revoked"]
    assert revoked["revoked"] == first_revocation
    events = AuditEvent.objects.filter(verb="api_token.revoke", actor=root)
    assert sorted(event.object_id for event in events) == sorted(
        [str(tokens["never expires"].pk), str(tokens["expired"].pk)]
    )


def test_every_field_is_read_only_so_no_edit_escapes_the_audit(
    admin_client: Client, tokens
) -> None:
    token = tokens["never expires"]
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])

    page = admin_client.get(url)
    admin_client.post(url, {"revoked_at_0": "2026-01-01", "revoked_at_1": "00:00:00"})

    assert page.status_code == 200
    assert 'name="revoked_at' not in page.content.decode()
    assert 'name="expires_at' not in page.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_tokens_cannot_be_added_in_the_admin(admin_client: Client) -> None:
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
