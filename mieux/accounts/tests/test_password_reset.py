"""Password reset by e-mail: the form, the e-mail in the user's language with an absolute link on
MIEUX_SITE_URL, the link's page, and what must not happen (enumeration, floods, weak passwords)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.utils import timezone

from mieux.accounts.models import User
from mieux.accounts.passwords import RESET_EMAIL_INTERVAL, password_reset_request
from mieux.accounts.tests.factories import UserFactory
from mieux.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("password_only")]

MISMATCH = "The two new passwords are not the same. Type them again."

OLD_PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a quite different passphrase 42"
SITE_URL = "https://mieux.example.org"
RESET_URL = "/accounts/password/reset/"
SENT_URL = "/accounts/password/reset/sent/"


@pytest.fixture(autouse=True)
def site(settings):
    settings.MIEUX_SITE_URL = SITE_URL


@pytest.fixture
def ana(db) -> User:
    user = UserFactory(
        username="ana", email="ana.perez@example.org", first_name="Ana", last_name="Pérez"
    )
    user.set_password(OLD_PASSWORD)
    user.save()
    return user


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Send the reset form with `email`, running the on-commit hooks (the e-mail)."""

    def post(email: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET_URL, {"email": email}, **extra)

    return post


def link_in(body: str) -> str:
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 2, links  # the reset link, then the site's address
    return links[0]


def test_password_reset_works_end_to_end_with_the_e_mail_s_link(ask, ana) -> None:
    other_session = Client()
    other_session.force_login(ana)

    response = ask("ana.perez@example.org")

    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana.perez@example.org"]
    assert message.subject == "Choose a new password for mieux"
    assert "Dear Ana Pérez," in message.body
    assert "account ana" in message.body
    assert "it works once and for 3 days" in message.body
    link = link_in(message.body)
    assert link.startswith(SITE_URL + "/accounts/password/reset/")

    browser = Client()
    # Django swaps the token for a session key and drops it from the address.
    landing = browser.get(urlsplit(link).path)
    assert landing.status_code == 302
    form_page = browser.get(landing["Location"])
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    assert 'autocomplete="new-password"' in form_page.text
    done = browser.post(
        landing["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/complete/"
    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD)
    assert not ana.check_password(OLD_PASSWORD)
    assert browser.get(done["Location"]).status_code == 200
    # Every session signed in with the old password has ended.
    assert other_session.get("/accounts/settings/").status_code == 302
    assert list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(ana.pk))
        .order_by("id")
        .values_list("verb", "actor_id")
    ) == [("user.password_reset_requested", None), ("user.password_reset", ana.pk)]
    # The link works once.
    again = Client().get(urlsplit(link).path, follow=True)
    assert again.context["validlink"] is False
    assert "This link does not work any more" in again.text


def test_the_e_mail_is_in_the_user_s_preferred_language(ask, ana) -> None:
    ana.preferred_language = "es"
    ana.save()

    ask("ana.perez@example.org")

    # The greeting is already in the catalogues: the e-mail was rendered in Spanish.
    assert mail.outbox[0].body.startswith("Estimado/a Ana Pérez:")


def test_the_link_is_built_on_the_site_url_not_the_request_s_host(ask, ana) -> None:
    ask("ana.perez@example.org", headers={"host": "localhost"})

    assert link_in(mail.outbox[0].body).startswith(SITE_URL + "/")


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(ask, ana) -> None:
    known = ask("ana.perez@example.org")
    unknown = ask("nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [message.to for message in mail.outbox] == [["ana.perez@example.org"]]
    assert not AuditEvent.objects.exclude(object_id=str(ana.pk)).exists()


def test_the_sent_page_says_the_same_for_every_address(client) -> None:
    response = client.get(SENT_URL)

    assert response.status_code == 200
    assert "If an account uses the address you typed" in response.text
    assert "Nothing after 5 minutes?" in response.text


def test_the_address_matches_whatever_its_case(ask, ana) -> None:
    ask("  Ana.Perez@EXAMPLE.org ")

    assert [message.to for message in mail.outbox] == [["ana.perez@example.org"]]


def test_no_e_mail_for_an_inactive_account_or_one_without_a_password(ask, ana) -> None:
    ana.is_active = False
    ana.save()
    invited = UserFactory(username="invited", email="invited@example.org")
    invited.set_unusable_password()
    invited.save()

    ask("ana.perez@example.org")
    ask("invited@example.org")

    assert mail.outbox == []


def test_a_second_request_within_the_interval_sends_no_second_e_mail(ask, ana) -> None:
    ask("ana.perez@example.org")
    second = ask("ana.perez@example.org")

    assert second["Location"] == SENT_URL
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="user.password_reset_requested").count() == 1


def test_after_the_interval_another_e_mail_goes(ana, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert password_reset_request(email=ana.email) == 1
    later = timezone.now() + RESET_EMAIL_INTERVAL + datetime.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert password_reset_request(email=ana.email, at=later) == 1

    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an address", "Enter a valid email address."),
        ("", "This field is required."),
        ("a" * 250 + "@example.org", "Ensure this value has at most 254 characters"),
    ],
)
def test_a_bad_address_is_refused_with_the_reason(ask, ana, email, message) -> None:
    response = ask(email)

    assert response.status_code == 400
    assert message in response.text
    assert mail.outbox == []
    assert not AuditEvent.objects.exists()


@pytest.fixture
def reset_page(ask, ana):
    """The page of the e-mail's link, as a client that followed it, and its address."""
    ask(ana.email)
    browser = Client()
    landing = browser.get(urlsplit(link_in(mail.outbox[0].body)).path)
    return browser, landing["Location"]


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("short1", "short1", "This password is too short. It must contain at least 8 characters."),
        ("12345678901", "12345678901", "This password is entirely numeric."),
        ("password123", "password123", "This password is too common."),
        ("ana.perez.example", "ana.perez.example", "The password is too similar to the"),
        (
            NEW_PASSWORD,
            NEW_PASSWORD + "!",
            MISMATCH,
        ),
    ],
)
def test_a_weak_or_mistyped_new_password_is_refused_and_nothing_changes(
    reset_page, ana, first, second, message
) -> None:
    browser, address = reset_page

    response = browser.post(address, {"new_password1": first, "new_password2": second})

    assert response.status_code == 400
    assert message in response.text
    ana.refresh_from_db()
    assert ana.check_password(OLD_PASSWORD)
    assert not AuditEvent.objects.filter(verb="user.password_reset").exists()


def test_a_tampered_link_shows_that_it_does_not_work(client, ana) -> None:
    response = client.get("/accounts/password/reset/MQ/not-a-token/")

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "Ask for a new link" in response.text


def test_a_reset_lifts_the_sign_in_lockout_of_the_username(reset_page, ana, settings) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"username": "ana", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="ana").exists()
    browser, address = reset_page

    browser.post(address, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert not AccessAttempt.objects.filter(username="ana").exists()
    signed_in = Client().post("/accounts/login/", {"username": "ana", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_the_sign_in_page_links_to_the_reset(client) -> None:
    response = client.get("/accounts/login/")

    assert '<a href="/accounts/password/reset/">Forgot your password?</a>' in response.text
