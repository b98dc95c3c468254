"""Staffing an activity in the browser, from the candidates to the expert's answer.

Debian's Chromium driven by Playwright against the live server, on the demo data: demo-officer
opens the ranked candidates of a planned Spanish-language activity in Peru, proposes the best
one in one click and invites them from the deployment's page; the invitation e-mail's accept
link works without signing in; the deployment is accepted. demo-expert sees their own profile
and deployments, and no page reports a blocked script or style (Content Security Policy).
"""

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.management import call_command

from mieux.experts.models import Deployment, ExpertLanguage
from mieux.portfolio.demo import DEFAULT_DEMO_PASSWORD
from mieux.portfolio.models import Activity
from tests.browser.test_request_flow import CHROMIUM, CHROMIUM_ARGS, back_to_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    settings.MIEUX_SITE_URL = live_server.url
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)
    return live_server.url


def open_page(browser, site: str, username: str | None, path: str):
    """A fresh browser session (signed in as `username` unless None) on `path`; the page keeps
    the Content Security Policy reports it meets in `page.csp_reports`."""
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    page.set_default_timeout(15_000)
    reports: list[str] = []
    page.on(
        "console",
        lambda message: (
            reports.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_reports = reports
    if username is None:
        page.goto(site + path)
        return page
    page.goto(f"{site}/accounts/login/?next={path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    back_to_english(page)
    return page


def peru_activity_with_open_places() -> Activity:
    for activity in Activity.objects.filter(
        status="planned", language="es", country__iso2="PE"
    ).order_by("start_date", "pk"):
        team = activity.deployments.exclude(status="declined").count()
        if team < activity.experts_needed:
            return activity
    raise AssertionError("the demo has no Peruvian activity with an open place")


def test_an_officer_proposes_the_best_candidate_who_accepts_by_e_mail(browser, site):
    activity = peru_activity_with_open_places()
    officer = open_page(browser, site, "demo-officer", f"/activities/{activity.pk}/experts/")
    candidates = officer.locator("li.candidate")
    assert candidates.count() >= 1
    best = candidates.first
    name = best.locator("h3").inner_text().strip()
    # Every candidate speaks Spanish at B2 or above, and says why they are there: one click on
    # the score opens the explanation.
    assert best.get_by_text("Command of the language").is_hidden()
    best.locator("summary").click()
    assert "Spanish" in best.inner_text()
    assert best.get_by_text("Command of the language").is_visible()

    best.get_by_role("button", name=f"Propose {name}").click()
    officer.wait_for_load_state("load")

    assert name in officer.locator("body").inner_text()
    deployment = Deployment.objects.get(activity=activity, expert__full_name=name)
    assert deployment.status == "proposed"
    assert ExpertLanguage.objects.filter(
        expert=deployment.expert, code="es", level__in=["B2", "C1", "C2", "native"]
    ).exists()

    officer.get_by_role("link", name="their deployment").click()
    officer.wait_for_url(f"{site}/deployments/{deployment.pk}/")
    officer.get_by_role("button", name="Invite", exact=True).click()
    officer.wait_for_load_state("load")
    deployment.refresh_from_db()
    assert deployment.status == "invited"
    invitation = next(m for m in mail.outbox if activity.title in m.body)
    accept_link = re.search(r"https?://\S+/respond/\S+answer=accept", invitation.body)
    assert accept_link is not None

    # The expert answers from the e-mail, without signing in.
    answer = open_page(browser, site, None, accept_link.group(0).removeprefix(site))
    answer.get_by_role("button", name="Accept", exact=True).click()
    answer.wait_for_load_state("load")

    deployment.refresh_from_db()
    assert deployment.status == "accepted"
    assert officer.csp_reports == []
    assert answer.csp_reports == []
    officer.context.close()
    answer.context.close()


def test_an_officer_goes_from_my_work_to_an_invitation_by_clicking_only(browser, site):
    """Issue 9, point 5: from My work to the activity's candidates, propose one, follow the link
    to the new deployment and invite them, without typing a URL (the one `goto` is sign-in)."""
    officer = open_page(browser, site, "demo-officer", "/my-work/")
    officer.wait_for_url(f"{site}/my-work/")
    to_staff = officer.locator("#work-project_officer-activities_to_staff")
    first = to_staff.get_by_role("link").first
    title = first.inner_text().strip()
    first.click()
    officer.wait_for_load_state("load")
    activity = Activity.objects.get(title=title, status="planned")
    assert officer.url == f"{site}/activities/{activity.pk}/experts/"
    assert officer.get_by_role("heading", name=f"Experts for “{title}”").is_visible()

    # The scores are compact: every candidate on one row, each explanation one click away.
    best = officer.locator("li.candidate").first
    name = best.locator("h3").inner_text().strip()
    assert best.locator("table.explanation-table").is_hidden()
    best.locator("summary").focus()
    officer.keyboard.press("Enter")  # the keyboard opens it as well as a click
    assert best.locator("table.explanation-table").is_visible()
    best.get_by_role("button", name=f"Propose {name}").click()
    officer.wait_for_load_state("load")

    deployment = Deployment.objects.get(activity=activity, expert__full_name=name)
    assert deployment.status == "proposed"
    assert officer.locator("#next-step").inner_text().startswith(f"Next: invite {name} from")
    team_row = officer.locator(".team-table tr", has_text=name)
    assert team_row.get_by_role("link", name=f"Invite — the deployment of {name}").is_visible()
    officer.locator("#next-step").get_by_role("link", name="their deployment").click()
    officer.wait_for_url(f"{site}/deployments/{deployment.pk}/")
    officer.get_by_role("button", name="Invite", exact=True).click()
    officer.wait_for_load_state("load")

    deployment.refresh_from_db()
    assert deployment.status == "invited"
    assert "Invited" in officer.locator(".request-meta").inner_text()
    assert officer.csp_reports == []
    officer.context.close()


def test_an_officer_reaches_deployments_from_the_planning_page_and_the_roster(browser, site):
    staffed = (
        Activity.objects.filter(status="planned", deployments__isnull=False)
        .order_by("start_date", "pk")
        .first()
    )
    member = staffed.deployments.select_related("expert").order_by("-role", "created_at").first()
    name = member.expert.full_name
    officer = open_page(browser, site, "demo-officer", "/planning/")

    officer.locator(".planning-activities li", has_text=staffed.title).get_by_role(
        "link", name=f"Team and candidates — {staffed.title}"
    ).click()
    officer.wait_for_url(f"{site}/activities/{staffed.pk}/experts/")
    officer.locator(".team-table").get_by_role(
        "link", name=re.compile(f"the deployment of {name}$")
    ).click()
    officer.wait_for_url(f"{site}/deployments/{member.pk}/")
    # On to the expert's roster page, which lists their deployments, each a link.
    officer.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name=name).click()
    officer.wait_for_url(f"{site}/experts/{member.expert_id}/")
    officer.locator("#deployments-heading ~ .table-wrap").get_by_role(
        "link", name=staffed.title
    ).click()
    officer.wait_for_url(f"{site}/deployments/{member.pk}/")
    # And back to the activity's team from the deployment.
    officer.get_by_role("link", name="Team and candidates").click()
    officer.wait_for_url(f"{site}/activities/{staffed.pk}/experts/")
    assert officer.csp_reports == []
    officer.context.close()


def test_the_expert_s_own_pages_and_the_planning_page_run_without_policy_violations(browser, site):
    expert = open_page(browser, site, "demo-expert", "/experts/me/")
    assert expert.get_by_role("heading", name="My expert profile").is_visible()
    expert.goto(site + "/deployments/")
    expert.get_by_role("link").filter(has_text="Workshop").first.click()
    expert.wait_for_load_state("load")
    assert expert.csp_reports == []
    expert.context.close()

    officer = open_page(browser, site, "demo-officer", "/planning/")
    officer.get_by_role("button", name="Plan the checked activities").click()
    officer.wait_for_load_state("load")
    assert officer.get_by_role("heading", name="The two plans").is_visible()
    officer.goto(site + "/experts/")
    assert officer.csp_reports == []
    officer.context.close()
