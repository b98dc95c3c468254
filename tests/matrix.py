"""The vocabulary of the permission matrix (tests/test_permission_matrix.py), shared with the
modules that hold a part of its cases (tests/matrix_*.py): roles, `Case`, `Ref`, `expect`."""

from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "partner",
    "other_partner",
    "officer",
    "manager",
    "steering",
    "expert",
    "knowledge",
    "admin",
)
USERNAMES = {
    "partner": "demo-partner-mx",
    "other_partner": "demo-partner-pe",
    "officer": "demo-officer",
    "manager": "demo-manager",
    "steering": "demo-steering",
    "expert": "demo-expert",
    "knowledge": "demo-knowledge",
    "admin": "demo-admin",
}
STAFF = ("officer", "manager", "admin")


@dataclass(frozen=True)
class Ref:
    """A value taken from the demo world when the case runs."""

    name: str


def expect(default: int | None = None, **by_role: int) -> dict[str, int]:
    """{role → status}: `default` for every role not named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    table = {role: by_role.get(role, default) for role in ROLES}
    missing = [role for role, status in table.items() if status is None]
    assert not missing, f"no expected status for {missing}"
    return table  # type: ignore[return-value]


def signed_in(status: int, **by_role: int) -> dict[str, int]:
    """A page for signed-in users: anonymous visitors are sent to the sign-in page."""
    return expect(status, anonymous=302, **by_role)


def identified(status: int, **by_role: int) -> dict[str, int]:
    """An API endpoint for identified callers: anonymous callers get 401."""
    return expect(status, anonymous=401, **by_role)


@dataclass(frozen=True)
class Case:
    name: str
    expected: dict[str, int]
    kwargs: dict[str, Any] = field(default_factory=dict)
    method: str = "get"
    data: dict[str, Any] | None = None
    query: str = ""  # formatted with the demo world's values: "object=request:{awaiting}"
    label: str = ""
    multipart: bool = False  # an API body sent as a form with files, not as JSON
    settings: dict[str, Any] = field(default_factory=dict)  # overridden for this case

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


PUBLIC = expect(200)
