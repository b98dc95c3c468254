"""In-app notifications: what mieux told a user by e-mail (or would have, had they not declined
the e-mails), kept in the site with an unread mark.

A low app (beside the portfolio, below intake and experts) so that the senders of e-mails in
those apps write a notification alongside each e-mail through `services`, without reaching up.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Written in the user's language when it was made, as the e-mail was: a notification says
    # what happened then, and the page it links to is in the reader's language now.
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("address"), max_length=500, help_text=_("The object's page."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-id")
        # The header's unread count on every page, and the list, answered from the index.
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]

    def __str__(self) -> str:
        return self.text
