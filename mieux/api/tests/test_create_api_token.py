"""`mieux create_api_token USERNAME [--name NAME] [--expires-in-days N]` and the service behind
it."""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from mieux.accounts.models import ApiToken, hash_token
from mieux.accounts.tokens import api_token_create
from mieux.api.tests import factories
from mieux.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_command_prints_the_raw_token_once_and_stores_only_its_hash() -> None:
    user = factories.StaffUserFactory.create(username="ana")
    stdout = StringIO()

    call_command("create_api_token", "ana", "--name", "dashboard", stdout=stdout)

    raw = stdout.getvalue().strip()
    token = ApiToken.objects.get()
    assert raw.startswith("mx_")
    assert len(raw) == 46
    assert stdout.getvalue() == raw + "\n"
    assert token.user == user
    assert token.name == "dashboard"
    assert token.token_hash == hash_token(raw)
    assert token.token_prefix == raw[:7]
    assert raw not in {token.token_hash, token.token_prefix, token.name}
    assert token.revoked_at is None
    assert token.last_used_at is None


def test_printed_token_authenticates_api_calls() -> None:
    factories.StaffUserFactory.create(username="ana")
    stdout = StringIO()
    call_command("create_api_token", "ana", stdout=stdout)

    response = Client().get(
        "/api/v1/regions", headers={"authorization": f"Bearer {stdout.getvalue().strip()}"}
    )

    assert response.status_code == 200


def test_command_writes_an_audit_event_without_the_secret() -> None:
    user = factories.StaffUserFactory.create(username="ana")
    stdout = StringIO()

    call_command("create_api_token", "ana", "--name", "etl", stdout=stdout)

    token = ApiToken.objects.get()
    event = AuditEvent.objects.get()
    assert event.verb == "api_token.create"
    assert event.actor == user
    assert event.object_type == "accounts.apitoken"
    assert event.object_id == str(token.pk)
    assert event.after == {
        "id": token.pk,
        "user_id": user.pk,
        "name": "etl",
        "token_prefix": token.token_prefix,
        "created_at": token.created_at.isoformat(),
        "expires_at": None,
        "revoked_at": None,
    }
    assert stdout.getvalue().strip() not in str(event.after)
    assert token.token_hash not in str(event.after)


def test_unknown_username_fails_with_one_readable_line_and_creates_nothing() -> None:
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "nobody", stdout=StringIO())

    assert str(error.value) == "No user with the username 'nobody'."
    assert ApiToken.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_inactive_user_is_refused() -> None:
    factories.UserFactory.create(username="gone", is_active=False)

    with pytest.raises(CommandError, match="inactive"):
        call_command("create_api_token", "gone", stdout=StringIO())

    assert ApiToken.objects.count() == 0


def test_overlong_name_is_refused() -> None:
    factories.UserFactory.create(username="ana")

    with pytest.raises(CommandError, match="longer than 100"):
        call_command("create_api_token", "ana", "--name", "x" * 101, stdout=StringIO())

    assert ApiToken.objects.count() == 0


def test_command_exits_non_zero_from_the_shell() -> None:
    # call_command raises; run_from_argv is what `mieux create_api_token` runs: exit status 1.
    from mieux.accounts.management.commands.create_api_token import Command

    stderr = StringIO()
    command = Command(stderr=stderr)

    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["mieux", "create_api_token", "nobody"])

    assert exit_info.value.code == 1
    assert stderr.getvalue() == "CommandError: No user with the username 'nobody'.\n"


def test_service_returns_distinct_tokens() -> None:
    user = factories.UserFactory.create(username="ana")

    first, first_raw = api_token_create(user=user, name="a")
    second, second_raw = api_token_create(user=user, name="b")

    assert first_raw != second_raw
    assert first.token_hash != second.token_hash
    assert ApiToken.objects.filter(user=user).count() == 2


def test_expires_in_days_sets_the_expiry_and_audits_it() -> None:
    factories.UserFactory.create(username="ana")
    before = timezone.now()

    call_command("create_api_token", "ana", "--expires-in-days", "30", stdout=StringIO())

    token = ApiToken.objects.get()
    after = timezone.now()
    assert token.expires_at is not None
    assert before + datetime.timedelta(days=30) <= token.expires_at
    assert token.expires_at <= after + datetime.timedelta(days=30)
    event = AuditEvent.objects.get()
    assert event.after["expires_at"] == token.expires_at.isoformat()


def test_expires_in_days_up_to_two_years_is_accepted() -> None:
    factories.UserFactory.create(username="ana")

    call_command("create_api_token", "ana", "--expires-in-days", "730", stdout=StringIO())

    token = ApiToken.objects.get()
    assert token.expires_at is not None
    assert token.expires_at - token.created_at <= datetime.timedelta(days=730)
    assert token.expires_at - token.created_at > datetime.timedelta(days=729)


@pytest.mark.parametrize(
    ("days", "shown"),
    [
        ("0", "'0'"),
        ("-3", "'-3'"),
        ("731", "'731'"),
        ("abc", "'abc'"),
        ("1.5", "'1.5'"),
        ("²", "'²'"),
        ("9" * 5000, "'" + "9" * 20 + "…'"),
        ("3\x00", "'3\\x00'"),
    ],
)
def test_bad_expires_in_days_fails_with_one_readable_line_and_creates_nothing(
    days: str, shown: str
) -> None:
    factories.UserFactory.create(username="ana")

    with pytest.raises(CommandError) as error:
        call_command("create_api_token", "ana", "--expires-in-days", days, stdout=StringIO())

    assert str(error.value) == (
        "--expires-in-days must be a whole number of days from 1 to 730 (two years at most), "
        f"not {shown}."
    )
    assert "\n" not in str(error.value)
    assert ApiToken.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_bad_expires_in_days_exits_non_zero_from_the_shell() -> None:
    # run_from_argv closes the database connection: what it created is checked above.
    from mieux.accounts.management.commands.create_api_token import Command

    stderr = StringIO()
    command = Command(stderr=stderr)

    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["mieux", "create_api_token", "ana", "--expires-in-days", "x"])

    assert exit_info.value.code == 1
    assert stderr.getvalue() == (
        "CommandError: --expires-in-days must be a whole number of days from 1 to 730 "
        "(two years at most), not 'x'.\n"
    )


def test_readme_documents_every_option_of_the_command() -> None:
    from mieux.accounts.management.commands.create_api_token import Command

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    rows = [line for line in readme.splitlines() if line.startswith("| `mieux create_api_token ")]
    parser = Command().create_parser("mieux", "create_api_token")
    options = sorted(
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and action.dest in {"name", "expires_in_days"}
    )

    assert len(rows) == 1
    assert options == ["--expires-in-days", "--name"]
    assert [option for option in options if not re.search(rf"{option}\b", rows[0])] == []
