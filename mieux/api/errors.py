"""Every API error as RFC 9457 (RFC 7807) problem details, `application/problem+json`.

The body is always `{"type", "title", "status", "detail", "code"}` (built by
`mieux.core.problems`); errors about a parameter or field add `errors`, a list of `{"field",
"location", "message", "type"}`, and answer 422 whether the value has the wrong form
(`validation_error`) or names nothing or breaks a rule (`invalid_input`). `code` is stable and
documented; `type` is `urn:mieux:problem:<code>`.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from mieux.core.errors import DomainError
from mieux.core.problems import (
    PROBLEM_CONTENT_TYPE,
    PROBLEM_TYPE_PREFIX,
    field_error,
    problem_response,
)

__all__ = ["PROBLEM_CONTENT_TYPE", "PROBLEM_TYPE_PREFIX", "problem_response"]

logger = logging.getLogger(__name__)

# Stable codes beyond mieux.core.errors.ErrorCode, used by the API layer itself.
VALIDATION_ERROR = "validation_error"
INVALID_CURSOR = "invalid_cursor"
METHOD_NOT_ALLOWED = "method_not_allowed"
MALFORMED_REQUEST = "malformed_request"
REQUEST_TOO_LARGE = "request_too_large"
SERVER_ERROR = "server_error"

PROBLEM_CODES: dict[str, str] = {
    "not_found": "The resource does not exist, or is not visible to the caller.",
    "invalid_input": "A parameter names something that does not exist or breaks a rule.",
    "validation_error": "A parameter does not have the documented form.",
    "invalid_cursor": "The pagination cursor was not issued by this endpoint.",
    "not_authenticated": "The credentials given are unknown, revoked or malformed.",
    "token_expired": "The bearer token has expired; create a new one and use it instead.",
    "permission_denied": "The caller may not do this (including a failed CSRF check).",
    "conflict": "The request conflicts with the current state.",
    "illegal_transition": "The workflow does not allow this transition from the current status.",
    "concurrent_update": "Someone changed the object since the caller read it; reload it.",
    "overlapping_deployment": "The expert already holds a deployment on overlapping dates.",
    "expert_unavailable": "The expert declared those dates unavailable, or has no days left that "
    "year.",
    "invalid_file": "The uploaded file's content is not of an accepted kind, or is unsafe.",
    "file_too_large": "The uploaded file is larger than this endpoint accepts.",
    "method_not_allowed": "The HTTP method is not supported here.",
    "malformed_request": "The body or a header could not be read: malformed JSON, multipart "
    "without a boundary, a NUL character in a header.",
    "request_too_large": "The request is larger than the service accepts (413).",
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
            field_error(field, location, error.get("msg", ""), error.get("type", "invalid"))
        )
    fields = ", ".join(dict.fromkeys(error["field"] for error in errors))
    return problem_response(
        status=422,
        code=VALIDATION_ERROR,
        detail=_("Invalid value for: %s.") % fields if fields else _("Invalid parameters."),
        errors=errors,
    )


def _location(request: HttpRequest, field: str) -> str:
    """Where the caller sent the field a domain rule names: the path, the query or the body."""
    match = getattr(request, "resolver_match", None)
    if match is not None and field in match.kwargs:
        return "path"
    if field in request.GET:
        return "query"
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        return "form" if request.content_type == "multipart/form-data" else "body"
    return "query"


def _field_problem(
    request: HttpRequest, *, status: int, code: str, message: str, field: str | None
) -> HttpResponse:
    """A rule broken by one value answers like a value of the wrong form: 422 naming it."""
    if not field:
        return problem_response(status=status, code=code, detail=message)
    return problem_response(
        status=422 if status == 400 else status,
        code=code,
        detail=message,
        errors=[field_error(field, _location(request, field), message, code)],
    )


def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _field_problem(
        request, status=exc.status, code=str(exc.code), message=exc.message, field=exc.field
    )


def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _field_problem(
        request, status=exc.status, code=exc.code, message=exc.message, field=exc.field
    )


def on_request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Normally refused by `mieux.core.middleware` first; here for bodies read another way."""
    return problem_response(
        status=413,
        code=REQUEST_TOO_LARGE,
        detail=_("The request's data is larger than %(limit)s.")
        % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
    )


def on_malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return problem_response(
        status=400,
        code=MALFORMED_REQUEST,
        detail=_("The multipart body could not be read; send the form as multipart/form-data."),
    )


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(status=404, code="not_found", detail=_("Not found."))


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """401. A refused bearer token (`mieux.api.auth.InvalidToken`) brings its own `code` and its
    RFC 6750 `error`; without credentials the challenge names no error."""
    message = exc.message if exc.message != "Unauthorized" else _("Authentication failed.")
    challenge = 'Bearer realm="mieux"'
    if bearer_error := getattr(exc, "bearer_error", ""):
        challenge += f', error="{bearer_error}"'
    return problem_response(
        status=401,
        code=str(getattr(exc, "code", "not_authenticated")),
        detail=message,
        headers={"WWW-Authenticate": challenge},
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
        (RequestDataTooBig, on_request_too_big),
        (MultiPartParserError, on_malformed_multipart),
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
