"""Keyset (cursor) pagination: a deep page costs what the first one does.

A list is ordered by a unique key, the selector's order: actions by (-start_date, id), activities by
(start_date, id), outputs by (action_id, id). The cursor is the key of the last row served, as
url-safe base64 of JSON `{"k": <list name>, "v": [<sort value>, <id>]}`; the next page is the rows
strictly after that key, found with an index range scan rather than an OFFSET. Rows added or
removed between two requests neither repeat nor shift the rest of the walk.

A cursor is opaque to clients; anything malformed, or a cursor of another list, is a 400
`invalid_cursor`.
"""

import base64
import binascii
import datetime
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

from django.db.models import Model, Q, QuerySet

from mieux.api.errors import InvalidCursor
from mieux.api.params import MAX_ID

M = TypeVar("M", bound=Model)
# A row of a page: a model instance, or a dict of `values()`.
R = TypeVar("R")


def _date_value(raw: Any) -> datetime.date:
    if not isinstance(raw, str) or len(raw) != 10:
        raise ValueError(raw)
    return datetime.date.fromisoformat(raw)


def _id_value(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_ID:
        raise ValueError(raw)
    return raw


@dataclass(frozen=True)
class Keyset:
    """How one list is ordered: the first sort field (with direction) then `id` ascending."""

    name: str
    field: str
    descending: bool
    parse: Callable[[Any], Any]
    dump: Callable[[Any], Any]

    def key_of(self, row: Model | dict[str, Any]) -> list[Any]:
        if isinstance(row, dict):
            return [self.dump(row[self.field]), row["id"]]
        return [self.dump(getattr(row, self.field)), row.pk]

    def after(self, value: Any, row_id: int) -> Q:
        """Rows after (value, row_id) in the keyset's order.

        The leading bound is redundant but lets both databases use it as an index condition;
        without it PostgreSQL filters every earlier row to reach a deep page.
        """
        bound, strictly = ("lte", "lt") if self.descending else ("gte", "gt")
        return Q(**{f"{self.field}__{bound}": value}) & (
            Q(**{f"{self.field}__{strictly}": value}) | Q(**{self.field: value, "id__gt": row_id})
        )


ACTIONS = Keyset("actions", "start_date", True, _date_value, datetime.date.isoformat)
ACTIVITIES = Keyset("activities", "start_date", False, _date_value, datetime.date.isoformat)
OUTPUTS = Keyset("outputs", "action_id", False, _id_value, int)


def encode_cursor(keyset: Keyset, key: list[Any]) -> str:
    payload = json.dumps({"k": keyset.name, "v": key}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(keyset: Keyset, cursor: str) -> tuple[Any, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(data, dict) or data.get("k") != keyset.name:
            raise ValueError(cursor)
        value, row_id = data["v"]
        return keyset.parse(value), _id_value(row_id)
    except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error) as exc:
        raise InvalidCursor() from exc


@dataclass
class Page(Generic[R]):
    count: int
    next: str | None
    items: list[R]


@overload
def paginate(
    queryset: QuerySet[M], keyset: Keyset, *, limit: int, cursor: str | None, fields: None = None
) -> Page[M]: ...


@overload
def paginate(
    queryset: QuerySet[M], keyset: Keyset, *, limit: int, cursor: str | None, fields: Sequence[str]
) -> Page[dict[str, Any]]: ...


def paginate(
    queryset: QuerySet[M],
    keyset: Keyset,
    *,
    limit: int,
    cursor: str | None,
    fields: Sequence[str] | None = None,
) -> Page[Any]:
    """One page of `queryset` (already in the keyset's order): 1 COUNT + 1 SELECT (+ prefetches).

    With `fields` the page is read as `values(*fields)` rows (which must include "id" and the
    keyset's field) rather than model instances. The count is taken on `queryset` itself, so the
    joins those fields need stay out of it.
    """
    after = decode_cursor(keyset, cursor) if cursor is not None else None
    count = queryset.count()
    rows: QuerySet[M, Any] = queryset if after is None else queryset.filter(keyset.after(*after))
    if fields is not None:
        rows = rows.values(*fields)
    return page_of(list(rows[: limit + 1]), keyset, limit=limit, count=count)


def page_of(rows: list[Any], keyset: Keyset, *, limit: int, count: int) -> Page[Any]:
    """The page of up to `limit + 1` rows read after a cursor: the extra row only tells that
    there is a next page, whose cursor is the key of the last row served."""
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(keyset, keyset.key_of(rows[-1]))
    return Page(count=count, next=next_cursor, items=rows)
