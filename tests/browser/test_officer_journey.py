"""An officer's day in the workspace, in the browser (issue 9, done when): demo-officer signs in
to My work, opens the action formulated from a request (not yet public), corrects its period and
texts, records a delivered training with 40 participants (18 women), publishes the action; the
public page and the home figures show it at once; the partner finds the training in My work and
rates it. Only the sign-in pages are opened by address: everything else is reached by clicking.
"""

import datetime
import re

import pytest
from django.utils import timezone

from mieux.experts.models import Feedback
from mieux.portfolio.demo import DEFAULT_DEMO_PASSWORD
from mieux.portfolio.models import Action, Activity

# The Chromium of the module, and the live server on the demo data.
from tests.browser.test_expert_flow import browser, open_page, site  # noqa: F401
from tests.browser.test_request_flow import back_to_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULT = "Six cities opened a municipal integration office with trained staff."


def _sign_in_to_my_work(browser, site: str, username: str):  # noqa: F811
    page = open_page(browser, site, None, "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/my-work/")
    back_to_english(page)
    return page


def _home_figure(page, label: str) -> int:
    figure = page.locator(".figure", has=page.locator("dt", has_text=label))
    return int(re.sub(r"\D", "", figure.locator("dd").inner_text()))


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_an_officer_edits_and_publishes_a_formulated_action_and_the_partner_rates_it(
    browser,  # noqa: F811
    site,  # noqa: F811
) -> None:
    action = Action.objects.get(is_public=False, source_note__startswith="Formulated from request")
    training = action.activities.filter(activity_type__code="training").order_by("start_date")[0]
    today = timezone.localdate()
    started, ended = today - datetime.timedelta(days=30), today - datetime.timedelta(days=27)
    visitor = open_page(browser, site, None, "/")
    public_actions = _home_figure(visitor, "Public actions")
    delivered = _home_figure(visitor, "Activities delivered")

    page = _sign_in_to_my_work(browser, site, "demo-officer")
    not_public = page.get_by_role("heading", name="Actions not yet public")
    waiting = page.locator("section", has=not_public)
    _click_and_wait(page, waiting.get_by_role("link", name=action.name))
    assert page.get_by_role("heading", name=f"Publication of {action.name}").is_visible()

    # The training took place last month: the action began earlier than the request asked.
    _click_and_wait(page, page.get_by_role("link", name="Details", exact=True))
    page.get_by_label("Start date", exact=True).fill(started.replace(day=1).isoformat())
    _click_and_wait(page, page.get_by_role("button", name="Save"))
    assert page.locator(".message-success").is_visible()

    _click_and_wait(page, page.get_by_role("link", name="Texts and translations"))
    page.get_by_label("Result (English)").fill(RESULT)
    _click_and_wait(page, page.get_by_role("button", name="Save"))
    assert page.locator(".message-success").is_visible()

    _click_and_wait(page, page.get_by_role("link", name="Activities", exact=True))
    _click_and_wait(page, page.get_by_role("link", name=training.title))
    page.get_by_label("Status").select_option("delivered")
    page.get_by_label("Start date", exact=True).fill(started.isoformat())
    page.get_by_label("End date", exact=True).fill(ended.isoformat())
    page.get_by_label("Participants (optional)", exact=True).fill("40")
    page.get_by_label("Women (optional)", exact=True).fill("18")
    page.get_by_label("Men (optional)", exact=True).fill("22")
    _click_and_wait(page, page.get_by_role("button", name="Save"))
    row = page.locator("tr", has=page.get_by_role("link", name=training.title))
    assert "40" in row.inner_text()
    assert "18" in row.inner_text()

    _click_and_wait(page, page.get_by_role("link", name="Publication"))
    _click_and_wait(page, page.get_by_role("button", name="Publish"))
    assert page.locator(".message-success").is_visible()
    assert page.csp_reports == []

    # At once on the public side: the action page, with its result, and the home figures.
    visitor.reload()
    assert _home_figure(visitor, "Public actions") == public_actions + 1
    assert _home_figure(visitor, "Activities delivered") == delivered + 1
    _click_and_wait(visitor, visitor.get_by_role("link", name="Portfolio").first)
    action_link = visitor.get_by_role("link", name=re.compile(re.escape(action.name)))
    _click_and_wait(visitor, action_link.first)
    assert visitor.get_by_text(RESULT).is_visible()
    assert visitor.get_by_text(training.title).first.is_visible()

    # The partner finds the training in My work and rates it.
    partner = _sign_in_to_my_work(browser, site, "demo-partner-mx")
    feedback = partner.get_by_role("heading", name="Feedback to give")
    to_rate = partner.locator("section", has=feedback)
    _click_and_wait(partner, to_rate.get_by_role("link", name=training.title))
    partner.get_by_label("5").check()
    partner.get_by_label("Comment").fill("Practical and well prepared.")
    _click_and_wait(partner, partner.get_by_role("button", name=re.compile("Send|Save|Give")))
    assert partner.locator(".message-success").is_visible()

    training = Activity.objects.get(pk=training.pk)
    assert (training.status, training.participants_total, training.participants_female) == (
        "delivered",
        40,
        18,
    )
    assert Feedback.objects.filter(activity=training, score=5).exists()
    assert Action.objects.get(pk=action.pk).is_public
