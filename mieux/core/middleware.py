"""Input that no database can store stops at the door, once, for every page, form and API call.

PostgreSQL refuses the NUL character in text (SQLite stores it), and neither database nor any
UTF-8 encoder takes a lone UTF-16 surrogate (JSON's `"\\ud800"`): either, reaching a query,
used to be a server error on one database and stored garbage on the other. Rather than trust
every view, form, schema and path converter to remember, `RequestInputMiddleware` refuses:

| where                                   | page          | API (problem+json)              |
|-----------------------------------------|---------------|---------------------------------|
| a NUL in the path                       | 404           | 404 `not_found`                 |
| a NUL in a header or cookie             | 400           | 400 `malformed_request`         |
| a NUL in a query parameter (name/value) | 400           | 422 `validation_error`, `query` |
| a NUL in a form field                   | 400           | 422 `validation_error`, `form`  |
| a NUL or lone surrogate in a JSON body  | —             | 422 `validation_error`, `body`  |
| a body over the size limits             | 413           | 413 `request_too_large`         |
| a malformed multipart or form body      | 400           | 400 `malformed_request`         |

Each refusal names the parameter or field; nothing reaches a view, so nothing is stored. Size
limits: `DATA_UPLOAD_MAX_MEMORY_SIZE` for everything but uploaded files (Django's own setting),
`MIEUX_MAX_REQUEST_BYTES` for a whole request, uploads included, checked from `Content-Length`
before a byte of the body is read. Lengths of single fields are each form's and schema's own.
"""

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from mieux.core.problems import field_error, is_api_request, problem_response

NUL = "\x00"
# A UTF-16 surrogate on its own: JSON can spell one ("\ud800"), no encoder can write it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Cheap test on the raw body before parsing it: a NUL or a surrogate can only be an escape.
SUSPICIOUS_JSON_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class Refusal(Exception):
    """Why a request is refused before any view sees it."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        location: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.location = location


def _nul_message(name: str) -> str:
    return _("“%(name)s” contains a NUL character (U+0000), which is not allowed.") % {"name": name}


def _printable(name: str) -> str:
    """A parameter's name fit to be shown back: NULs spelled out, long names cut."""
    shown = name.replace(NUL, "\\u0000")
    return shown if len(shown) <= 64 else shown[:63] + "…"


def _check_path(request: HttpRequest) -> None:
    if NUL in request.path_info:
        raise Refusal(404, "not_found", _("Not found."))


def _check_headers(request: HttpRequest) -> None:
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and NUL in str(value):
            name = key.removeprefix("HTTP_").replace("_", "-").title()
            raise Refusal(
                400,
                "malformed_request",
                _("The header “%(name)s” contains a NUL character (U+0000), which is not allowed.")
                % {"name": name},
            )


def _check_fields(fields: Any, location: str) -> None:
    """Query parameters or form fields: a QueryDict (names and every value of each)."""
    for name, values in fields.lists():
        if NUL in name or any(NUL in value for value in values):
            shown = _printable(name)
            raise Refusal(
                422, "validation_error", _nul_message(shown), field=shown, location=location
            )


def _check_size(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refusal(
            400, "malformed_request", _("The Content-Length header is not a number.")
        ) from None
    limit = settings.MIEUX_MAX_REQUEST_BYTES
    if length > limit:
        raise Refusal(
            413,
            "request_too_large",
            _("The request is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(length), "limit": filesizeformat(limit)},
        )


def _too_big() -> Refusal:
    return Refusal(
        413,
        "request_too_large",
        _(
            "The request's data (besides uploaded files) is larger than %(limit)s; "
            "send less text at once."
        )
        % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
    )


def _strings_in(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:
    """Every string of a parsed JSON document (object keys too), with where it lies."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path, key
            yield from _strings_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_in(item, (*path, index))


def _json_field(path: tuple[str | int, ...]) -> str:
    """The field a location names, as the API's validation errors name it: its last key."""
    names = [str(part) for part in path if not isinstance(part, int)]
    return _printable(names[-1]) if names else "body"


def _check_json(request: HttpRequest) -> None:
    try:
        body = request.body
    except RequestDataTooBig:
        raise _too_big() from None
    if not SUSPICIOUS_JSON_ESCAPE.search(body):
        return
    try:
        document = json.loads(body)
    except ValueError:
        return  # Not JSON at all: the endpoint says so in its own words.
    for path, text in _strings_in(document):
        field = _json_field(path)
        if NUL in text:
            raise Refusal(
                422, "validation_error", _nul_message(field), field=field, location="body"
            )
        if LONE_SURROGATE.search(text):
            raise Refusal(
                422,
                "validation_error",
                _("“%(name)s” contains a lone UTF-16 surrogate, which is not text.")
                % {"name": field},
                field=field,
                location="body",
            )


def _check_form(request: HttpRequest, media_type: str) -> None:
    if media_type == "multipart/form-data" and not (request.content_params or {}).get("boundary"):
        raise Refusal(
            400,
            "malformed_request",
            _("The multipart body has no boundary; send the form as multipart/form-data."),
        )
    if request.method != "POST":
        return  # Django parses forms of POST requests only; other methods read their body.
    try:
        fields = request.POST
    except RequestDataTooBig:
        raise _too_big() from None
    except TooManyFieldsSent:
        raise Refusal(
            400,
            "malformed_request",
            _("The form has more than %(limit)d fields.")
            % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
        ) from None
    except MultiPartParserError:
        raise Refusal(
            400,
            "malformed_request",
            _("The multipart body could not be read; send the form as multipart/form-data."),
        ) from None
    _check_fields(fields, "form")


def check_request(request: HttpRequest) -> None:
    """Raise `Refusal` for the first thing wrong with the request, in the order it is read."""
    _check_path(request)
    _check_headers(request)
    _check_fields(request.GET, "query")
    if request.method not in BODY_METHODS:
        return
    _check_size(request)
    media_type = request.content_type or ""
    if media_type in FORM_CONTENT_TYPES:
        _check_form(request, media_type)
    elif media_type == "application/json" or media_type.endswith("+json"):
        _check_json(request)


class RequestInputMiddleware:
    """Refuses, before any view, what no view should have to think of (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except Refusal as refusal:
            return refusal_response(request, refusal)
        return self.get_response(request)


def refusal_response(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    if is_api_request(request):
        errors = None
        if refusal.field is not None:
            errors = [
                field_error(
                    refusal.field, refusal.location or "", refusal.message, "forbidden_character"
                )
            ]
        return problem_response(
            status=refusal.status, code=refusal.code, detail=refusal.message, errors=errors
        )
    if refusal.status == 404:
        return render(request, "404.html", status=404)
    # Pages answer 400 for a bad value (the API's 422 is about its documented parameters).
    status = 400 if refusal.status == 422 else refusal.status
    return render(request, "input_error.html", {"refusal": refusal}, status=status)
