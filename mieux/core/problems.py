"""RFC 9457 (RFC 7807) problem details, `application/problem+json`: how every API error answers.

Built here, below every app, because the API layer is not the only one to answer API callers:
the request-wide middleware (input checks, two-factor) refuses API calls before they reach it.
The body is always `{"type", "title", "status", "detail", "code"}`; errors naming a parameter
add `errors`, a list of `{"field", "location", "message", "type"}`. `code` is stable and
documented (`mieux.api.errors.PROBLEM_CODES`); `type` is `urn:mieux:problem:<code>`.
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:mieux:problem:"
API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def status_title(status: int) -> str:
    titles = {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Permission denied"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Request too large"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Server error"),
    }
    return str(titles.get(status, _("Error")))


def field_error(field: str, location: str, message: str, kind: str) -> dict[str, str]:
    return {"field": field, "location": location, "message": str(message), "type": kind}


def problem_response(
    *,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + code,
        "title": status_title(status),
        "status": status,
        "detail": str(detail),
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
