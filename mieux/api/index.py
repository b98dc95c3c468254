"""`GET /api/v1/`: what the API is and where to read about it, as JSON.

A client (or a person with curl) that starts at the root learns the version, the addresses of the
OpenAPI document and the browsable docs, and every operation with its summary, read from the
same OpenAPI document the docs show, so the index cannot drift from the API.
"""

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from mieux.api.errors import METHOD_NOT_ALLOWED, problem_response
from mieux.api.v1 import api


@functools.cache
def _operations() -> list[dict[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return [
        {
            "method": method.upper(),
            "path": path,
            "summary": str(operation.get("summary", "")),
            "tag": (operation.get("tags") or [""])[0],
        }
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def _index(request: HttpRequest) -> dict[str, Any]:
    return {
        "name": api.title,
        "version": api.version,
        "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "docs": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        "operations": _operations(),
    }


def api_index_view(request: HttpRequest) -> HttpResponse:
    if request.method not in {"GET", "HEAD"}:
        return problem_response(
            status=405,
            code=METHOD_NOT_ALLOWED,
            detail=_("Method not allowed; use one of: %s.") % "GET, HEAD",
            headers={"Allow": "GET, HEAD"},
        )
    return JsonResponse(_index(request), json_dumps_params={"ensure_ascii": False})
