"""The permission matrix's cases for the messages on a request (issue 9): whoever may see the
request reads its conversation (the requesting partner, facility staff, steering members from
the recommendation on), others get a 404 as for the request itself; a closed request's
conversation takes no message (403). Refused posts (400/422) change nothing; the one accepted
post is rolled back with its case."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mieux.accounts.models import User
from mieux.conversations import notifications, services
from mieux.intake.models import AssistanceRequest
from tests.matrix import STAFF, Case, Ref, identified, signed_in


def world() -> dict[str, Any]:
    """A file on a message of the request awaiting decision (the demo conversation has none)."""
    awaiting = AssistanceRequest.objects.get(title__startswith="Protocol for the care of")
    with notifications.paused():
        message = services.message_post(
            actor=User.objects.get(username="demo-partner-mx"),
            assistance_request=awaiting,
            body="The list of offices.",
            attachments=[SimpleUploadedFile("offices.txt", b"Tapachula", "text/plain")],
        )
    return {"message_attachment": message.attachments.get().pk}


AWAITING = {"request_id": Ref("awaiting")}
FORMULATED = {"request_id": Ref("formulated")}
OTHER_DRAFT = {"request_id": Ref("other_draft")}
FILE = {**AWAITING, "attachment_id": Ref("message_attachment")}
READERS = {"partner": 200, "steering": 200, **dict.fromkeys(STAFF, 200)}


def _readers(status: int) -> dict[str, int]:
    return dict.fromkeys(READERS, status)


CASES: list[Case] = [
    Case("conversations:message_list", signed_in(404, **READERS), AWAITING, label="awaiting"),
    Case(
        "conversations:message_list",
        signed_in(404, other_partner=200, **dict.fromkeys(STAFF, 200)),
        OTHER_DRAFT,
        label="draft of the other institution",
    ),
    Case(
        "conversations:message_list",
        signed_in(404, **_readers(400)),
        AWAITING,
        method="post",
        data={"body": " "},
        label="POST refused",
    ),
    Case(
        "conversations:message_list",
        signed_in(404, **_readers(403)),
        FORMULATED,
        method="post",
        data={"body": "Thank you."},
        label="POST on a closed request",
    ),
    Case("conversations:message_attachment", signed_in(404, **READERS), FILE),
    Case("api-v1:message_list_endpoint", identified(404, **READERS), AWAITING),
    Case(
        "api-v1:message_post_endpoint",
        identified(404, **_readers(201)),
        AWAITING,
        method="post",
        data={"body": "A question."},
        label="posted",
    ),
    Case(
        "api-v1:message_post_endpoint",
        identified(404, **_readers(422)),
        AWAITING,
        method="post",
        data={"body": ""},
        label="refused",
    ),
    Case(
        "api-v1:message_post_endpoint",
        identified(404, **_readers(403)),
        FORMULATED,
        method="post",
        data={"body": "Thank you."},
        label="closed request",
    ),
    Case("api-v1:message_attachment_download_endpoint", identified(404, **READERS), FILE),
]
