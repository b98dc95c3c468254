"""Reads of accounts."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mieux.accounts.models import (
    EMAIL_TOPIC_ROLES,
    ApiToken,
    ApiTokenStatus,
    EmailOptOut,
    EmailTopic,
    Role,
    User,
)


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


def email_topics_offered(user: Any) -> list[EmailTopic]:
    """The e-mail topics that concern the user's roles, in the order of `EmailTopic`;
    administrators are offered every topic, since they may act in any role."""
    roles = user.roles
    return [
        topic
        for topic in EmailTopic
        if user.is_superuser or Role.ADMIN in roles or roles & EMAIL_TOPIC_ROLES[topic]
    ]


def email_topics_declined(user: Any) -> set[str]:
    """The topics the user chose not to receive."""
    return set(EmailOptOut.objects.filter(user_id=user.pk).values_list("topic", flat=True))


def users_who_want(users: QuerySet[User], topic: EmailTopic) -> QuerySet[User]:
    """`users` without those who declined e-mails of `topic` (one subquery, no extra query)."""
    return users.exclude(pk__in=EmailOptOut.objects.filter(topic=topic).values("user_id"))


def wants_email(user: Any, topic: EmailTopic) -> bool:
    return not EmailOptOut.objects.filter(user_id=user.pk, topic=topic).exists()
