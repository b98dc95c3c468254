"""The permission matrix's cases for My work (issue 9): every signed-in role has the page (its
sections are its own, tested in mieux/mywork/tests); anonymous visitors go to sign in."""

from typing import Any

from tests.matrix import Case, expect, signed_in

# With two-factor sign-in required, these roles give a code before any page, this one included.
from tests.matrix_token_pages import TWO_FACTOR_ROLES


def world() -> dict[str, Any]:
    """The page needs no object: it reads the signed-in user's work."""
    return {}


CASES: list[Case] = [
    Case("mywork:my_work", signed_in(200)),
    Case(
        "mywork:my_work",
        signed_in(200, **TWO_FACTOR_ROLES),
        settings={"MIEUX_REQUIRE_TWO_FACTOR": True},
        label="two-factor required",
    ),
    # A page to read: nothing is posted to it, whoever asks.
    Case("mywork:my_work", expect(405), method="post", label="post"),
]
