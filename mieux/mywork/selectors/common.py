"""What every section of My work is made of, and the one way a list of it is read.

A list costs two queries whatever the data: its count, and its first `LIMIT` rows (the page
shows a short list and says how many there are in all, with a link to where the rest is).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

LIMIT = 10


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: `url` is the page where it is done."""

    title: str
    url: str
    context: str = ""  # what it belongs to (the action, the expert)
    note: str = ""  # what it waits for, or what is missing
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass(frozen=True)
class WorkList:
    key: str
    title: str | Promise
    empty: str | Promise  # said plainly when there is nothing to do
    count: int
    items: list[WorkItem]
    more_url: str = ""  # the page that lists all of them, when there is one

    @property
    def has_more(self) -> bool:
        return self.count > len(self.items)


@dataclass(frozen=True)
class RoleSection:
    role: str
    title: str | Promise
    lists: list[WorkList] = field(default_factory=list)
    link_url: str = ""  # the role's own page (the dashboard, the agenda)
    link_label: str | Promise = ""


def work_list(
    key: str,
    title: str | Promise,
    empty: str | Promise,
    rows: QuerySet[Any],
    to_item: Callable[[Any], WorkItem],
    more_url: str = "",
) -> WorkList:
    """The count and the first rows of `rows` (two queries; `rows` must be ordered)."""
    count = rows.count()
    items = [to_item(row) for row in rows[:LIMIT]]
    return WorkList(key, title, empty, count, items, more_url)
