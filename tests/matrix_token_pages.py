"""The permission matrix's cases for the page "API tokens" (issue 8): every signed-in role lists,
creates and revokes its own tokens; another user's token is a 404, as if it did not exist.

The cases revoke a token of demo-partner-mx, made for them here."""

from typing import Any

from mieux.accounts.models import User
from mieux.accounts.tokens import api_token_create
from tests.matrix import STAFF, Case, Ref, signed_in


def world() -> dict[str, Any]:
    """Ids of objects the cases below refer to with `Ref("…")`."""
    partner = User.objects.get(username="demo-partner-mx")
    token, _raw = api_token_create(user=partner, name="matrix script")
    return {"partner_token": token.pk}


PARTNER_TOKEN = {"token_id": Ref("partner_token")}
# With two-factor sign-in required, these roles must give a code before any page, this one
# included: a password alone never makes a token (see the two-factor cases in the matrix).
TWO_FACTOR_ROLES = {"steering": 302, "knowledge": 302, **dict.fromkeys(STAFF, 302)}

CASES: list[Case] = [
    Case("accounts:token_list", signed_in(200)),
    Case(
        "accounts:token_list",
        signed_in(200, **TWO_FACTOR_ROLES),
        settings={"MIEUX_REQUIRE_TWO_FACTOR": True},
        label="two-factor required",
    ),
    Case(
        "accounts:token_list",
        signed_in(200),
        method="post",
        data={"name": "matrix", "expires_in_days": "30"},
        label="create",
    ),
    Case(
        "accounts:token_list",
        signed_in(400),
        method="post",
        data={"name": "matrix", "expires_in_days": "9999"},
        label="create, bad expiry",
    ),
    Case("accounts:token_revoke", signed_in(404, partner=200), PARTNER_TOKEN, label="confirm"),
    Case(
        "accounts:token_revoke",
        signed_in(404, partner=302),
        PARTNER_TOKEN,
        method="post",
        label="revoke",
    ),
]
