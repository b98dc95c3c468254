"""Absolute links for what mieux sends outside the site (e-mails).

Built on `settings.MIEUX_SITE_URL`, never on a request's Host header (which the caller chooses),
and usable where there is no request at all (a task on a queue worker).
"""

from typing import Any

from django.conf import settings
from django.urls import reverse


def site_link(view_name: str, *args: Any) -> str:
    """The absolute address of the page `view_name` with positional `args`."""
    return settings.MIEUX_SITE_URL.rstrip("/") + reverse(view_name, args=args)
