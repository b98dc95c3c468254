"""Messages on a request: `GET` the conversation, `POST` a message, download a message's file.

Same policy as the conversation page (`mieux.conversations.policies`): a request the caller
may not see is a 404; one whose conversation is closed refuses a post with a 403. Every message
is written by `mieux.conversations.services.message_post`.

A message is posted as JSON (`{"body", "reply_to"}`), or as `multipart/form-data` with the same
fields and up to five files in `file`, checked by their content like a request's attachments.
"""

import datetime
import json
from typing import Annotated, Any

import pydantic
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import BeforeValidator, ConfigDict

from mieux.api import pagination
from mieux.api.auth import authenticated
from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, RequestId, actor_of, parse_aware_datetime
from mieux.api.params import CURSOR_PATTERN, DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_ID, Id, Limit
from mieux.conversations import policies, selectors, services
from mieux.conversations.models import MessageAttachment
from mieux.core.errors import NotFound
from mieux.intake.models import AssistanceRequest

router = Router(tags=["messages"], auth=authenticated)

ERRORS = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}
MULTIPART = "multipart/form-data"
# The conversation oldest first: created_at ascending, then id.
MESSAGES = pagination.Keyset(
    "messages", "created_at", False, parse_aware_datetime, datetime.datetime.isoformat
)


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class MessageIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Annotated[
        str,
        Field(min_length=1, max_length=services.MAX_MESSAGE_CHARACTERS),
        BeforeValidator(_no_nul),
    ]
    reply_to: Id | None = Field(
        None, description="The id of the message answered; the reply joins that message's thread."
    )


class MessageAttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    download_url: str

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return (
            f"/api/v1/requests/{obj.message.assistance_request_id}/messages/files/{obj.pk}/download"
        )


class MessageOut(Schema):
    id: int
    author: str = Field(..., description="The author's name.")
    body: str
    created_at: datetime.datetime
    reply_to: int | None = Field(None, description="The message answered, if a reply.")
    thread: int | None = Field(None, description="The thread's first message, if a reply.")
    attachments: list[MessageAttachmentOut]

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return obj.author.get_full_name() or obj.author.username

    @staticmethod
    def resolve_reply_to(obj: Any) -> int | None:
        return obj.reply_to_id

    @staticmethod
    def resolve_thread(obj: Any) -> int | None:
        return obj.thread_id

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())


class MessageListOut(Schema):
    count: int
    next: str | None
    items: list[MessageOut]


class MessageListQuery(Schema):
    limit: Limit = Field(DEFAULT_LIMIT, description="Page size, 1 to 200.")
    cursor: str | None = Field(
        None,
        pattern=CURSOR_PATTERN,
        max_length=MAX_CURSOR_LENGTH,
        description="Opaque cursor: the `next` value of the previous page.",
    )


def _readable(request: HttpRequest, request_id: int) -> tuple[Any, AssistanceRequest]:
    user = actor_of(request)
    assistance_request = (
        policies.readable_requests(user)
        .prefetch_related("requesting_institutions")
        .filter(pk=request_id)
        .first()
    )
    if assistance_request is None:
        raise NotFound(_("No request %s.") % request_id)
    return user, assistance_request


def _validated(data: Any, location: str) -> MessageIn:
    try:
        if isinstance(data, bytes):
            return MessageIn.model_validate_json(data)
        return MessageIn.model_validate(data)
    except pydantic.ValidationError as error:
        raise ValidationError(
            [{**item, "loc": (location, *item["loc"])} for item in error.errors()]
        ) from error


