"""View decorators shared by the apps' pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def role_page(predicate: Any) -> Callable[[View], View]:
    """A page for the users `predicate` (a django-rules predicate on the user) admits:
    anonymous visitors go to the sign-in page, signed-in users it refuses get a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # Roles are read from the memberships many times per page: load them once.
            prefetch_related_objects([request.user], "memberships")
            if not predicate.test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # The page's audience, for the header: a link is shown to exactly those the page admits
        # (`mieux.navigation`). `functools.wraps` carries it through the outer decorators.
        wrapper.audience = predicate  # type: ignore[attr-defined]
        return wrapper

    return decorator
