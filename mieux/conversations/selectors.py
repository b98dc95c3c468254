"""Reads of a request's conversation, shared by its page, the request page's panel and the API.

The caller has already been asked the policy (`policies.can_read_conversation`); these only
read, in a fixed number of queries whatever the number of threads, replies and files.
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce

from mieux.conversations.models import Message
from mieux.intake.models import AssistanceRequest

THREADS_PER_PAGE = 10


@dataclass(frozen=True)
class Thread:
    first: Message
    replies: list[Message]


def messages_of(assistance_request: AssistanceRequest) -> QuerySet[Message]:
    """Every message of the request, oldest first, with what a list shows of each."""
    return (
        Message.objects.filter(assistance_request_id=assistance_request.pk)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def thread_starts(assistance_request: AssistanceRequest) -> QuerySet[Message]:
    """The first messages of the request's threads, the most recently active thread first: a
    new reply brings its thread to the top of the first page, where its notification points."""
    return (
        Message.objects.filter(assistance_request_id=assistance_request.pk, thread__isnull=True)
        .select_related("author")
        .annotate(last_activity=Coalesce(Max("replies__created_at"), "created_at"))
        .order_by("-last_activity", "-id")
    )


def thread_page(assistance_request: AssistanceRequest, number: Any) -> tuple[Page, list[Thread]]:
    """One page of threads, each with its replies oldest first: four queries (the count, the
    threads, their replies, the files of all of them)."""
    paginator = Paginator(thread_starts(assistance_request), THREADS_PER_PAGE)
    page = paginator.get_page(number)
    starts = list(page.object_list)
    replies = list(
        Message.objects.filter(thread__in=[start.pk for start in starts])
        .select_related("author")
        .order_by("created_at", "id")
    )
    prefetch_related_objects([*starts, *replies], "attachments")
    by_thread: dict[int, list[Message]] = {start.pk: [] for start in starts}
    for reply in replies:
        by_thread[reply.thread_id].append(reply)  # type: ignore[index]
    return page, [Thread(start, by_thread[start.pk]) for start in starts]


def conversation_summary(assistance_request: AssistanceRequest) -> dict[str, Any]:
    """How many messages the request has and when the last was written (one query)."""
    return Message.objects.filter(assistance_request_id=assistance_request.pk).aggregate(
        count=Count("id"), latest=Max("created_at")
    )
