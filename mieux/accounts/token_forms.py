"""The form of the page "API tokens": a name and an optional expiry, in days or as a date."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mieux.accounts.tokens import MAX_LIFETIME_DAYS, MAX_NAME_LENGTH


class ApiTokenCreateForm(forms.Form):
    """`expires_at()` is the expiry chosen (None: never); the service checks it is in the future
    and at most two years away, and the view puts its refusal on the field the user filled in."""

    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME_LENGTH,
        help_text=_("What the token is for, e.g. “monthly report script”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires in (days)"),
        required=False,
        min_value=1,
        max_value=MAX_LIFETIME_DAYS,
    )
    expires_on = forms.DateField(
        label=_("Or expires on"),
        required=False,
        help_text=_("The token stops working at the start of this day (UTC)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Here, not on the field: formatting a lazy string would fix its language at import.
        self.fields["expires_in_days"].help_text = gettext(
            "From 1 to %(days)d days (two years)."
        ) % {"days": MAX_LIFETIME_DAYS}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("expires_in_days") is not None and cleaned.get("expires_on") is not None:
            self.add_error(
                "expires_on",
                _("Give the expiry either in days or as a date, not both."),
            )
        return cleaned

    @property
    def expiry_field(self) -> str:
        """The field the expiry came from, to name it in an error."""
        if self.cleaned_data.get("expires_on") is not None:
            return "expires_on"
        return "expires_in_days"

    def expires_at(self) -> datetime.datetime | None:
        days = self.cleaned_data.get("expires_in_days")
        if days is not None:
            return timezone.now() + datetime.timedelta(days=days)
        day = self.cleaned_data.get("expires_on")
        if day is not None:
            return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=datetime.UTC)
        return None
