"""What each role's lists of My work hold, and what they leave out."""

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from mieux.accounts.models import Membership, Role
from mieux.accounts.tests.factories import UserFactory
from mieux.experts.models import Feedback, FeedbackSource, MissionReport
from mieux.mywork.selectors import LIMIT, my_work
from mieux.mywork.tests.conftest import lists_of, titles
from mieux.portfolio.tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_a_user_gets_one_section_per_role_held_in_a_fixed_order(world, today) -> None:
    user = world["users"]["steering"]
    Membership.objects.create(user=user, role=Role.EXPERT)

    sections = my_work(user, today)

    assert [section.role for section in sections] == ["steering_member", "expert"]


def test_a_user_without_a_role_gets_no_section(db, today) -> None:
    assert my_work(UserFactory(), today) == []


def test_partner_sees_own_open_requests_with_what_they_wait_for(world, add_request, today):
    add_request("Draft of ours", "draft")
    add_request("Assessed", "under_assessment")
    add_request("Asked for more", "information_requested")
    add_request("Rejected one", "rejected")
    add_request("Of Peru", "submitted", institution="other")

    requests = lists_of(my_work(world["users"]["partner"], today), "partner_focal_point")[
        "requests"
    ]

    # The partner's own moves first (newest first), then what waits for others.
    assert titles(requests) == ["Asked for more", "Draft of ours", "Assessed"]
    assert requests.count == 3
    assert [item.note for item in requests.items] == [
        "Waits for you: the facility asked for more information.",
        "Waits for you: submit it when it is complete.",
        "Waits for the facility's assessment.",
    ]
    assert requests.items[0].url.startswith("/requests/")


def test_partner_sees_coming_activities_of_own_actions_only(world, add_activity, today) -> None:
    add_activity("Next workshop", 10)
    add_activity("Later workshop", 40)
    add_activity("Past workshop", -30, status="delivered")
    add_activity("Cancelled workshop", 20, status="cancelled")
    add_activity("Peru workshop", 10, action="other_action")

    lists = lists_of(my_work(world["users"]["partner"], today), "partner_focal_point")

    assert titles(lists["upcoming_activities"]) == ["Next workshop", "Later workshop"]
    assert lists["upcoming_activities"].items[0].url == "/actions/" + world["own_action"].slug + "/"


def test_partner_is_asked_to_rate_ended_activities_not_yet_rated(
    world, add_activity, today
) -> None:
    partner = world["users"]["partner"]
    rated = add_activity("Rated", -20, status="delivered")
    Feedback.objects.create(activity=rated, source=FeedbackSource.PARTNER, author=partner, score=4)
    to_rate = add_activity("To rate", -10, status="delivered")
    add_activity("Over but still planned", -5)
    add_activity("Cancelled", -5, status="cancelled")
    add_activity("Coming", 5)
    add_activity("Peru, over", -5, action="other_action", status="delivered")

    feedback = lists_of(my_work(partner, today), "partner_focal_point")["feedback_to_give"]

    assert titles(feedback) == ["Over but still planned", "To rate"]
    assert feedback.items[1].url == f"/activities/{to_rate.pk}/feedback/"


def test_officer_sees_requests_to_assess_or_formulate(world, add_request, today) -> None:
    submitted = add_request("New one", "submitted")
    add_request("In assessment", "under_assessment", institution="other")
    approved = add_request("Approved one", "approved")
    add_request("With the committee", "recommended")
    add_request("A draft", "draft")

    requests = lists_of(my_work(world["users"]["officer"], today), "project_officer")[
        "requests_to_assess"
    ]

    assert titles(requests) == ["New one", "In assessment", "Approved one"]
    assert requests.items[0].url == f"/requests/{submitted.pk}/assessment/"
    assert requests.items[2].url == f"/requests/{approved.pk}/"


def test_officer_sees_coming_activities_short_of_their_team(
    world, add_activity, add_deployment, today
) -> None:
    short = add_activity("One of two", 10, experts_needed=2)
    add_deployment(short, "accepted")
    add_deployment(short, "declined", expert="other_expert")
    full = add_activity("Full team", 12, experts_needed=2)
    add_deployment(full, "invited")
    add_deployment(full, "proposed", expert="other_expert")
    add_activity("Nobody yet", 14, experts_needed=1)
    add_activity("Past, short", -30, experts_needed=2)

    staffing = lists_of(my_work(world["users"]["officer"], today), "project_officer")[
        "activities_to_staff"
    ]

    assert titles(staffing) == ["One of two", "Nobody yet"]
    assert [item.note for item in staffing.items] == [
        "1 of 2 experts in the team.",
        "0 of 1 expert in the team.",
    ]
    assert staffing.items[0].url == f"/activities/{short.pk}/experts/"


def test_officer_sees_deployments_to_invite_and_reports_due(
    world, add_activity, add_deployment, today
) -> None:
    coming = add_activity("Coming", 10)
    proposed = add_deployment(coming, "proposed")
    add_deployment(coming, "invited", expert="other_expert")
    over = add_activity("Over", -10)
    due = add_deployment(over, "accepted")
    written_activity = add_activity("Written", -20)
    written = add_deployment(written_activity, "completed")
    MissionReport.objects.create(
        deployment=written, summary="Done.", submitted_by=world["users"]["expert"]
    )
    completed = add_deployment(add_activity("Completed", -40), "completed", expert="other_expert")

    lists = lists_of(my_work(world["users"]["officer"], today), "project_officer")

    assert [item.url for item in lists["deployments_to_invite"].items] == [
        f"/deployments/{proposed.pk}/"
    ]
    assert [item.url for item in lists["reports_due"].items] == [
        f"/deployments/{completed.pk}/report/",
        f"/deployments/{due.pk}/report/",
    ]


