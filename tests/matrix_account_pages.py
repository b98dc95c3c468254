"""The permission matrix's cases for the account pages (issue 9): every signed-in role keeps its
own settings and changes its own password; the reset pages are for anyone, signed in or not;
/favicon.ico answers everyone with the icon's address."""

from typing import Any

from mieux.portfolio.demo import demo_password
from tests.matrix import PUBLIC, Case, expect, signed_in
from tests.matrix_token_pages import TWO_FACTOR_ROLES


def world() -> dict[str, Any]:
    return {}


NEW_PASSWORD = "a quite different passphrase 42"

CASES: list[Case] = [
    Case("favicon", expect(302)),
    Case("accounts:settings", signed_in(200)),
    # With two-factor sign-in required, these roles give a code first, here as on every page.
    Case(
        "accounts:settings",
        signed_in(200, **TWO_FACTOR_ROLES),
        settings={"MIEUX_REQUIRE_TWO_FACTOR": True},
        label="two-factor required",
    ),
    Case(
        "accounts:settings",
        signed_in(302),
        method="post",
        data={"preferred_language": "es"},
        label="save",
    ),
    Case(
        "accounts:settings",
        signed_in(400),
        method="post",
        data={"preferred_language": "xx"},
        label="save, unknown language",
    ),
    Case("accounts:password_change", signed_in(200)),
    Case(
        "accounts:password_change",
        signed_in(302),
        method="post",
        data={
            "old_password": demo_password(),
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        label="change",
    ),
    Case(
        "accounts:password_change",
        signed_in(400),
        method="post",
        data={"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
        label="change, wrong current password",
    ),
    Case("accounts:password_reset", PUBLIC),
    Case(
        "accounts:password_reset",
        expect(302),
        method="post",
        data={"email": "demo-partner-mx@example.org"},
        label="ask",
    ),
    Case(
        "accounts:password_reset",
        expect(400),
        method="post",
        data={"email": "not an address"},
        label="ask, bad address",
    ),
    Case("accounts:password_reset_done", PUBLIC),
    # A link that is not valid: the page says so (a valid one is tested end to end in
    # mieux/accounts/tests/test_password_reset.py).
    Case("accounts:password_reset_confirm", PUBLIC, {"uidb64": "MQ", "token": "not-a-token"}),
    Case("accounts:password_reset_complete", PUBLIC),
]
