"""Sign-in, sign-out, two-factor and account settings pages.

Sign-in is Django's `LoginView` (django-axes throttles it through the authentication backend);
after the password, a user who must use two-factor sign-in goes to the code page, or to the setup
page the first time. `next` is followed only when it points to this site. Signing in, and saving
the settings, switch the site to the user's preferred language (the language cookie, as the
header's language switch sets it). The password pages are in `password_views`.
"""

from typing import Any, cast

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from mieux.accounts import two_factor
from mieux.accounts.forms import AccountSettingsForm, SignInForm, TokenForm
from mieux.accounts.models import User
from mieux.accounts.preferences import account_settings_update
from mieux.accounts.selectors import email_topics_offered
from mieux.core.errors import DomainError

LOCKOUT_STATUS = 429
WRONG_CODE_MESSAGE = gettext_lazy(
    "This code is not right. Check that your phone's clock is correct and enter the code your "
    "app shows now."
)


class SignInView(LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm

    def get_success_url(self) -> str:
        return two_factor.next_step_url(self.request.user, super().get_success_url())

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        _use_language(response, form.get_user().preferred_language)
        return response


def _use_language(response: HttpResponse, language: str) -> None:
    """Show the site in `language` from the next page on: the cookie Django's LocaleMiddleware
    reads, set as `django.views.i18n.set_language` sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class SignOutView(LogoutView):
    """POST only (Django answers GET with 405); then back to the home page or a safe `next`."""


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page with the lockout message, 429 (django-axes' `AXES_LOCKOUT_CALLABLE`).

    Used for every throttled sign-in form, the admin's included.
    """
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    if minutes:
        message = ngettext(
            "Too many failed sign-in attempts. For your security, signing in to this account "
            "from your network is blocked for %(minutes)d minute. Try again later.",
            "Too many failed sign-in attempts. For your security, signing in to this account "
            "from your network is blocked for %(minutes)d minutes. Try again later.",
            minutes,
        ) % {"minutes": minutes}
    else:
        message = _(
            "Too many failed sign-in attempts. For your security, signing in to this account "
            "from your network is blocked. Ask an administrator to unlock it."
        )
    username = (credentials or {}).get("username") or ""
    form = SignInForm(request, initial={"username": username})
    context = {
        "form": form,
        "next": _safe_next(request, default=""),
        "lockout_message": message,
    }
    return render(request, "accounts/login.html", context, status=LOCKOUT_STATUS)


@never_cache
@sensitive_post_parameters("token")
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Enter the current code of the authenticator app to finish signing in."""
    user = request.user
    next_url = _safe_next(request)
    if not two_factor.two_factor_required(user) or user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    device = two_factor.confirmed_device(user)
    if device is None:
        return redirect(two_factor.next_step_url(user, next_url))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and not _refuse_while_throttled(form, device):
        verified_device = two_factor.totp_verify(user=user, token=form.cleaned_data["token"])
        if verified_device is not None:
            two_factor.session_verify(request, verified_device)
            return redirect(next_url)
        form.add_error("token", WRONG_CODE_MESSAGE)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@sensitive_post_parameters("token")
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    next_url = _safe_next(request)
    if not two_factor.two_factor_required(user) or user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    if two_factor.confirmed_device(user) is not None:
        return redirect(two_factor.next_step_url(user, next_url))
    device = two_factor.totp_device_for_setup(user=user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and not _refuse_while_throttled(form, device):
        if two_factor.totp_device_confirm(
            user=user, device=device, token=form.cleaned_data["token"]
        ):
            device.refresh_from_db()
            two_factor.session_verify(request, device)
            return redirect(next_url)
        form.add_error("token", WRONG_CODE_MESSAGE)
    context = {
        "form": form,
        "next": next_url,
        "qr_code_svg": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_for_display(device),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """The user's language and the e-mails they want; links to the password change."""
    user = cast(User, request.user)  # login_required
    # The topics offered depend on the roles, read several times here: load them once.
    prefetch_related_objects([user], "memberships")
    form = AccountSettingsForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        try:
            saved = account_settings_update(
                actor=user,
                preferred_language=form.cleaned_data["preferred_language"],
                email_topics_wanted=form.cleaned_data["email_topics"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            translation.activate(saved.preferred_language)
            messages.success(request, _("Your settings are saved."))
            response = redirect("accounts:settings")
            _use_language(response, saved.preferred_language)
            return response
    context = {"form": form, "nav": "settings", "topics_offered": email_topics_offered(user)}
    return render(request, "accounts/settings.html", context, status=400 if form.errors else 200)


def _refuse_while_throttled(form: TokenForm, device: Any) -> bool:
    """After wrong codes django-otp makes the user wait 1, 2, 4… seconds; say so, and how long."""
    seconds = two_factor.verification_blocked_for_seconds(device)
    if seconds:
        form.add_error(
            "token",
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second, then enter the code your app "
                "shows.",
                "Too many wrong codes. Wait %(seconds)d seconds, then enter the code your app "
                "shows.",
                seconds,
            )
            % {"seconds": seconds},
        )
    return bool(seconds)


def _safe_next(request: HttpRequest, default: str | None = None) -> str:
    """`next` from the form or the query string if it is a path on this site, else `default`
    (`LOGIN_REDIRECT_URL`, My work, when not given). Only a path: `redirect()` would take a bare
    word for the name of a URL pattern and fail to find it."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL) if default is None else default
