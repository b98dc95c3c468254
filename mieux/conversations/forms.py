"""The form of a message: its text, the thread it answers, its files. The rules (who may post,
what text and which files are accepted) are the service's; the form only reads the input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mieux.conversations.services import MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_CHARACTERS
from mieux.core.text import MAX_LENGTH_MESSAGE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way); the service checks each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_CHARACTERS,
        # Empty text is the service's to refuse, in the words the API uses too.
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )
    reply_to = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    attachments = MultipleFileField(
        label=_("Attach files"),
        required=False,
        allow_empty_file=True,  # the service says why, in the same words as the API
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Worded here, in the language of the page being shown.
        self.fields["attachments"].help_text = ngettext(
            "Optional, at most %(count)d file. PDF, Word, OpenDocument, text, PNG or JPEG; at "
            "most 10 MB each.",
            "Optional, at most %(count)d files. PDF, Word, OpenDocument, text, PNG or JPEG; at "
            "most 10 MB each.",
            MAX_ATTACHMENTS_PER_MESSAGE,
        ) % {"count": MAX_ATTACHMENTS_PER_MESSAGE}
