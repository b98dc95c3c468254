"""A request for assistance from the partner's form to a formulated action, in the browser.

Debian's Chromium driven by Playwright against the live server, on the demo data: demo-partner-mx
signs in and fills the multi-step form, then submits; demo-partner-pe cannot open the request;
demo-officer assesses and recommends it; demo-steering approves it on the steering committee's
agenda; demo-officer formulates it, and the request's page links to the new action.
"""

import re
import shutil
from collections.abc import Iterator

import pytest
from django.core.management import call_command

from mieux.intake.models import AssistanceRequest
from mieux.portfolio.demo import DEFAULT_DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, and this machine's closed
# network refuses it many times a second.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TITLE = "Child-sensitive first contact at the southern border"
REQUEST_URL = re.compile(r"/requests/(\d+)/$")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings) -> str:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MIEUX_REQUIRE_TWO_FACTOR = False
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)
    return live_server.url


def sign_in(browser, site: str, username: str, next_path: str, **context_options):
    """A fresh browser session of `username`, signed in and sent on to `next_path`
    (`context_options`: for Playwright's new_context, a viewport say)."""
    context = browser.new_context(
        locale="en-GB", extra_http_headers={"Accept-Language": "en"}, **context_options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    back_to_english(page)
    return page


def back_to_english(page) -> None:
    """Signing in shows the site in the user's preferred language (the demo partners and the
    demo expert prefer Spanish), kept as `page.signed_in_language`; these tests read English
    pages, so they switch back with the header's language form, as such a user would."""
    page.signed_in_language = page.locator("html").get_attribute("lang")
    if page.signed_in_language != "en":
        with page.expect_navigation():
            page.select_option("#language-select", "en")
        page.wait_for_load_state("load")


def status_of(page) -> str:
    return page.locator("#request-status").inner_text().strip()


def take_step(page, button: str, reason: str = "") -> None:
    """Press a transition button on the request's page, with a reason when one is given."""
    form = page.locator("form.transition-form").filter(
        has=page.get_by_role("button", name=button, exact=True)
    )
    if reason:
        form.get_by_role("textbox").fill(reason)
    form.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("load")


def test_a_partner_request_goes_from_the_form_to_a_formulated_action(browser, site):
    # demo-partner-mx fills the form, step by step, and submits.
    partner = sign_in(browser, site, "demo-partner-mx", "/requests/new/")
    assert partner.signed_in_language == "es"
    assert partner.url.endswith("/requests/new/")
    partner.get_by_role("button", name="Save and continue").click()
    partner.wait_for_url(re.compile(r"/requests/\d+/edit/2/$"))

    partner.get_by_label("Title").fill(TITLE)
    partner.get_by_label("Problem and context").fill(
        "More unaccompanied children arrive in Tapachula every month."
    )
    partner.get_by_label("Desired objective").fill(
        "Train first-contact officials in child-sensitive interviews and referral."
    )
    partner.get_by_role("button", name="Save and continue").click()
    partner.wait_for_url(re.compile(r"/edit/3/$"))

    partner.get_by_role("combobox", name=re.compile(r"^Country")).select_option(label="Mexico")
    partner.get_by_label("Children in Migration / Unaccompanied Minors").check()
    partner.get_by_label("Spanish", exact=True).check()
    partner.get_by_label("Expected participants").fill("80")
    partner.get_by_role("button", name="Save and continue").click()
    partner.wait_for_url(re.compile(r"/edit/4/$"))

    partner.get_by_label("Contact name").fill("Coordinación de Protección a la Infancia")
    partner.get_by_role("button", name="Save and continue").click()
    partner.wait_for_url(re.compile(r"/edit/5/$"))
    assert TITLE in partner.locator("main").inner_text()

    partner.get_by_role("button", name="Submit", exact=True).click()
    partner.wait_for_url(REQUEST_URL)
    request_id = int(REQUEST_URL.search(partner.url).group(1))
    assert status_of(partner) == "Submitted"
    submitted = AssistanceRequest.objects.get(pk=request_id)
    assert (submitted.title, submitted.status, submitted.languages) == (TITLE, "submitted", ["es"])
    assert [area.code for area in submitted.thematic_areas.all()] == ["HO-CHI"]
    assert submitted.country.iso2 == "MX"
    request_path = f"/requests/{request_id}/"

    # demo-partner-pe, of another institution, cannot open it.
    other = sign_in(browser, site, "demo-partner-pe", "/requests/")
    response = other.goto(site + request_path)
    assert response.status == 404
    assert TITLE not in other.content()
    other.context.close()

    # demo-officer assesses and recommends.
    officer = sign_in(browser, site, "demo-officer", request_path)
    assert officer.url.endswith(request_path)
    take_step(officer, "Start assessment")
    assert status_of(officer) == "Under assessment"
    take_step(officer, "Recommend", "Fits Children in Migration; builds on Mexico I.")
    assert status_of(officer) == "Recommended"

    # demo-steering approves it on the steering committee's agenda.
    steering = sign_in(browser, site, "demo-steering", "/steering/")
    item = steering.locator(".agenda-item").filter(has_text=TITLE)
    assert "Fits Children in Migration; builds on Mexico I." in item.inner_text()
    item.get_by_label("Reasons").fill("Approved at the steering committee meeting.")
    item.get_by_role("button", name="Approve", exact=True).click()
    steering.wait_for_load_state("load")
    steering.goto(site + request_path)
    assert status_of(steering) == "Approved"
    steering.context.close()

    # demo-officer formulates it into an action; the request's page links to it.
    officer.reload()
    take_step(officer, "Formulate into an action")
    assert status_of(officer) == "Formulated"
    action = AssistanceRequest.objects.select_related("action").get(pk=request_id).action
    assert action is not None
    officer.get_by_role("link", name=action.name, exact=True).click()
    officer.wait_for_url(f"**/actions/{action.slug}/")
    assert officer.locator("h1").inner_text().startswith(action.name)
    officer.context.close()

    # The partner follows the whole history on the request's page.
    partner.goto(site + request_path)
    assert status_of(partner) == "Formulated"
    history = partner.locator(".request-timeline").inner_text()
    for state in ("Submitted", "Under assessment", "Recommended", "Approved", "Formulated"):
        assert state in history
    partner.context.close()