def _posted(request: HttpRequest) -> tuple[MessageIn, list[Any]]:
    """The message and its files, from a JSON or a multipart body."""
    if request.content_type == MULTIPART:
        fields: dict[str, Any] = {"body": request.POST.get("body", "")}
        reply_to = request.POST.get("reply_to", "")
        if reply_to:
            # A form sends text: digits only, as a path or query id would be read.
            fields["reply_to"] = (
                int(reply_to) if reply_to.isdigit() and len(reply_to) < 20 else reply_to
            )
        unknown = set(request.POST) - {"body", "reply_to"}
        if unknown:
            fields[min(unknown)] = request.POST[min(unknown)]  # refused, named, by the schema
        return _validated(fields, "form"), request.FILES.getlist("file")
    if request.body:
        try:
            json.loads(request.body)
        except ValueError:
            raise ValidationError(
                [{"loc": ("body",), "msg": "must be a JSON object", "type": "json_invalid"}]
            ) from None
    return _validated(request.body or b"{}", "body"), []


MESSAGE_BODY = {
    "required": True,
    "content": {
        # Inline: no ninja parameter reads the body, so the schema is not among the components.
        "application/json": {"schema": MessageIn.model_json_schema()},
        MULTIPART: {
            "schema": {
                "title": "MessageUpload",
                "type": "object",
                "properties": {
                    "body": {
                        "title": "Body",
                        "type": "string",
                        "minLength": 1,
                        "maxLength": services.MAX_MESSAGE_CHARACTERS,
                    },
                    "reply_to": {"title": "Reply To", "type": "integer", "minimum": 1},
                    "file": {
                        "title": "File",
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "maxItems": services.MAX_ATTACHMENTS_PER_MESSAGE,
                    },
                },
                "required": ["body"],
            }
        },
    },
}


@router.get(
    "/requests/{request_id}/messages",
    response={200: MessageListOut, **ERRORS},
    summary="Messages on a request",
    openapi_extra=AUTHENTICATED_ONLY,
)
def message_list_endpoint(
    request: HttpRequest, params: Query[MessageListQuery], request_id: int = RequestId
) -> dict:
    """The conversation on a request the caller may see, oldest message first. A reply names
    the message it answers (`reply_to`) and its thread's first message (`thread`)."""
    _user, assistance_request = _readable(request, request_id)
    page = pagination.paginate(
        selectors.messages_of(assistance_request),
        MESSAGES,
        limit=params.limit,
        cursor=params.cursor,
    )
    return {"count": page.count, "next": page.next, "items": page.items}


@router.post(
    "/requests/{request_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Post a message",
    openapi_extra={**AUTHENTICATED_ONLY, "requestBody": MESSAGE_BODY},
)
def message_post_endpoint(request: HttpRequest, request_id: int = RequestId) -> Status:
    """Write a message on a request the caller may see, starting a thread or, with `reply_to`,
    answering one. Files (multipart only, in `file`, up to five) are PDF, Word, OpenDocument,
    text, PNG or JPEG of at most 10 MB, typed from their bytes: 400 `invalid_file` or
    `file_too_large` otherwise, and no message is written. A closed request (rejected,
    formulated, withdrawn) takes no message: 403. The other participants are notified."""
    user, assistance_request = _readable(request, request_id)
    payload, files = _posted(request)
    message = services.message_post(
        actor=user,
        assistance_request=assistance_request,
        body=payload.body,
        reply_to=payload.reply_to,
        attachments=files,
    )
    return Status(201, selectors.messages_of(assistance_request).get(pk=message.pk))


@router.get(
    "/requests/{request_id}/messages/files/{attachment_id}/download",
    response={200: None, **ERRORS},
    summary="Download a message's file",
    openapi_extra={
        **AUTHENTICATED_ONLY,
        "responses": {200: {"description": "The file", "content": {"*/*": {}}}},
    },
)
def message_attachment_download_endpoint(
    request: HttpRequest,
    request_id: int = RequestId,
    attachment_id: int = Path(..., ge=1, le=MAX_ID, description="The file's id."),
) -> FileResponse:
    """A file of a message on a request the caller may see."""
    attachment = (
        MessageAttachment.objects.filter(
            pk=attachment_id,
            message__assistance_request__in=policies.readable_requests(actor_of(request)).filter(
                pk=request_id
            ),
        )
        .only("file", "name", "content_type")
        .first()
    )
    if attachment is None:
        raise NotFound(_("No file %s.") % attachment_id)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Content-Type"] = attachment.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
