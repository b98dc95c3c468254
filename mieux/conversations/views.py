"""The conversation page of a request: its threads, a form to start one, a reply form under
each; and the download of a message's file. Names are `conversations:<name>`.

A request the user may not see is a 404, as on the request's own page; one whose conversation
is closed (`policies.can_post_message`) shows no form and refuses a post with a 403. Every
message is written by `services.message_post`, whose refusals are shown on the form, with what
was typed still in it.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mieux.accounts.models import Institution
from mieux.conversations import policies, selectors, services
from mieux.conversations.forms import MessageForm
from mieux.conversations.models import MessageAttachment
from mieux.core.errors import DomainError, NotFound
from mieux.core.errors import PermissionDenied as DomainPermissionDenied
from mieux.intake.models import AssistanceRequest


def _signed_in_user(request: HttpRequest) -> Any:
    """The user, with the memberships every policy reads fetched once for the whole page."""
    user: Any = request.user
    prefetch_related_objects([user], "memberships")
    return user


def _request_or_404(user: Any, request_id: int) -> AssistanceRequest:
    assistance_request = (
        policies.readable_requests(user)
        .select_related("lead_institution")
        .prefetch_related(
            Prefetch("requesting_institutions", queryset=Institution.objects.only("id"))
        )
        .filter(pk=request_id)
        .first()
    )
    if assistance_request is None:
        raise Http404(_("No such request."))
    return assistance_request


def _page(
    request: HttpRequest,
    user: Any,
    assistance_request: AssistanceRequest,
    *,
    form: MessageForm | None = None,
    failed_thread: int | None = None,
    status: int = 200,
) -> HttpResponse:
    page, threads = selectors.thread_page(assistance_request, request.GET.get("page"))
    if failed_thread not in {thread.first.pk for thread in threads}:
        failed_thread = None  # a reply to a thread not on this page: its error shows at the top
    context = {
        "nav": "requests",
        "assistance_request": assistance_request,
        "page": page,
        "page_range": list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ),
        "threads": threads,
        "can_post": policies.can_post_message.test(user, assistance_request),
        # A refused post shows its form again, filled in: the new thread's or a reply's.
        "form": form if form is not None and failed_thread is None else MessageForm(),
        "reply_form": form if failed_thread is not None else None,
        "blank_form": MessageForm(),
        "failed_thread": failed_thread,
        "max_replies": services.MAX_REPLIES_PER_THREAD,
    }
    return render(request, "conversations/message_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def message_list(request: HttpRequest, request_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    assistance_request = _request_or_404(user, request_id)
    if request.method == "GET":
        return _page(request, user, assistance_request)
    if not policies.can_post_message.test(user, assistance_request):
        raise PermissionDeniedPage(_("This conversation takes no new messages."))
    form = MessageForm(request.POST, request.FILES)
    thread = _posted_thread(request)
    if not form.is_valid():
        return _page(request, user, assistance_request, form=form, failed_thread=thread, status=400)
    try:
        message = services.message_post(
            actor=user,
            assistance_request=assistance_request,
            body=form.cleaned_data["body"],
            reply_to=form.cleaned_data["reply_to"],
            attachments=form.cleaned_data["attachments"],
        )
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainPermissionDenied as error:
        raise PermissionDeniedPage(error.message) from error
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _page(request, user, assistance_request, form=form, failed_thread=thread, status=400)
    messages.success(request, _("Your message was posted."))
    url = reverse("conversations:message_list", args=[assistance_request.pk])
    return redirect(f"{url}#message-{message.pk}")


def _posted_thread(request: HttpRequest) -> int | None:
    """The thread whose reply form was posted (its form is the one shown again on a refusal)."""
    raw = request.POST.get("thread", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@login_required
@require_GET
def message_attachment(request: HttpRequest, request_id: int, attachment_id: int) -> FileResponse:
    user = _signed_in_user(request)
    attachment = (
        MessageAttachment.objects.filter(
            pk=attachment_id,
            message__assistance_request__in=policies.readable_requests(user).filter(pk=request_id),
        )
        .only("file", "name", "content_type")
        .first()
    )
    if attachment is None:
        raise Http404(_("No such attachment."))
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("requests/<int:request_id>/messages/", message_list, name="message_list"),
    path(
        "requests/<int:request_id>/messages/files/<int:attachment_id>/",
        message_attachment,
        name="message_attachment",
    ),
]
