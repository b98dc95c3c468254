"""The notifications page: the user's newest notifications, each linking to its object; the
unread ones are marked read once shown (the page still marks them as new this once). And the
unread count the header asks for after loading (inbox/unread.js), so that no page pays a query
for it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mieux.inbox.selectors import PAGE_SIZE, notifications_of, unread_count
from mieux.inbox.services import notifications_mark_read


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(notifications_of(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    notifications = list(page.object_list)
    # Only those shown are read: older unread ones stay new until their page is opened.
    notifications_mark_read(
        user=request.user, notification_ids=[n.pk for n in notifications if n.read_at is None]
    )
    context = {
        "nav": "notifications",
        "notifications": notifications,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
    }
    return render(request, "inbox/notification_list.html", context)


@require_GET
@never_cache
@login_required
def unread_count_view(request: HttpRequest) -> JsonResponse:
    count = unread_count(request.user)
    label = ngettext("%(counter)s unread", "%(counter)s unread", count) % {"counter": count}
    return JsonResponse({"unread": count, "label": label})


urlpatterns = [
    path("notifications/", notification_list, name="notification_list"),
    path("notifications/unread/", unread_count_view, name="unread_count"),
]
