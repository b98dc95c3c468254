"""Contract fuzzing: schemathesis drives every operation of a live OpenAPI document in-process.

`fuzz()` loads the document from the WSGI application (so it is the schema the running code
serves, not the committed snapshot), generates cases for each operation, positive (valid by the
schema) and negative (breaking it), sends each as every caller given, and checks the answer:

- no 5xx (`not_a_server_error`);
- the status is one the operation documents (`status_code_conformance`);
- the body has the documented content type and matches the documented schema
  (`content_type_conformance`, `response_schema_conformance`).

Hypothesis is derandomised, so a run is repeatable, and its example database is off, so a run
leaves nothing on disk. Failures are collected, not raised, so one run reports all of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


@dataclass(frozen=True)
class FuzzFailure:
    """The checks one operation failed for one caller, with schemathesis's report of the case."""

    operation: str
    caller: str
    mode: str
    codes: frozenset[str]  # schemathesis failure codes: ST101 server error, ST103 status, ...
    report: str

    def __str__(self) -> str:
        return f"{self.operation} as {self.caller} ({self.mode}): {self.report}"


@dataclass
class FuzzReport:
    """What one run did: cases sent per operation and caller, and every failure found."""

    cases: Counter[str] = field(default_factory=Counter)
    failures: list[FuzzFailure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.cases.values())

    @property
    def operations(self) -> set[str]:
        return {key.split(" as ")[0] for key in self.cases}


def fuzz(
    app: Any,
    *,
    openapi_path: str,
    callers: Mapping[str, Mapping[str, str]],
    max_examples: int,
) -> FuzzReport:
    """Fuzz every operation of the document at `openapi_path` as each caller.

    `callers` maps a caller's name to the headers that authenticate it (empty: anonymous).
    `max_examples` bounds the cases per operation, caller and generation mode; operations with
    few distinct inputs get fewer."""
    report = FuzzReport()
    with _connections_kept_open():
        schema = schemathesis.openapi.from_wsgi(openapi_path, app)
        for result in schema.get_all_operations():
            operation = result.ok()
            for caller, headers in callers.items():
                for mode in MODES:
                    _fuzz_operation(operation, caller, dict(headers), mode, max_examples, report)
    return report


@contextmanager
def _connections_kept_open() -> Iterator[None]:
    """Keep the test's database connection (and its transaction) across requests.

    Django's WSGI handler closes the connection when a request finishes; the test client
    disconnects that handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz_operation(
    operation: Any,
    caller: str,
    headers: dict[str, str],
    mode: schemathesis.GenerationMode,
    max_examples: int,
    report: FuzzReport,
) -> None:
    key = f"{operation.label} as {caller}"

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        # Shrinking makes a failure readable; it only runs when a case has failed.
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        report.cases[key] += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing in this mode breaks the schema (an operation without inputs has no negative
        # cases): there is nothing to send.
        return
    # Several distinct failures come as a FailureGroup, a BaseExceptionGroup.
    except (Exception, FailureGroup) as failure:
        report.failures.append(
            FuzzFailure(
                operation=operation.label,
                caller=caller,
                mode=mode.value,
                codes=_failure_codes(failure),
                report=str(failure),
            )
        )


def _failure_codes(failure: BaseException) -> frozenset[str]:
    if isinstance(failure, BaseExceptionGroup):
        return frozenset().union(*(_failure_codes(inner) for inner in failure.exceptions))
    # Anything but a check failure (the application raised through WSGI, say) is a crash.
    return frozenset({getattr(failure, "code", "crash")})
