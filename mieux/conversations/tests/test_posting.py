"""Posting, replying and threading through `message_post`, and every refusal changing nothing."""

import pytest

from mieux.conversations import services
from mieux.conversations.models import Message, MessageAttachment
from mieux.conversations.tests.conftest import PDF, text_file
from mieux.core.errors import DomainError, NotFound, PermissionDenied
from mieux.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _nothing_written(before_events: int) -> None:
    assert Message.objects.count() == 0
    assert MessageAttachment.objects.count() == 0
    assert AuditEvent.objects.count() == before_events


def test_a_message_starts_a_thread_and_is_audited(submitted, users, post) -> None:
    message = post("partner", submitted, body="  When will the assessment start?\n")

    message.refresh_from_db()
    assert message.body == "When will the assessment start?"
    assert message.author == users["partner"]
    assert message.assistance_request == submitted
    assert (message.reply_to, message.thread) == (None, None)
    event = AuditEvent.objects.get(verb="request.message_posted")
    assert event.actor == users["partner"]
    assert event.object_type == "conversations.message"
    assert event.object_id == str(message.pk)
    assert event.after["body"] == "When will the assessment start?"
    assert event.after["attachments"] == []


def test_a_reply_joins_the_thread_of_the_message_it_answers(submitted, post) -> None:
    first = post("partner", submitted, body="A question.")
    answer = post("officer", submitted, body="An answer.", reply_to=first)
    # A reply to a reply stays in the thread, one level deep, and says what it answers.
    again = post("partner", submitted, body="A follow-up.", reply_to=answer.pk)

    assert (answer.reply_to_id, answer.thread_id) == (first.pk, first.pk)
    assert (again.reply_to_id, again.thread_id) == (answer.pk, first.pk)
    assert list(first.replies.order_by("id")) == [answer, again]


def test_a_reply_to_a_message_of_another_request_is_refused(
    request_in, submitted, post, users
) -> None:
    elsewhere = post("partner", request_in("draft"), body="On the draft.")
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        post("partner", submitted, body="Reply.", reply_to=elsewhere.pk)

    assert refused.value.field == "reply_to"
    assert Message.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("reply_to", [10**9, "3", True])
def test_a_reply_to_nothing_is_refused(submitted, post, reply_to) -> None:
    with pytest.raises(DomainError) as refused:
        post("partner", submitted, reply_to=reply_to)

    assert refused.value.field == "reply_to"
    assert Message.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    ["", "   \n\t ", "a\x00b", "\x00", "bad \ud800 surrogate", "x" * 10_001, None, 42],
    ids=["empty", "blank", "nul-inside", "nul", "surrogate", "too-long", "none", "number"],
)
def test_bad_text_is_refused_and_nothing_is_written(submitted, post, body) -> None:
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        post("partner", submitted, body=body)

    assert refused.value.field == "body"
    _nothing_written(events)


def test_the_longest_text_allowed_is_accepted(submitted, post) -> None:
    message = post("partner", submitted, body="x" * services.MAX_MESSAGE_CHARACTERS)

    assert len(message.body) == services.MAX_MESSAGE_CHARACTERS


def test_files_are_kept_as_checked_by_their_content(submitted, post, media_root) -> None:
    message = post(
        "partner",
        submitted,
        attachments=[
            text_file(),
            text_file("plan.pdf", PDF, "application/octet-stream"),
        ],
    )

    files = list(message.attachments.order_by("id"))
    assert [(f.name, f.content_type, f.size) for f in files] == [
        ("note.txt", "text/plain", 22),
        ("plan.pdf", "application/pdf", len(PDF)),
    ]
    assert files[1].file.read() == PDF
    event = AuditEvent.objects.get(verb="request.message_posted")
    assert [item["name"] for item in event.after["attachments"]] == ["note.txt", "plan.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "declared", "code"),
    [
        ("report.pdf", b"MZ\x90\x00 a Windows program", "application/pdf", "invalid_file"),
        ("notes.txt", PDF, "text/plain", "invalid_file"),  # a PDF named as text
        ("page.pdf", PDF + b"<script>alert(1)</script>", "application/pdf", "invalid_file"),
        ("empty.txt", b"", "text/plain", "invalid_file"),
        ("big.txt", b"x" * (10 * 1024 * 1024 + 1), "text/plain", "file_too_large"),
    ],
    ids=["program", "pdf-named-txt", "pdf-with-html", "empty", "too-large"],
)
def test_a_file_refused_by_its_content_refuses_the_whole_message(
    submitted, post, media_root, name, content, declared, code
) -> None:
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        post("partner", submitted, attachments=[text_file(), text_file(name, content, declared)])

    assert refused.value.field == "attachments"
    assert str(refused.value.code) == code
    _nothing_written(events)
    assert not (media_root / "requests").exists()


def test_more_files_than_allowed_are_refused(submitted, post) -> None:
    uploads = [text_file(f"n{i}.txt") for i in range(services.MAX_ATTACHMENTS_PER_MESSAGE + 1)]

    with pytest.raises(DomainError) as refused:
        post("partner", submitted, attachments=uploads)

    assert refused.value.field == "attachments"
    assert Message.objects.count() == 0


def test_a_thread_takes_a_bounded_number_of_replies(submitted, post, monkeypatch) -> None:
    monkeypatch.setattr(services, "MAX_REPLIES_PER_THREAD", 2)
    first = post("partner", submitted)
    post("officer", submitted, reply_to=first)
    post("partner", submitted, reply_to=first)

    with pytest.raises(DomainError) as refused:
        post("officer", submitted, reply_to=first)

    assert refused.value.field == "reply_to"
    assert first.replies.count() == 2


def test_whoever_may_not_see_the_request_is_told_it_does_not_exist(submitted, post) -> None:
    for who in ("other_partner", "steering", "expert", "knowledge"):
        with pytest.raises(NotFound):
            post(who, submitted)

    assert Message.objects.count() == 0


def test_a_closed_request_takes_no_message(request_in, post) -> None:
    withdrawn = request_in("withdrawn")

    with pytest.raises(PermissionDenied):
        post("partner", withdrawn)
    with pytest.raises(PermissionDenied):
        post("officer", withdrawn)

    assert Message.objects.count() == 0


def test_steering_members_write_once_the_request_is_recommended(request_in, post) -> None:
    message = post("steering", request_in("recommended"), body="A question of the committee.")

    assert message.pk is not None
