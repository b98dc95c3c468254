"""TOTP two-factor sign-in: who must use it, setting up an authenticator app, checking a code.

Staff (project officers, programme managers, knowledge managers, administrators, and anyone who
may open the admin) and steering committee members must confirm each sign-in with a six-digit code
from an authenticator app when `settings.MIEUX_REQUIRE_TWO_FACTOR` is on. The device is a
django-otp `TOTPDevice`; a session counts as verified once `django_otp.login` has stored the device
in it, which `mieux.accounts.middleware.TwoFactorMiddleware` checks on every request.
"""

import base64
import math
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from mieux.accounts.models import STAFF_ROLES, Membership, Role
from mieux.core.audit import record_event

ROLES_REQUIRING_TWO_FACTOR = frozenset({*STAFF_ROLES, Role.STEERING_MEMBER})
DEVICE_NAME = "authenticator"


def two_factor_required(user: Any) -> bool:
    """Whether `user` must confirm sign-in with a code (always False while the setting is off)."""
    if not settings.MIEUX_REQUIRE_TWO_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=ROLES_REQUIRING_TWO_FACTOR).exists()


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def next_step_url(user: Any, next_url: str) -> str:
    """Where a user goes right after the password: the code page, the setup page, or `next_url`.

    `next_url` must already be known safe (same site); it is passed on to the two-factor page.
    """
    if not two_factor_required(user):
        return next_url
    name = "accounts:two_factor_verify" if confirmed_device(user) else "accounts:two_factor_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@transaction.atomic
def totp_device_for_setup(*, user: Any) -> TOTPDevice:
    """The unconfirmed device whose secret the setup page shows, created on the first visit.

    The secret stays the same across visits until it is confirmed, so a reload does not
    invalidate what the user already scanned.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm `device` with a code from the app: it becomes the user's only device.

    Returns False, changing nothing but django-otp's failure counter, when the code is wrong.
    Writes the audit event `user.two_factor_enabled`.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_is_allowed()[0] or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    record_event(
        actor=user,
        verb="user.two_factor_enabled",
        instance=user,
        after={"two_factor": "totp"},
    )
    return True


def totp_verify(*, user: Any, token: str) -> TOTPDevice | None:
    """The user's confirmed device if `token` is its current code, else None.

    django-otp refuses a code already used and, after failures, any code for a growing delay.
    """
    device = confirmed_device(user)
    if device is None:
        return None
    return verify_token(user, device.persistent_id, token)


def verification_blocked_for_seconds(device: TOTPDevice | None) -> int:
    """Seconds until another code may be tried after repeated failures (0: try now)."""
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def session_verify(request: HttpRequest, device: TOTPDevice) -> None:
    """Mark the session as verified with `device`, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an inline SVG QR code (no inline styles, CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        dark="#000",
        light="#fff",
        title=_("QR code for your authenticator app"),
        svgclass="qr-code",
    )
