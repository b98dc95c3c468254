"""`mieux create_api_token USERNAME [--name NAME]`: print a new API bearer token, once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mieux.accounts.models import ApiToken, User
from mieux.accounts.tokens import api_token_create

MAX_NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it. Only its hash is stored: copy it now, "
        "it cannot be shown again. Use it as 'Authorization: Bearer <token>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts as.")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'dashboard'.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        if "\x00" in username or "\x00" in name:
            raise CommandError("Username and name must not contain NUL characters.")
        if len(name) > MAX_NAME_LENGTH:
            raise CommandError(f"The token name is longer than {MAX_NAME_LENGTH} characters.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the username {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is inactive.")
        _api_token, raw_token = api_token_create(user=user, name=name)
        self.stdout.write(raw_token)
