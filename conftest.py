"""Project-wide pytest setup."""

import os

import pytest

from mieux.core.i18n import compile_catalogues

# Playwright's sync API runs an event loop in the test thread; the live server and the database
# fixtures are still used synchronously, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """Every test sees the current translations, even if the .po changed since `make install`."""
    if compile_catalogues():
        from django.utils.translation import trans_real

        # Forget catalogues loaded before the compile.
        trans_real._translations = {}
        trans_real._default = None
