"""Reads of accounts."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mieux.accounts.models import ApiToken, ApiTokenStatus


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (none for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def api_tokens_with_status(
    tokens: QuerySet[ApiToken], status: ApiTokenStatus, *, at: datetime.datetime | None = None
) -> QuerySet[ApiToken]:
    """The tokens whose `ApiToken.status` is `status` at `at` (default: now)."""
    now = at or timezone.now()
    not_revoked = Q(revoked_at__isnull=True)
    condition = {
        ApiTokenStatus.ACTIVE: not_revoked & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)),
        ApiTokenStatus.EXPIRED: not_revoked & Q(expires_at__lte=now),
        ApiTokenStatus.REVOKED: Q(revoked_at__isnull=False),
    }[status]
    return tokens.filter(condition)
