"""Who is calling: a bearer token, a browser session, or nobody.

Reads are public, so authentication only identifies the caller: anonymous callers see public data,
staff also see non-public actions. Credentials that are present but wrong are refused (401) rather
than silently downgraded to anonymous, so a client with a revoked token notices.

- `Authorization: Bearer mx_...`: looked up by SHA-256 hash in `accounts.ApiToken`; unknown and
  revoked tokens and inactive users are refused (401 `not_authenticated`), expired tokens too,
  with their own code (401 `token_expired`); `last_used_at` is written at most once a minute.
- Django session cookie: the logged-in user; unsafe methods (POST, PUT, PATCH, DELETE) must pass
  Django's CSRF check.
- Otherwise: `AnonymousUser`.

Operations for facility staff only (`staff_only`) check the role in authentication itself, so
a caller without it gets 403 before any parameter is read: the same answer whatever they send.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from mieux.accounts.models import ApiToken, hash_token
from mieux.core.errors import PermissionDenied
from mieux.intake.policies import is_facility_staff

LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# A raw token is "mx_" + 43 url-safe characters; anything much longer is not ours.
MAX_TOKEN_LENGTH = 128
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class InvalidToken(AuthenticationError):
    """A bearer token was sent and is refused: a 401 whose problem `code` is `code`, and whose
    `WWW-Authenticate` challenge carries `error="invalid_token"` (RFC 6750 §3.1), as
    `mieux.api.errors.on_authentication_error` reads from these two attributes."""

    code = "not_authenticated"
    bearer_error = "invalid_token"

    def __init__(self, message: str) -> None:
        super().__init__(message=message)


class TokenExpired(InvalidToken):
    code = "token_expired"


class RoleCheck:
    """With `require` (a predicate on the user), a caller who is identified but fails it is a
    403 `permission_denied` saying `refusal`, raised before ninja reads any parameter."""

    def __init__(self, require: Any = None, refusal: Any = "") -> None:
        super().__init__()
        self.require = require
        self.refusal = refusal

    def permitted(self, user: Any) -> Any:
        if user is not None and self.require is not None and not self.require.test(user):
            raise PermissionDenied(str(self.refusal))
        return user


class ApiTokenAuth(RoleCheck, HttpBearer):
    """`Authorization: Bearer mx_...` (created on the page "API tokens", `/accounts/tokens/`, or
    with `mieux create_api_token USERNAME`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if (
            not token.startswith(ApiToken.PREFIX)
            or len(token) > MAX_TOKEN_LENGTH
            or "\x00" in token
        ):
            raise InvalidToken(_("Unknown API token."))
        api_token = (
            ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
        )
        if api_token is None:
            raise InvalidToken(_("Unknown API token."))
        if api_token.revoked_at is not None:
            raise InvalidToken(_("This API token has been revoked."))
        if not api_token.user.is_active:
            raise InvalidToken(_("The account of this API token is inactive."))
        if api_token.expires_at is not None and api_token.is_expired():
            raise TokenExpired(_expired_message(api_token.expires_at))
        _touch(api_token)
        return self.permitted(api_token.user)


def _expired_message(expires_at: datetime.datetime) -> str:
    expired_at = expires_at.astimezone(datetime.UTC)
    return _(
        "This API token expired on %(expired_at)s. Create a new one on your API tokens page "
        "(%(path)s) and use it instead."
    ) % {
        "expired_at": expired_at.strftime("%Y-%m-%d %H:%M UTC"),
        "path": reverse("accounts:token_list"),
    }


def _touch(api_token: ApiToken) -> None:
    """Record use, at most once a minute per token (one UPDATE, no read-modify-write race)."""
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


class SessionAuth(RoleCheck, APIKeyCookie):
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
        return self.permitted(user)


def anonymous(request: HttpRequest) -> AnonymousUser:
    """The last resort: no credentials at all. Always succeeds."""
    return AnonymousUser()


# Order matters: explicit credentials first, then the session, then anonymous.
api_auth: list[Callable[[HttpRequest], Any]] = [ApiTokenAuth(), SessionAuth(), anonymous]


# Identified callers only (401 for anyone else).
authenticated: list[Callable[[HttpRequest], Any]] = [ApiTokenAuth(), SessionAuth()]


def staff_only(refusal: Any) -> list[Callable[[HttpRequest], Any]]:
    """Facility staff only: 401 for an anonymous caller, 403 saying `refusal` for anyone else
    identified, whatever the parameters."""
    return [
        ApiTokenAuth(require=is_facility_staff, refusal=refusal),
        SessionAuth(require=is_facility_staff, refusal=refusal),
    ]


def caller(request: HttpRequest) -> Any:
    """The user identified for this request (AnonymousUser when none)."""
    return getattr(request, "auth", None) or AnonymousUser()
