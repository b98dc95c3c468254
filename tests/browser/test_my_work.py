"""My work and the header's unread count in the browser, on the demo data: demo-expert signs in
without a `next` and lands on My work, sees their section, and the header shows the unread count
the page asks for after loading (inbox/unread.js), then none once the list was shown, with no
script blocked by the Content Security Policy."""

import pytest

from mieux.accounts.models import User
from mieux.inbox.services import notifications_create
from mieux.portfolio.demo import DEFAULT_DEMO_PASSWORD

# The Chromium of the module, and the live server on the demo data.
from tests.browser.test_expert_flow import browser, open_page  # noqa: F401
from tests.browser.test_request_flow import site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_expert_lands_on_my_work_and_sees_the_unread_count(browser, site) -> None:  # noqa: F811
    expert = User.objects.get(username="demo-expert")
    expert.preferred_language = "en"
    expert.save(update_fields=["preferred_language"])
    notifications_create(texts=[(expert, "One"), (expert, "Two")], url="/deployments/")
    page = open_page(browser, site, None, "/accounts/login/")

    page.get_by_label("Username").fill("demo-expert")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/my-work/")

    assert page.get_by_role("heading", name="As expert").is_visible()
    badge = page.locator("[data-unread-url]", has_text="2")
    badge.wait_for(state="visible")
    assert badge.get_attribute("aria-label") == "2 unread"
    page.get_by_role("link", name="Notifications").click()
    page.wait_for_url(f"{site}/notifications/")
    assert page.get_by_role("link", name="Two").is_visible()
    # Shown, so read: the count is asked for again and nothing is shown.
    page.goto(f"{site}/my-work/")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-unread-url]").is_hidden()
    assert page.csp_reports == []
