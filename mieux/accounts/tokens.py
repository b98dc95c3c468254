"""API tokens: only the SHA-256 hash is stored; the raw token is shown once, at creation."""

from typing import Any

from django.db import transaction

from mieux.accounts.models import ApiToken, User, hash_token
from mieux.core.audit import record_event, snapshot

AUDITED_FIELDS = ("id", "user", "name", "token_prefix", "created_at")


@transaction.atomic
def api_token_create(*, user: User, name: str = "", actor: Any = None) -> tuple[ApiToken, str]:
    """Create a bearer token for `user`; return it with the raw value (never stored).

    `actor` is who asked for it (default: the user); the audit event records neither the raw
    token nor its hash."""
    raw_token = ApiToken.generate_raw()
    api_token = ApiToken.objects.create(
        user=user,
        name=name,
        token_prefix=raw_token[: len(ApiToken.PREFIX) + 4],
        token_hash=hash_token(raw_token),
    )
    record_event(
        actor=actor if actor is not None else user,
        verb="api_token.create",
        instance=api_token,
        after=snapshot(api_token, AUDITED_FIELDS),
    )
    return api_token, raw_token
