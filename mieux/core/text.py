"""Limits on free text, worded once for services, forms and the API alike."""

from django.utils.translation import gettext_lazy as _

from mieux.core.errors import DomainError

# Worded with Django's own placeholders, so that forms use it as their `max_length` message
# and a page says exactly what a service says.
MAX_LENGTH_MESSAGE = _(
    "At most %(limit_value)d characters are allowed here; this has %(show_value)d."
)

# A reason given for a workflow step (requests and deployments).
MAX_REASON_CHARACTERS = 5000
# Long free text: a request's context and objective, the sections of a mission report.
MAX_LONG_TEXT_CHARACTERS = 20_000


def check_length(value: str, *, field: str, limit: int) -> None:
    """Refuse text longer than `limit` characters, naming the field and the limit."""
    if len(value) > limit:
        raise DomainError(
            str(MAX_LENGTH_MESSAGE) % {"limit_value": limit, "show_value": len(value)},
            field=field,
        )
