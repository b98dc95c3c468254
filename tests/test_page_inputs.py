"""Property: no text in a page's query string or path segments makes the server fail (issue 8).

Every page of the site (each URL pattern outside the API and the admin, found from the URL
resolver, so a new page is covered without being listed) is requested as an anonymous visitor
and as an officer, with Hypothesis choosing:

- the query: any of the parameters the page's own GET forms and links use, and any other name,
  each with arbitrary text: NUL, lone surrogates (sent as the bytes they would encode to, which
  are not UTF-8), 10 kB strings;
- each path segment in turn, replaced by arbitrary text, the other segments holding real values.

Every parameter and every segment is also sent each of `KNOWN_HOSTILE` (explicit examples, so
they are tried whatever Hypothesis draws). Each answer must be below 500. The suite runs this
on SQLite and again on PostgreSQL, where NUL in a query used to reach the database as a
`DataError` (without `RequestInputMiddleware` ten of these tests fail there).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mieux.accounts.models import ApiToken
from mieux.experts.models import Deployment, Expert
from mieux.intake.models import AssistanceRequest, RequestAttachment
from mieux.portfolio.models import Action, Activity, Output, ResultIndicator
from tests.demo_world import client_as, demo_loaded

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("api/", "admin/", "static/", "media/")
ROLES = ("anonymous", "officer")
EXAMPLES = 12
# Repeatable (derandomised), no example database on disk, no deadline (the first request of a
# page is slow).
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

# Arbitrary text, with the hostile kinds made likely rather than left to chance.
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
    st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.sampled_from(["\x00", "a\x00b", "%00", "..", "/", "?", "#", "'", '"', "-1", "9" * 30]),
    st.text(min_size=10_000, max_size=10_000, alphabet="x\x00"),
)


# Tried for every parameter and segment: NUL alone and inside text, a lone surrogate, 10 kB.
KNOWN_HOSTILE = ("\x00", "a\x00b", "\ud800", "x" * 10_000)


def _with_known_hostile(names: list[str]) -> Any:
    """Decorate a `@given(name=..., value=...)` test with each known hostile value per name."""

    def decorate(test: Any) -> Any:
        for name in names:
            for value in KNOWN_HOSTILE:
                test = example(name=name, value=value)(test)
        return test

    return decorate


def _encode(text: str) -> str:
    """Percent-encode text as a client would send it; a lone surrogate becomes the bytes it
    would encode to (not valid UTF-8), which is what a hostile client can send."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _page_patterns() -> list[tuple[str, list[str]]]:
    """(route, its parameter names) for every page, e.g. ("actions/<slug:slug>/", ["slug"])."""
    pages: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith(SKIPPED_PREFIXES):
                pages.append((route, re.findall(r"<(?:\w+:)?(\w+)>", route)))

    walk(get_resolver().url_patterns, "")
    return pages


PAGES = _page_patterns()


def _real_values() -> dict[str, str]:
    """A real value for each path parameter name the site uses (the demo's first rows)."""
    values = {
        "slug": Action.objects.order_by("pk").values_list("slug", flat=True).first(),
        "iso2": "MX",
        "code": "LAC",
        "request_id": AssistanceRequest.objects.order_by("pk").values_list("pk", flat=True).first(),
        "attachment_id": RequestAttachment.objects.values_list("pk", flat=True).first(),
        "step": 1,
        "kind": "request",
        "object_id": AssistanceRequest.objects.values_list("pk", flat=True).first(),
        "expert_id": Expert.objects.order_by("pk").values_list("pk", flat=True).first(),
        "deployment_id": Deployment.objects.order_by("pk").values_list("pk", flat=True).first(),
        "activity_id": Activity.objects.order_by("pk").values_list("pk", flat=True).first(),
        "output_id": Output.objects.order_by("pk").values_list("pk", flat=True).first(),
        "indicator_id": ResultIndicator.objects.order_by("pk").values_list("pk", flat=True).first(),
        "token_id": ApiToken.objects.values_list("pk", flat=True).first(),
        "uidb64": "MQ",
        "token": "not-a-token",
    }
    return {name: str(value if value is not None else 1) for name, value in values.items()}


def _path(route: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)


class _QueryNames(HTMLParser):
    """The query parameter names a page offers: its GET forms' fields and its links' queries."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif tag in {"input", "select", "textarea"} and self._in_get_form:
            if attributes.get("name"):
                self.names.add(str(attributes["name"]))
        elif tag == "a" and attributes.get("href"):
            self.names.update(name for name, _ in parse_qsl(urlsplit(attributes["href"]).query))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_get_form = False


def _query_names(client: Client, path: str) -> list[str]:
    response = client.get(path)
    parser = _QueryNames()
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode())
    # The names every page may read, whether or not it links to them, and one it never reads.
    return sorted(parser.names | {"page", "lang", "next", "q", "unknown"})


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Any:
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield


def _answer(client: Client, path: str, query: str = "") -> int:
    return client.get(path + ("?" + query if query else "")).status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "parameters"), PAGES, ids=[route or "/" for route, _ in PAGES])
def test_no_query_makes_a_page_fail(route: str, parameters: list[str], role: str) -> None:
    client = client_as(role)
    path = _path(route, _real_values())
    names = _query_names(client, path)

    @PROPERTY_SETTINGS
    @given(query=st.dictionaries(st.sampled_from(names) | HOSTILE_TEXT, HOSTILE_TEXT, max_size=4))
    def check(query: dict[str, str]) -> None:
        encoded = "&".join(f"{_encode(key)}={_encode(value)}" for key, value in query.items())
        assert _answer(client, path, encoded) < 500, (path, query)

    check()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "parameters"), PAGES, ids=[route or "/" for route, _ in PAGES])
def test_no_query_parameter_value_makes_a_page_fail(
    route: str, parameters: list[str], role: str
) -> None:
    client = client_as(role)
    path = _path(route, _real_values())
    names = _query_names(client, path)

    @PROPERTY_SETTINGS
    @given(name=st.sampled_from(names), value=HOSTILE_TEXT)
    @_with_known_hostile(names)
    def check(name: str, value: str) -> None:
        query = f"{_encode(name)}={_encode(value)}"
        assert _answer(client, path, query) < 500, (path, name, value[:200])

    check()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("route", "parameters"),
    [page for page in PAGES if page[1]],
    ids=[route for route, parameters in PAGES if parameters],
)
def test_no_path_segment_makes_a_page_fail(route: str, parameters: list[str], role: str) -> None:
    client = client_as(role)
    real = _real_values()

    @PROPERTY_SETTINGS
    @given(name=st.sampled_from(parameters), value=HOSTILE_TEXT.filter(bool))
    @_with_known_hostile(parameters)
    def check(name: str, value: str) -> None:
        path = _path(route, {**real, name: _encode(value)})
        assert _answer(client, path) < 500, (path[:200], name, value[:200])

    check()
