"""Every API error as RFC 9457 (RFC 7807) problem details, `application/problem+json`.

The body is always `{"type", "title", "status", "detail", "code"}`; validation errors add
`errors`, a list of `{"field", "location", "message", "type"}`; a domain error naming a field adds
one such entry too. `code` is stable and documented; `type` is `urn:mieux:problem:<code>`.
"""

import json
import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from mieux.core.errors import DomainError

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:mieux:problem:"

# Stable codes beyond mieux.core.errors.ErrorCode, used by the API layer itself.
VALIDATION_ERROR = "validation_error"
INVALID_CURSOR = "invalid_cursor"
METHOD_NOT_ALLOWED = "method_not_allowed"
SERVER_ERROR = "server_error"

PROBLEM_CODES: dict[str, str] = {
    "not_found": "The resource does not exist, or is not visible to the caller.",
    "invalid_input": "A parameter names something that does not exist or breaks a rule.",
    "validation_error": "A parameter does not have the documented form.",
    "invalid_cursor": "The pagination cursor was not issued by this endpoint.",
    "not_authenticated": "The credentials given are unknown, revoked or malformed.",
    "permission_denied": "The caller may not do this (including a failed CSRF check).",
    "conflict": "The request conflicts with the current state.",
    "illegal_transition": "The workflow does not allow this transition from the current status.",
    "concurrent_update": "Someone changed the object since the caller read it; reload it.",
    "overlapping_deployment": "The expert already holds a deployment on overlapping dates.",
    "expert_unavailable": "The expert declared those dates unavailable, or has no days left that "
    "year.",
    "method_not_allowed": "The HTTP method is not supported here.",
    "server_error": "An unexpected error; it has been logged.",
}


class ApiError(Exception):
    """An error raised by the API layer itself (not a domain rule): a bad cursor, for instance."""

    def __init__(self, message: str, *, code: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field


class InvalidCursor(ApiError):
    def __init__(self) -> None:
        super().__init__(
            _("The cursor is malformed or belongs to another list; start again without it."),
            code=INVALID_CURSOR,
            status=400,
            field="cursor",
        )


class FieldErrorOut(Schema):
    field: str
    location: str
    message: str
    type: str


class ProblemOut(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldErrorOut] | None = None


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Permission denied"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        422: _("Invalid parameters"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


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
        "title": str(_titles().get(status, _("Error"))),
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


def _field_error(field: str, location: str, message: str, kind: str) -> dict[str, str]:
    return {"field": field, "location": location, "message": str(message), "type": kind}


def _code_for_status(status: int) -> str:
    return {
        401: "not_authenticated",
        403: "permission_denied",
        404: "not_found",
        405: METHOD_NOT_ALLOWED,
        409: "conflict",
    }.get(status, "invalid_input" if 400 <= status < 500 else SERVER_ERROR)


def _validation_field(loc: list[Any]) -> tuple[str, str]:
    """ninja's `loc` is like ["query", "country"]; the field is its last name."""
    location = str(loc[0]) if loc else ""
    names = [str(part) for part in loc[1:] if not isinstance(part, int)]
    return (names[-1] if names else location), location


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        field, location = _validation_field(list(error.get("loc", [])))
        errors.append(
            _field_error(field, location, error.get("msg", ""), error.get("type", "invalid"))
        )
    fields = ", ".join(dict.fromkeys(error["field"] for error in errors))
    return problem_response(
        status=422,
        code=VALIDATION_ERROR,
        detail=_("Invalid value for: %s.") % fields if fields else _("Invalid parameters."),
        errors=errors,
    )


def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = None
    if exc.field:
        errors = [_field_error(exc.field, "query", exc.message, str(exc.code))]
    return problem_response(
        status=exc.status, code=str(exc.code), detail=exc.message, errors=errors
    )


def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    errors = [_field_error(exc.field, "query", exc.message, exc.code)] if exc.field else None
    return problem_response(status=exc.status, code=exc.code, detail=exc.message, errors=errors)


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(status=404, code="not_found", detail=_("Not found."))


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else _("Authentication failed.")
    return problem_response(
        status=401,
        code="not_authenticated",
        detail=message,
        headers={"WWW-Authenticate": 'Bearer realm="mieux"'},
    )


def on_authorization_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    message = exc.message if exc.message != "Forbidden" else _("Permission denied.")
    return problem_response(status=exc.status_code, code="permission_denied", detail=message)


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(
        status=exc.status_code, code=_code_for_status(exc.status_code), detail=exc.message
    )


def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        status=500, code=SERVER_ERROR, detail=_("An unexpected error occurred; it has been logged.")
    )


def install_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers. More specific classes win (ninja walks the MRO)."""
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (Exception, on_unexpected_error),
        (Http404, on_not_found),
        (HttpError, on_http_error),
        (AuthenticationError, on_authentication_error),
        (AuthorizationError, on_authorization_error),
        (ValidationError, on_validation_error),
        (DomainError, on_domain_error),
        (ApiError, on_api_error),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def not_found_view(request: HttpRequest, path: str = "") -> HttpResponse:
    """For /api/v1/<anything unknown>: the same problem+json 404 as the endpoints."""
    return problem_response(status=404, code="not_found", detail=_("No such API endpoint."))


def problem_for_plain_response(response: HttpResponse) -> HttpResponse:
    """ninja answers an unsupported method with a plain-text 405; make it a problem."""
    if response.status_code == 405 and not response.get("Content-Type", "").startswith(
        PROBLEM_CONTENT_TYPE
    ):
        return problem_response(
            status=405,
            code=METHOD_NOT_ALLOWED,
            detail=_("Method not allowed; use one of: %s.") % response.get("Allow", ""),
            headers={"Allow": response.get("Allow", "")},
        )
    return response
