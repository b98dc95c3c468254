"""Authentication backends: sign-in throttling in front of Django's model backend."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class ThrottlingBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every sign-in that comes with an HTTP request.

    Every sign-in form of the site (ours and the admin's) passes the request, so each is throttled.
    A call without a request is not a sign-in from outside: it is code running on the server (the
    test client's `login()`, a shell). django-axes would refuse those with an exception; this
    backend lets them through to the next backend instead.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
