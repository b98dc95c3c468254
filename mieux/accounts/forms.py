"""Sign-in and two-factor forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

TOKEN_DIGITS = 6


MAX_PASSWORD_LENGTH = 4096


class SignInForm(AuthenticationForm):
    """Django's sign-in form (it passes the request on, so django-axes throttles it)."""

    # Hashing a megabyte-long password is a slow request for nothing; no real one is this long.
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})


class TokenForm(forms.Form):
    """A six-digit code from an authenticator app (spaces allowed, as apps show "123 456")."""

    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if len(token) != TOKEN_DIGITS or not token.isdigit():
            raise forms.ValidationError(
                _("Enter the six digits your authenticator app shows now."), code="format"
            )
        return token
