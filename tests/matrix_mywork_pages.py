"""The permission matrix's cases for My work and the notifications page (issue 9): every
signed-in role has both pages, each showing the user's own work and notifications (what they
hold is tested in mieux/mywork/tests and mieux/inbox/tests); anonymous visitors go to sign in."""

from typing import Any

from tests.matrix import Case, expect, signed_in

# With two-factor sign-in required, these roles give a code before any page, these included.
from tests.matrix_token_pages import TWO_FACTOR_ROLES


def world() -> dict[str, Any]:
    """The pages need no object: they read the signed-in user's own."""
    return {}


def own_page_cases(name: str) -> list[Case]:
    """A page to read, about the user only."""
    return [
        Case(name, signed_in(200)),
        Case(
            name,
            signed_in(200, **TWO_FACTOR_ROLES),
            settings={"MIEUX_REQUIRE_TWO_FACTOR": True},
            label="two-factor required",
        ),
        # Nothing is posted to it, whoever asks.
        Case(name, expect(405), method="post", label="post"),
    ]


CASES: list[Case] = [
    *own_page_cases("mywork:my_work"),
    *own_page_cases("inbox:notification_list"),
    *own_page_cases("inbox:unread_count"),
]