def test_officer_sees_actions_not_yet_public(world, today) -> None:
    hidden = ActionFactory(name="Honduras I", is_public=False)

    actions = lists_of(my_work(world["users"]["officer"], today), "project_officer")[
        "actions_not_public"
    ]

    assert titles(actions) == ["Honduras I"]
    assert actions.items[0].url == f"/manage/actions/{hidden.slug}/publication/"


def test_an_administrator_gets_the_officer_s_queues(world, today) -> None:
    assert [section.role for section in my_work(world["users"]["admin"], today)] == [
        "project_officer"
    ]


def test_steering_member_sees_the_agenda(world, add_request, today) -> None:
    recommended = add_request("Recommended", "recommended")
    add_request("Deferred", "deferred")
    add_request("Approved", "approved")
    add_request("Under assessment", "under_assessment")

    sections = my_work(world["users"]["steering"], today)
    agenda = lists_of(sections, "steering_member")["agenda"]

    assert titles(agenda) == ["Recommended", "Deferred"]
    assert agenda.items[0].url == f"/steering/#request-{recommended.pk}"
    assert sections[0].link_url == "/steering/"


def test_manager_sees_open_requests_and_the_dashboard(world, add_request, today) -> None:
    add_request("Submitted", "submitted")
    add_request("Approved", "approved")
    add_request("Rejected", "rejected")
    add_request("Draft", "draft")

    sections = my_work(world["users"]["manager"], today)

    assert titles(lists_of(sections, "programme_manager")["requests_waiting"]) == [
        "Submitted",
        "Approved",
    ]
    assert sections[0].link_url == "/dashboard/"


def test_expert_sees_own_invitations_missions_and_reports(
    world, add_activity, add_deployment, today
) -> None:
    invited = add_deployment(add_activity("Invited to", 30), "invited")
    add_deployment(add_activity("Other's invitation", 30), "invited", expert="other_expert")
    coming = add_deployment(add_activity("Going to", 5), "accepted")
    add_deployment(add_activity("Declined", 8), "declined")
    due = add_deployment(add_activity("Was at", -5), "accepted")

    lists = lists_of(my_work(world["users"]["expert"], today), "expert")

    assert [item.url for item in lists["invitations"].items] == [f"/deployments/{invited.pk}/"]
    assert [item.url for item in lists["missions_coming"].items] == [f"/deployments/{coming.pk}/"]
    assert [item.url for item in lists["reports_due"].items] == [f"/deployments/{due.pk}/report/"]


def test_knowledge_manager_sees_actions_missing_a_text_or_a_translation(world, today) -> None:
    complete = {language: {"title": "t", "objective": "o"} for language in ("es", "pt", "fr")}
    for action in (world["own_action"], world["other_action"]):
        action.title, action.context, action.translations = "T", "", complete
        action.save()
    world["own_action"].context = "Context."  # now written, and not translated
    world["own_action"].save()
    ActionFactory(
        name="Complete",
        title="Title",
        context="Context.",
        translations={
            language: {"title": "t", "context": "c", "objective": "o"}
            for language in ("es", "pt", "fr")
        },
    )
    ActionFactory(name="Half translated", title="Title", context="Context.", translations={})

    actions = lists_of(my_work(world["users"]["knowledge"], today), "knowledge_manager")[
        "actions_to_complete"
    ]

    by_name = {item.title: item.note for item in actions.items}
    assert by_name == {
        "Half translated": "Not translated into: ES, PT, FR.",
        "Mexico III": "Not translated into: ES, PT, FR.",
        "Peru III": "Missing: context.",
    }
    # Each links to the workspace's texts page, where the knowledge manager writes them.
    assert actions.items[0].url.startswith("/manage/actions/")
    assert actions.items[0].url.endswith("/texts/")


def test_each_list_is_cut_at_the_limit_and_counts_all(world, add_request, today) -> None:
    for number in range(LIMIT + 2):
        add_request(f"Request {number}", "submitted")

    requests = lists_of(my_work(world["users"]["officer"], today), "project_officer")[
        "requests_to_assess"
    ]

    assert (len(requests.items), requests.count, requests.has_more) == (LIMIT, LIMIT + 2, True)


def _grow(world, add_request, add_activity, add_deployment, size: int) -> None:
    """`size` more of everything every list reads."""
    for number in range(size):
        tag = f"{size}-{number}"
        for status in ("draft", "submitted", "recommended", "approved"):
            add_request(f"{status} {tag}", status)
        coming = add_activity(f"Coming {tag}", 10 + number)
        add_deployment(coming, "invited")
        add_deployment(coming, "proposed", expert="other_expert")
        add_deployment(add_activity(f"Over {tag}", -10 - number), "accepted")
        add_activity(f"Delivered {tag}", -40 - number, status="delivered")
        ActionFactory(name=f"Hidden {tag}", is_public=False, translations={})


def _queries(user, today) -> int:
    user.refresh_from_db()
    prefetch_related_objects([user], "memberships")  # as the page loads them
    with CaptureQueriesContext(connection) as queries:
        my_work(user, today)
    return len(queries)


# Two queries per list: a count and the first rows.
QUERIES = {
    "partner": 6,
    "officer": 10,
    "manager": 2,
    "steering": 2,
    "expert": 6,
    "knowledge": 2,
}


@pytest.mark.parametrize("role", QUERIES)
def test_each_role_costs_a_fixed_number_of_queries(
    world, add_request, add_activity, add_deployment, today, role
) -> None:
    user = world["users"][role]
    counts = []
    for size in (1, 4):
        _grow(world, add_request, add_activity, add_deployment, size)
        counts.append(_queries(user, today))

    assert counts == [QUERIES[role], QUERIES[role]]
