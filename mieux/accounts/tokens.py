"""API tokens: only the SHA-256 hash is stored; the raw token is shown once, at creation.

Creating and revoking a token are audited (`api_token.create`, `api_token.revoke`); the audit
trail holds the token's id, owner, name, prefix and dates, never the raw token or its hash.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.accounts.models import ApiToken, User, hash_token
from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError, PermissionDenied

AUDITED_FIELDS = ("id", "user", "name", "token_prefix", "created_at", "expires_at", "revoked_at")
MAX_NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100
# A token that outlives the people and scripts it was made for is a risk: two years at most.
MAX_LIFETIME_DAYS = 730
MAX_LIFETIME = datetime.timedelta(days=MAX_LIFETIME_DAYS)


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str = "",
    expires_at: datetime.datetime | None = None,
    actor: Any = None,
) -> tuple[ApiToken, str]:
    """Create a bearer token for `user`; return it with the raw value (never stored).

    `expires_at` (None: the token does not expire) must be in the future and at most two years
    away. `actor` is who asked for it (default: the user). A broken rule raises `DomainError`
    naming the field (`name`, `expires_at`) and creates nothing."""
    name = _clean_name(name)
    _check_expiry(expires_at, now=timezone.now())
    raw_token = ApiToken.generate_raw()
    api_token = ApiToken.objects.create(
        user=user,
        name=name,
        token_prefix=raw_token[: len(ApiToken.PREFIX) + 4],
        token_hash=hash_token(raw_token),
        expires_at=expires_at,
    )
    record_event(
        actor=actor if actor is not None else user,
        verb="api_token.create",
        instance=api_token,
        after=snapshot(api_token, AUDITED_FIELDS),
    )
    return api_token, raw_token


@transaction.atomic
def api_token_revoke(*, actor: Any, api_token: ApiToken) -> ApiToken:
    """Revoke `api_token` at once: from now on it answers 401 `not_authenticated`.

    The owner may revoke their own tokens, and staff who may change tokens (the admin) anyone's.
    A token already revoked is a `Conflict` and keeps its first revocation time."""
    if not _may_revoke(actor, api_token):
        raise PermissionDenied(_("You may revoke only your own API tokens."))
    # Locked, so two revocations at once write one event, not two.
    locked = ApiToken.objects.select_for_update().get(pk=api_token.pk)
    if locked.revoked_at is not None:
        raise Conflict(_("This API token was already revoked."))
    before = snapshot(locked, AUDITED_FIELDS)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record_event(
        actor=actor,
        verb="api_token.revoke",
        instance=locked,
        before=before,
        after=snapshot(locked, AUDITED_FIELDS),
    )
    api_token.revoked_at = locked.revoked_at
    return api_token


def _may_revoke(actor: Any, api_token: ApiToken) -> bool:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return actor.pk == api_token.user_id or actor.has_perm("accounts.change_apitoken")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if "\x00" in name:
        raise DomainError(_("The token name must not contain NUL characters."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError(
            _("The token name is longer than %(max)d characters.") % {"max": MAX_NAME_LENGTH},
            field="name",
        )
    return name


def _check_expiry(expires_at: datetime.datetime | None, *, now: datetime.datetime) -> None:
    if expires_at is None:
        return
    if timezone.is_naive(expires_at):
        raise DomainError(_("The expiry needs a time zone."), field="expires_at")
    if expires_at <= now:
        raise DomainError(_("The expiry must be in the future."), field="expires_at")
    if expires_at > now + MAX_LIFETIME:
        raise DomainError(
            _(
                "A token may be valid for at most two years (%(days)d days); choose an earlier "
                "expiry, and create a new token when this one expires."
            )
            % {"days": MAX_LIFETIME_DAYS},
            field="expires_at",
        )
