"""`mieux create_api_token USERNAME [--name NAME] [--expires-in-days N]`: print a new API bearer
token, once."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mieux.accounts.models import User
from mieux.accounts.tokens import MAX_LIFETIME_DAYS, MAX_NAME_LENGTH, api_token_create
from mieux.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it. Only its hash is stored: copy it now, "
        "it cannot be shown again. Use it as 'Authorization: Bearer <token>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts as.")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'dashboard'.")
        parser.add_argument(
            "--expires-in-days",
            dest="expires_in_days",
            default=None,
            metavar="N",
            # Read as text and checked in handle(): a bad N is one readable line, exit status 1.
            help=f"The token stops working after N days (1 to {MAX_LIFETIME_DAYS}); "
            "default: it does not expire.",
        )

    def handle(
        self,
        *args: Any,
        username: str,
        name: str,
        expires_in_days: str | int | None,
        **options: Any,
    ) -> None:
        if "\x00" in username or "\x00" in name:
            raise CommandError("Username and name must not contain NUL characters.")
        if len(name) > MAX_NAME_LENGTH:
            raise CommandError(f"The token name is longer than {MAX_NAME_LENGTH} characters.")
        expires_at = _expiry(expires_in_days)
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the username {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is inactive.")
        try:
            _api_token, raw_token = api_token_create(user=user, name=name, expires_at=expires_at)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(raw_token)


def _expiry(expires_in_days: str | int | None) -> datetime.datetime | None:
    if expires_in_days is None:
        return None
    text = str(expires_in_days).strip()
    # ASCII digits only ("²" is a digit to Python), and few of them before int() reads them.
    days = int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else 0
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise CommandError(
            f"--expires-in-days must be a whole number of days from 1 to {MAX_LIFETIME_DAYS} "
            f"(two years at most), not {shown!r}."
        )
    return timezone.now() + datetime.timedelta(days=days)
