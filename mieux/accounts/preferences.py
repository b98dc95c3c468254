"""Writes of a user's own account settings: the preferred language and the e-mails they want.

The language is the site's language once they sign in (the sign-in page sets the language
cookie from it) and the language of every e-mail mieux sends them. The e-mail choices are
opt-outs (`EmailOptOut`), read by the senders through `selectors.users_who_want` and
`selectors.wants_email`.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mieux.accounts.models import EmailOptOut, EmailTopic, User
from mieux.accounts.selectors import email_topics_declined, email_topics_offered
from mieux.core.audit import record_event
from mieux.core.errors import DomainError, PermissionDenied
from mieux.core.models import LANGUAGE_CODES


def _settings_snapshot(user: User, declined: set[str]) -> dict[str, Any]:
    return {
        "preferred_language": user.preferred_language,
        "email_topics_declined": sorted(declined),
    }


@transaction.atomic
def account_settings_update(
    *, actor: Any, preferred_language: str, email_topics_wanted: Iterable[str]
) -> User:
    """Save the actor's own settings: `preferred_language` (one of en, es, pt, fr) and, among
    the topics offered to them, those they want; offered topics left out are declined, topics
    not offered stay as they were. One audit event `user.settings_changed` when something
    changed, none otherwise."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to change your account settings."))
    if preferred_language not in LANGUAGE_CODES:
        raise DomainError(
            _("Unknown language “%(language)s”: use one of %(choices)s.")
            % {"language": preferred_language, "choices": ", ".join(LANGUAGE_CODES)},
            field="preferred_language",
        )
    wanted = set(email_topics_wanted)
    unknown = sorted(wanted - set(EmailTopic.values))
    if unknown:
        raise DomainError(
            _("Unknown e-mail topic “%(topic)s”: use one of %(choices)s.")
            % {"topic": unknown[0], "choices": ", ".join(EmailTopic.values)},
            field="email_topics",
        )
    user = User.objects.select_for_update().get(pk=actor.pk)
    offered = {str(topic) for topic in email_topics_offered(actor)}
    declined_before = email_topics_declined(user)
    declined_after = (declined_before - offered) | (offered - wanted)
    before = _settings_snapshot(user, declined_before)
    after = {
        "preferred_language": preferred_language,
        "email_topics_declined": sorted(declined_after),
    }
    if before == after:
        return user
    if user.preferred_language != preferred_language:
        user.preferred_language = preferred_language
        user.save(update_fields=["preferred_language"])
    EmailOptOut.objects.filter(user=user, topic__in=declined_before - declined_after).delete()
    EmailOptOut.objects.bulk_create(
        EmailOptOut(user=user, topic=topic) for topic in sorted(declined_after - declined_before)
    )
    record_event(
        actor=actor, verb="user.settings_changed", instance=user, before=before, after=after
    )
    return user
