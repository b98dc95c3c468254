"""The demo, loaded once for a test module, for tests that probe the whole site.

`demo_loaded()` loads reference data, the demo portfolio, users, requests and roster in a
transaction that is rolled back when the module is done; each test then runs in a savepoint
inside it (pytest-django's `db`), so nothing a test writes reaches the next one.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from mieux.accounts.models import User
from tests.matrix import USERNAMES

# The demo user of each role (anonymous: none), as the permission matrix names them.
DEMO_USERNAMES = USERNAMES


@contextmanager
def demo_loaded(django_db_blocker: Any, media_root: Path) -> Iterator[None]:
    with (
        override_settings(
            MEDIA_ROOT=str(media_root),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def client_as(role: str) -> Client:
    """A test client signed in as the demo user of `role` ("anonymous": not signed in)."""
    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(username=DEMO_USERNAMES[role]))
    return client
