"""Fixtures shared by the accounts tests."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def language_restored() -> Iterator[None]:
    """Pages served in another language leave it active in the test's thread (LocaleMiddleware
    activates a language per request and never deactivates it): restore it after each test, so
    that the next one does not read French messages."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def password_only(settings) -> None:
    """Sign-in with a password alone (two-factor off), hashed with MD5 for speed: for tests
    that are about neither two-factor sign-in nor hashing."""
    settings.MIEUX_REQUIRE_TWO_FACTOR = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
