"""Who is calling: a bearer token, a browser session, or nobody.

Reads are public, so authentication only identifies the caller: anonymous callers see public data,
staff also see non-public actions. Credentials that are present but wrong are refused (401) rather
than silently downgraded to anonymous, so a client with a revoked token notices.

- `Authorization: Bearer mx_...`: looked up by SHA-256 hash in `accounts.ApiToken`; revoked
  tokens and inactive users are refused; `last_used_at` is written at most once a minute.
- Django session cookie: the logged-in user; unsafe methods (POST, PUT, PATCH, DELETE) must pass
  Django's CSRF check.
- Otherwise: `AnonymousUser`.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from mieux.accounts.models import ApiToken, hash_token

LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# A raw token is "mx_" + 43 url-safe characters; anything much longer is not ours.
MAX_TOKEN_LENGTH = 128
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer mx_...` (create one with `mieux create_api_token USERNAME`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if (
            not token.startswith(ApiToken.PREFIX)
            or len(token) > MAX_TOKEN_LENGTH
            or "\x00" in token
        ):
            raise AuthenticationError(message=_("Unknown API token."))
        api_token = (
            ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
        )
        if api_token is None:
            raise AuthenticationError(message=_("Unknown API token."))
        if api_token.revoked_at is not None:
            raise AuthenticationError(message=_("This API token has been revoked."))
        if not api_token.user.is_active:
            raise AuthenticationError(message=_("The account of this API token is inactive."))
        _touch(api_token)
        return api_token.user


def _touch(api_token: ApiToken) -> None:
    """Record use, at most once a minute per token (one UPDATE, no read-modify-write race)."""
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


class SessionAuth(APIKeyCookie):
    """The Django session of a logged-in browser; CSRF-checked for unsafe methods only."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Unlike ninja's SessionAuth, an anonymous caller is never asked for a CSRF token:
        # CSRF protects a session, and an anonymous caller has none to abuse.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (
            request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise AuthorizationError(message=_("CSRF check failed."))
        return user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """The last resort: no credentials at all. Always succeeds."""
    return AnonymousUser()


# Order matters: explicit credentials first, then the session, then anonymous.
api_auth: list[Callable[[HttpRequest], Any]] = [ApiTokenAuth(), SessionAuth(), anonymous]


def caller(request: HttpRequest) -> Any:
    """The user identified for this request (AnonymousUser when none)."""
    return getattr(request, "auth", None) or AnonymousUser()
