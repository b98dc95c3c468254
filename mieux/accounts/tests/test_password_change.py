"""Changing one's password while signed in: this session stays, the others end."""

import pytest
from django.test import Client

from mieux.accounts.models import User
from mieux.accounts.tests.factories import UserFactory
from mieux.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("password_only")]

MISMATCH = "The two new passwords are not the same. Type them again."

OLD_PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a quite different passphrase 42"
CHANGE_URL = "/accounts/password/change/"


@pytest.fixture
def bruno(db) -> User:
    user = UserFactory(username="bruno")
    user.set_password(OLD_PASSWORD)
    user.save()
    return user


@pytest.fixture
def signed_in(bruno) -> Client:
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": "bruno", "password": OLD_PASSWORD}).status_code
        == 302
    )
    return client


def change(client: Client, old: str, new1: str, new2: str | None = None):
    return client.post(
        CHANGE_URL,
        {
            "old_password": old,
            "new_password1": new1,
            "new_password2": new1 if new2 is None else new2,
        },
    )


def test_the_page_asks_for_the_current_and_the_new_password(signed_in) -> None:
    response = signed_in.get(CHANGE_URL)

    assert response.status_code == 200
    assert "base.html" in [template.name for template in response.templates]
    assert 'autocomplete="current-password"' in response.text
    assert response.text.count('autocomplete="new-password"') == 2
    assert "Your password must contain at least 8 characters." in response.text


def test_changing_keeps_this_session_and_ends_the_others(signed_in, bruno) -> None:
    elsewhere = Client()
    elsewhere.force_login(bruno)

    response = change(signed_in, OLD_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/"
    bruno.refresh_from_db()
    assert bruno.check_password(NEW_PASSWORD)
    settings_page = signed_in.get("/accounts/settings/")
    assert settings_page.status_code == 200
    assert "Your password is changed." in settings_page.text
    assert elsewhere.get("/accounts/settings/").status_code == 302
    assert list(
        AuditEvent.objects.filter(verb="user.password_changed").values_list("actor_id", "after")
    ) == [(bruno.pk, None)]


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("wrong", NEW_PASSWORD, None, "This is not your current password. Type it again."),
        (OLD_PASSWORD, "short1", None, "This password is too short."),
        (OLD_PASSWORD, "bruno1234", None, "The password is too similar to the username."),
        (
            OLD_PASSWORD,
            NEW_PASSWORD,
            "something else",
            MISMATCH,
        ),
        (OLD_PASSWORD, "x" * 4097, None, "Ensure this value has at most 4096 characters"),
    ],
)
def test_a_wrong_current_or_weak_new_password_is_refused_and_nothing_changes(
    signed_in, bruno, old, new1, new2, message
) -> None:
    response = change(signed_in, old, new1, new2)

    assert response.status_code == 400
    assert message in response.text
    bruno.refresh_from_db()
    assert bruno.check_password(OLD_PASSWORD)
    assert not AuditEvent.objects.filter(verb="user.password_changed").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(CHANGE_URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/change/"
