"""Password pages: Django's reset and change views with mieux's templates and forms.

Reset: the address (`password_reset`) → "check your e-mail" (`password_reset_done`, the same
page whether or not the address has an account) → the e-mail's link (`password_reset_confirm`:
Django moves the token into the session and drops it from the address, so it does not leak
through the Referer header) → "password changed" (`password_reset_complete`), then sign in.
Change: the current password and the new one (`password_change`), back to the settings page
still signed in; every other session of the user ends.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from mieux.accounts.password_forms import (
    ChangePasswordForm,
    NewPasswordForm,
    PasswordResetRequestForm,
)
from mieux.accounts.passwords import RESET_EMAIL_INTERVAL


class RefusedInputAnswers400:
    """A form sent back with errors answers 400, as the site's other forms do."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class PasswordResetRequestView(RefusedInputAnswers400, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"interval_minutes": int(RESET_EMAIL_INTERVAL.total_seconds() // 60)}


class PasswordResetChooseView(RefusedInputAnswers400, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(RefusedInputAnswers400, auth_views.PasswordChangeView):
    """Django's view keeps this session signed in (`update_session_auth_hash`); the new hash
    ends the user's other sessions."""

    template_name = "accounts/password_change_form.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:settings")
    extra_context = {"nav": "settings"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password is changed. You were signed out everywhere else you were signed in."),
        )
        return response
