"""The demo portfolio: the real Latin American actions of the facility, as data, with demo users.

`load_demo()` loads it idempotently through the write services; `mieux load_demo` runs it.
"""

from mieux.portfolio.demo.loader import (
    DEFAULT_DEMO_PASSWORD,
    DEMO_ACTIONS,
    DEMO_PASSWORD_ENV,
    LoadReport,
    demo_password,
    load_demo,
)

__all__ = [
    "DEFAULT_DEMO_PASSWORD",
    "DEMO_ACTIONS",
    "DEMO_PASSWORD_ENV",
    "LoadReport",
    "demo_password",
    "load_demo",
]
