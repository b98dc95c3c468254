"""Project-wide pytest setup."""

import os
from collections.abc import Iterator

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


@pytest.fixture(autouse=True)
def default_language_after_each_test() -> Iterator[None]:
    """A request through the test client leaves its language active in the thread (Django's
    LocaleMiddleware activates and never deactivates): without this, a test that ends on a
    French page makes the next one read French messages, and results depend on the order."""
    yield
    from django.utils import translation

    translation.deactivate()
