"""Messages on a request for assistance, between the requesters and the facility (and the
steering committee once the request is before it), in threads one level deep.

A message either starts a thread (`thread` and `reply_to` empty) or answers one: `reply_to` is
the message answered, `thread` the thread's first message, so that a page of threads reads all
their replies in one query whatever message each reply answered.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mieux.intake.models import AssistanceRequest


class Message(models.Model):
    assistance_request = models.ForeignKey(
        AssistanceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="request_messages",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )
    thread = models.ForeignKey(
        "self",
        verbose_name=_("thread"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("created_at", "id")
        constraints = [
            # A reply names both the message it answers and its thread; a thread's start neither.
            models.CheckConstraint(
                condition=Q(reply_to__isnull=True, thread__isnull=True)
                | Q(reply_to__isnull=False, thread__isnull=False),
                name="message_reply_has_thread",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="message_body_not_empty"),
        ]
        indexes = [
            # The threads of a request, newest first, and the replies of a page of threads.
            models.Index(
                fields=["assistance_request", "thread", "created_at"],
                name="message_request_thread",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


def message_attachment_path(instance: "MessageAttachment", filename: str) -> str:
    return f"requests/{instance.message.assistance_request_id}/messages/{filename}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=message_attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name
