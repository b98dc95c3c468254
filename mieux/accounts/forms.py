"""Sign-in, two-factor and account settings forms (the password pages' are in password_forms)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import User
from mieux.accounts.selectors import email_topics_declined, email_topics_offered

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


class AccountSettingsForm(forms.Form):
    """The user's language and the e-mails they want, among the topics offered to their roles."""

    preferred_language = forms.ChoiceField(
        label=_("Language"),
        help_text=_("The language of the site once you sign in, and of the e-mails we send you."),
    )
    email_topics = forms.MultipleChoiceField(
        label=_("E-mails I want to receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = email_topics_offered(user)
        self.fields["preferred_language"].choices = User._meta.get_field(
            "preferred_language"
        ).choices
        self.fields["email_topics"].choices = [(topic.value, topic.label) for topic in offered]
        if not self.is_bound:
            declined = email_topics_declined(user)
            self.initial = {
                "preferred_language": user.preferred_language,
                "email_topics": [topic.value for topic in offered if topic not in declined],
            }
