"""The notifications page: the user's newest notifications, each linking to its object; the
unread ones are marked read once shown (the page still marks them as new this once)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from mieux.inbox.selectors import PAGE_SIZE, notifications_of
from mieux.inbox.services import notifications_mark_read


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = list(notifications_of(request.user)[:PAGE_SIZE])
    notifications_mark_read(
        user=request.user, notification_ids=[n.pk for n in notifications if n.read_at is None]
    )
    context = {"nav": "notifications", "notifications": notifications}
    return render(request, "inbox/notification_list.html", context)


urlpatterns = [path("notifications/", notification_list, name="notification_list")]
