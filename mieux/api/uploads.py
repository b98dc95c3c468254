"""Files sent to the API: every endpoint that takes one reads it with `uploaded_file`, so that a
body that is not multipart and a missing file part answer the same problem naming the field,
on POST and PUT alike, and a malformed multipart body (no boundary, broken parts) the same
400 `malformed_request` as anywhere else. What the file itself may be is the service's to say
(`mieux.core.uploads.check_upload`).

The body is documented by hand (`multipart_body`), since no ninja `File` parameter reads it:
ninja reads uploads of POST requests only, unless a middleware parses every PUT, PATCH and
DELETE body of the site, and answers a missing part in other words than a missing file.
"""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mieux.core.errors import DomainError

MULTIPART = "multipart/form-data"


def multipart_body(title: str, field: str = "file") -> dict[str, Any]:
    """The OpenAPI `requestBody` of an endpoint reading `uploaded_file(request, field)`."""
    return {
        "required": True,
        "content": {
            MULTIPART: {
                "schema": {
                    "title": title,
                    "type": "object",
                    "properties": {
                        field: {"title": field.title(), "type": "string", "format": "binary"}
                    },
                    "required": [field],
                }
            }
        },
    }


def uploaded_file(request: HttpRequest, field: str = "file") -> UploadedFile:
    """The file sent in `field` of a multipart body; a DomainError naming `field` otherwise."""
    missing = _("Send the file as multipart/form-data, in the field “%(field)s”.") % {
        "field": field
    }
    if request.content_type != MULTIPART:
        raise DomainError(missing, field=field)
    # A malformed body (no boundary, broken parts) raises MultiPartParserError, answered like
    # every other malformed body: `mieux.core.middleware` and `mieux.api.errors`, 400
    # `malformed_request`. (The middleware reads POST bodies before any view.)
    if request.method == "POST":
        files = request.FILES
    else:  # Django parses the body of POST requests only
        _fields, files = request.parse_file_upload(request.META, request)
    upload = files.get(field)
    if upload is None:
        raise DomainError(missing, field=field)
    return upload
