"""What a visitor sees, in Debian's Chromium driven by Playwright, in English and in Spanish."""

import shutil
from collections.abc import Iterator

import pytest
from django.core.management import call_command

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


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def portfolio(live_server):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)
    return live_server.url


def open_page(browser, locale: str):
    context = browser.new_context(locale=locale, extra_http_headers={"Accept-Language": locale})
    return context.new_page()


def test_an_english_visitor_browses_home_portfolio_and_peru_iii(browser, portfolio):
    page = open_page(browser, "en-GB")

    page.goto(portfolio + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Peer-to-peer expertise for migration governance"

    page.get_by_role("link", name="Portfolio", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Portfolio of actions"
    page.select_option("select[name=region]", "LAC")
    page.select_option("select[name=country]", "PE")
    page.locator("form.filters button[type=submit], form.filters input[type=submit]").first.click()
    cards = page.locator(".action-card")
    assert sorted(cards.locator("h2, h3").all_inner_texts()) == ["Peru III", "Peru IV"]

    page.get_by_role("link", name="Peru III").first.click()
    assert page.locator("h1").inner_text().startswith("Peru III")
    objective = page.locator(".ccr-row", has_text="Objective").locator("dd")
    assert "provincial desks of the Permanent Multilateral Commission" in objective.inner_text()
    assert objective.get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Activities").is_visible()
    assert "inter-sectoral guidelines" in page.locator("#main").inner_text()
    page.context.close()


def test_a_spanish_visitor_sees_spanish_pages_and_texts(browser, portfolio):
    page = open_page(browser, "es-ES")

    page.goto(portfolio + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == (
        "Asistencia técnica entre pares para la gobernanza de la migración"
    )

    page.goto(portfolio + "/actions/?region=LAC")
    assert page.locator("h1").inner_text() == "Cartera de acciones"
    assert page.get_by_role("link", name="Peru III").count() >= 1

    page.goto(portfolio + "/actions/peru-iii/")
    objective = page.locator(".ccr-row", has_text="Objetivo").locator("dd")
    assert objective.get_attribute("lang") == "es"
    assert "mesas provinciales" in objective.inner_text()
    assert page.get_by_role("heading", name="Actividades").is_visible()
    page.context.close()


def test_the_language_switcher_turns_the_page_into_spanish(browser, portfolio):
    page = open_page(browser, "en-GB")
    page.goto(portfolio + "/actions/peru-iii/")
    assert page.get_by_role("heading", name="Activities").is_visible()

    # Picking a language submits the form (site.js); wait for the page it leads to.
    with page.expect_navigation():
        page.select_option("#language-select", "es")

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Actividades").is_visible()
    assert page.url.endswith("/actions/peru-iii/")
    page.context.close()
