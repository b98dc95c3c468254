"""The signed-in header in the browser (issue 9): one row at 1366 px for every role in every
language, and usable at 390 px (nothing wider than the screen, the Workspace menu opens inside
it and leads on)."""

import pytest

# The Chromium of the module, and the live server on the demo data.
from tests.browser.test_expert_flow import browser, site  # noqa: F401
from tests.browser.test_request_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The users with the most header links (administrator: the whole Workspace menu and the
# Administration link), and the others whose headers differ.
USERS = ("demo-admin", "demo-steering", "demo-expert", "demo-partner-mx", "demo-knowledge")
LANGUAGES = ("en", "es", "pt", "fr")
ROW_TOPS = """[...document.querySelectorAll('.header-inner > *')]
    .map(element => Math.round(element.getBoundingClientRect().top + element.offsetHeight / 2))"""


def _signed_in(browser, site: str, username: str, width: int):  # noqa: F811
    return sign_in(browser, site, username, "/my-work/", viewport={"width": width, "height": 800})


def _in_language(page, language: str) -> None:
    if page.locator("html").get_attribute("lang") != language:
        with page.expect_navigation():
            page.select_option("#language-select", language)


def test_the_signed_in_header_keeps_to_one_row_at_1366_px(browser, site) -> None:  # noqa: F811
    rows = {}
    for username in USERS:
        page = _signed_in(browser, site, username, 1366)
        for language in LANGUAGES:
            _in_language(page, language)
            # Brand, links, account and language side by side: one vertical centre line.
            rows[username, language] = len(set(page.evaluate(ROW_TOPS)))
        page.context.close()

    assert {key: count for key, count in rows.items() if count != 1} == {}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_header_is_usable_at_390_px(browser, site, language) -> None:  # noqa: F811
    page = _signed_in(browser, site, "demo-admin", 390)
    _in_language(page, language)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".nav-menu summary").click()
    menu = page.locator(".nav-menu details > ul")
    box = menu.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    with page.expect_navigation():
        menu.locator("a").last.click()
    assert page.locator("h1").is_visible()
    page.context.close()
