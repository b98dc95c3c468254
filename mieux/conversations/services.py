"""Writing a message on a request: `message_post`, the one write path (pages, API, demo).

One transaction: policy, then validation, then the message, its files and one audit event;
the notifications go out after commit (`notifications.enqueue_message_notifications`), so a
message that rolled back tells nobody. A broken rule raises `DomainError` naming the field and
changes nothing (no row, no file kept).
"""

import re
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mieux.conversations import notifications, policies
from mieux.conversations.models import Message, MessageAttachment
from mieux.core.audit import record_event, snapshot
from mieux.core.errors import DomainError, NotFound, PermissionDenied
from mieux.core.text import check_length
from mieux.core.uploads import check_upload
from mieux.intake.models import AssistanceRequest

# The same files, checked the same way, as the request's own attachments.
from mieux.intake.services import ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES

MAX_MESSAGE_CHARACTERS = 10_000
MAX_ATTACHMENTS_PER_MESSAGE = 5
# A thread is a page's unit: capping its replies keeps every page of threads bounded.
MAX_REPLIES_PER_THREAD = 100
# No database stores these in text: PostgreSQL refuses NUL, no encoder writes a lone surrogate.
# The request-input middleware stops both for pages and the API; this is for every other caller.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _clean_body(body: Any) -> str:
    if not isinstance(body, str):
        raise DomainError(_("The message must be text."), field="body")
    if UNSTORABLE.search(body):
        raise DomainError(
            _(
                "The message contains a NUL character (U+0000) or a lone surrogate, which "
                "cannot be stored."
            ),
            field="body",
        )
    body = body.strip()
    if not body:
        raise DomainError(_("Write a message."), field="body")
    check_length(body, field="body", limit=MAX_MESSAGE_CHARACTERS)
    return body


def _thread_of(assistance_request: AssistanceRequest, reply_to: Any) -> tuple[Message, Message]:
    """The message answered and its thread's first message; NotFound unless it is a message of
    this very request (ids of other requests' messages name nothing here)."""
    reply_to_id = reply_to.pk if isinstance(reply_to, Message) else reply_to
    if isinstance(reply_to_id, bool) or not isinstance(reply_to_id, int):
        raise DomainError(_("“reply_to” must be the id of a message."), field="reply_to")
    # Not locked itself: the request's row lock already serialises the posts on it.
    answered = (
        Message.objects.filter(pk=reply_to_id, assistance_request_id=assistance_request.pk)
        .select_related("thread")
        .first()
    )
    if answered is None:
        raise DomainError(
            _("There is no message %s on this request to reply to.") % reply_to_id,
            field="reply_to",
        )
    return answered, answered.thread or answered


@transaction.atomic
def message_post(
    *,
    actor: Any,
    assistance_request: AssistanceRequest,
    body: str,
    reply_to: Message | int | None = None,
    attachments: Sequence[UploadedFile] = (),
) -> Message:
    """Post a message on the request, starting a thread or, with `reply_to`, answering one."""
    # Read again, locked, through the policy's own queryset: whoever may not see it gets a
    # NotFound as if it did not exist, and two replies at once count the thread's replies in turn.
    locked = (
        policies.readable_requests(actor)
        .select_for_update()
        .filter(pk=assistance_request.pk)
        .prefetch_related("requesting_institutions")
        .first()
    )
    if locked is None:
        raise NotFound(_("No request %s.") % assistance_request.pk)
    if not policies.can_post_message.test(actor, locked):
        raise PermissionDenied(
            _("This request is “%(status)s”: its messages can be read, not answered.")
            % {"status": locked.get_status_display()}
        )
    body = _clean_body(body)
    answered = thread = None
    if reply_to is not None:
        answered, thread = _thread_of(locked, reply_to)
        if thread.replies.count() >= MAX_REPLIES_PER_THREAD:
            raise DomainError(
                ngettext(
                    "This thread has reached %(count)d reply; start a new thread.",
                    "This thread has reached %(count)d replies; start a new thread.",
                    MAX_REPLIES_PER_THREAD,
                )
                % {"count": MAX_REPLIES_PER_THREAD},
                field="reply_to",
            )
    uploads = list(attachments)
    if len(uploads) > MAX_ATTACHMENTS_PER_MESSAGE:
        raise DomainError(
            ngettext(
                "At most %(count)d file may be attached to a message.",
                "At most %(count)d files may be attached to a message.",
                MAX_ATTACHMENTS_PER_MESSAGE,
            )
            % {"count": MAX_ATTACHMENTS_PER_MESSAGE},
            field="attachments",
        )
    # Every file is checked before anything is written: one refused file refuses the message.
    checked = [
        check_upload(
            upload, allowed=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES, field="attachments"
        )
        for upload in uploads
    ]
    message = Message.objects.create(
        assistance_request=locked, author=actor, body=body, reply_to=answered, thread=thread
    )
    files = []
    for upload, result in zip(uploads, checked, strict=True):
        attachment = MessageAttachment(
            message=message, name=result.name, content_type=result.content_type, size=result.size
        )
        attachment.file.save(attachment.name, upload, save=False)
        attachment.save()
        files.append(attachment)
    after = snapshot(message)
    after["attachments"] = [snapshot(attachment) for attachment in files]
    record_event(actor=actor, verb="request.message_posted", instance=message, after=after)
    transaction.on_commit(lambda: notifications.enqueue_message_notifications(message.pk))
    return message
