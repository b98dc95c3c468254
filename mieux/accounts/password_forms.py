"""Forms of the password pages: Django's, bounded in length and saving through the services.

Django's forms check what the user typed (the two new passwords match, the validators, the
current password); saving goes to `mieux.accounts.passwords`, which sets and audits the password
and sends the reset e-mail.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from mieux.accounts.forms import MAX_PASSWORD_LENGTH
from mieux.accounts.passwords import PasswordVerb, password_reset_request, user_password_set

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise


def _password_field(label: "StrOrPromise", autocomplete: str, **options: Any) -> forms.CharField:
    # Bounded like the sign-in password: hashing a megabyte is a slow request for nothing.
    return forms.CharField(
        label=label,
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        **options,
    )


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    """The address to send a reset link to. Saving queues the e-mail and tells nobody whether
    the address has an account."""

    def save(self, **_options: Any) -> None:  # type: ignore[override]
        # PasswordResetView passes the request's domain and Django's templates; the service
        # builds the link on MIEUX_SITE_URL and writes in the user's language instead.
        password_reset_request(email=self.cleaned_data["email"])


class NewPasswordForm(auth_forms.SetPasswordForm):
    """A new password, twice. `verb` names the audit event: a reset with the e-mail's link by
    default; an invited expert's first password is `user.password_set`."""

    verb: PasswordVerb = "user.password_reset"
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("The two new passwords are not the same. Type them again."),
    }

    new_password1 = _password_field(
        _("New password"), "new-password", help_text=password_validators_help_text_html()
    )
    new_password2 = _password_field(
        _("New password again"),
        "new-password",
        help_text=_("Type the same password again, to be sure of it."),
    )

    def save(self, commit: bool = True) -> Any:
        return user_password_set(
            actor=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            verb=self.verb,
        )


class FirstPasswordForm(NewPasswordForm):
    """An invited expert chooses their first password with the invitation's link."""

    verb: PasswordVerb = "user.password_set"


class ChangePasswordForm(NewPasswordForm, auth_forms.PasswordChangeForm):
    """The current password, then the new one twice (Django's check of the current one)."""

    verb: PasswordVerb = "user.password_changed"

    old_password = _password_field(_("Current password"), "current-password")
    old_password.widget.attrs["autofocus"] = True
    error_messages = {
        **NewPasswordForm.error_messages,
        "password_incorrect": _("This is not your current password. Type it again."),
    }
