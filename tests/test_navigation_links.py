"""Every link in the header and footer opens, for every demo role (issue 9: navigation asks the
policies). The walk reads the links from the rendered page, so a link added to a template
without asking a policy is caught as soon as one role gets a 403 or 404 from it."""

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.demo_world import client_as, demo_loaded
from tests.matrix import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    with demo_loaded(django_db_blocker, Path(tmp_path_factory.mktemp("navigation-media"))):
        yield


class _ChromeLinks(HTMLParser):
    """The hrefs inside <header> and <footer>, and the header's menu labels."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"header", "footer"}:
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"header", "footer"}:
            self.depth -= 1


def chrome_links(html: str) -> list[str]:
    parser = _ChromeLinks()
    parser.feed(html)
    return parser.hrefs


def internal(href: str) -> bool:
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and not href.startswith("#")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("start", ["/", "/my-work/"])
def test_every_header_and_footer_link_answers_200(demo: None, role: str, start: str) -> None:
    client = client_as(role)
    page = client.get(start, follow=True)
    assert page.status_code == 200
    hrefs = [href for href in chrome_links(page.content.decode()) if internal(href)]
    assert hrefs, "the header and footer show no link"

    answers = {href: client.get(href).status_code for href in dict.fromkeys(hrefs)}

    assert {href: status for href, status in answers.items() if status != 200} == {}


# The work pages each role finds in its header: what its day is made of, and nothing it may
# not open. The walk above proves each opens; this pins that none is missing.
WORK_LINKS = {
    "anonymous": set(),
    "partner": {"Requests"},
    "other_partner": {"Requests"},
    "officer": {
        "Requests",
        "Manage actions",
        "Steering agenda",
        "Dashboard",
        "Experts",
        "Planning",
    },
    "steering": {"Requests", "Steering agenda"},
    "expert": {"My deployments", "My expert profile"},
    "knowledge": {"Manage actions"},
}
WORK_LINKS["manager"] = WORK_LINKS["admin"] = WORK_LINKS["officer"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_its_work_pages_in_the_header(demo: None, role: str) -> None:
    client = client_as(role)
    navigation = client.get("/").context["navigation"]

    assert {str(link.label) for link in navigation.work} == WORK_LINKS[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_administration_is_linked_for_administrators_only(demo: None, role: str) -> None:
    client = client_as(role)
    html = client.get("/").content.decode()
    admin = client.get("/admin/")

    if role == "admin":
        assert "/admin/" in chrome_links(html)
        assert admin.status_code == 200
        assert "mieux administration" in admin.content.decode()
    else:
        assert "/admin/" not in chrome_links(html)
        # The admin's own door says the same: its sign-in page, not an empty index.
        assert admin.status_code == 302
        assert admin["Location"].startswith("/admin/login/")
