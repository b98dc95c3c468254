"""Mounted at /api/ by the project urls: API v1 at /api/v1/.

Every response under /api/v1/ is JSON: the root is an index of the API, an unknown path is a
problem+json 404 and an unsupported method a problem+json 405 (ninja would answer those in HTML
and plain text).
"""

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from mieux.api.errors import not_found_view, problem_for_plain_response
from mieux.api.index import api_index_view
from mieux.api.v1 import api


def _problem_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return problem_for_plain_response(view(request, *args, **kwargs))

    return wrapper


def _v1_patterns() -> tuple[list[URLPattern | URLResolver], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _problem_405(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("v1/", api_index_view, name="api_index"),
    path("v1/", _v1_patterns()),
    path("v1/<path:path>", not_found_view),
]
