"""Writes of passwords: a reset asked for by e-mail, a new password set with the e-mail's link or
changed by the signed-in user.

Every new password goes through `user_password_set`: the validators, the hash, the audit event.
Setting it changes the user's session hash, so every other session of the user ends (Django's
session verification); the views keep the current one with `update_session_auth_hash`.

The reset e-mail is sent by a task after commit, in the user's preferred language, with a link
built on `settings.MIEUX_SITE_URL`, never on the request's Host header (which a caller chooses).
"""

import datetime
from functools import partial
from typing import Any, Literal

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from mieux.accounts.models import User
from mieux.core.audit import object_type_of, record_event
from mieux.core.errors import DomainError
from mieux.core.models import AuditEvent

RESET_REQUESTED = "user.password_reset_requested"
# One reset e-mail per account in this time, however often the form is sent: nobody's inbox can
# be flooded through the form. The page says when to ask again.
RESET_EMAIL_INTERVAL = datetime.timedelta(minutes=5)

PasswordVerb = Literal["user.password_changed", "user.password_reset", "user.password_set"]


def _users_for_reset(email: str) -> list[User]:
    """Active users with this address and a usable password, as Django's PasswordResetForm
    finds them: an unusable password means the account signs in by other means (an invited
    expert sets a first password with the invitation's link instead)."""
    email = (email or "").strip()
    if not email:
        return []
    users = User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
    return [user for user in users if user.has_usable_password()]


def _reset_recently_requested(user: User, at: datetime.datetime) -> bool:
    return AuditEvent.objects.filter(
        verb=RESET_REQUESTED,
        object_type=object_type_of(user),
        object_id=str(user.pk),
        occurred_at__gt=at - RESET_EMAIL_INTERVAL,
    ).exists()


@transaction.atomic
def password_reset_request(*, email: str, at: datetime.datetime | None = None) -> int:
    """Send a reset link to every account with `email` that may use one, unless one was sent
    to it within `RESET_EMAIL_INTERVAL` before `at` (default: now). Returns how many e-mails
    were queued, for the caller's logs only: the page answers the same whatever it is, so that
    nobody learns from it which addresses have an account."""
    at = at or timezone.now()
    queued = 0
    for user in _users_for_reset(email):
        if _reset_recently_requested(user, at):
            continue
        record_event(actor=None, verb=RESET_REQUESTED, instance=user)
        transaction.on_commit(partial(send_password_reset_email.enqueue, user.pk))
        queued += 1
    return queued


def reset_link(user: User) -> str:
    """The absolute link of the page where the user chooses a new password. The token works
    once (it depends on the password hash and the last sign-in) and for
    PASSWORD_RESET_TIMEOUT seconds."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.MIEUX_SITE_URL.rstrip("/") + path


@task()
def send_password_reset_email(user_id: int) -> int:
    """E-mail the reset link; the token is made here, at sending time, so it never sits in the
    task queue. Returns how many e-mails went out (0 when the account changed meanwhile)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return 0
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "link": reset_link(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "site_url": settings.MIEUX_SITE_URL,
        }
        subject = render_to_string("accounts/email/password_reset_subject.txt", context)
        body = render_to_string("accounts/email/password_reset_body.txt", context)
    return send_mail(subject.strip(), body, None, [user.email])


@transaction.atomic
def user_password_set(*, actor: Any, user: User, password: str, verb: PasswordVerb) -> User:
    """Give `user` the new `password` after the password validators; one audit event `verb`
    (never the hash). After a reset with the e-mail's link the sign-in lockouts of the
    username are lifted: the user proved they hold the address, and should not wait out a
    lockout that someone else's guesses may have caused."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(actor=actor, verb=verb, instance=user)
    if verb == "user.password_reset":
        axes_reset(username=user.get_username())
    return user
