"""The activities tab of the workspace (issue 9): officers add and edit an action's activities
through `activity_create` / `activity_update`, audited, with the version rule of actions. Who sees
which page for every demo role is in the permission matrix (tests/matrix_workspace_pages.py)."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mieux.core.errors import Conflict, DomainError
from mieux.core.models import AuditEvent
from mieux.portfolio import services
from mieux.portfolio.models import Action, Activity, ActivityStatus
from mieux.portfolio.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _lima(portfolio: Any) -> Activity:
    return portfolio["peru"].activities.get(title="Assessment mission to Lima")


def _form_data(activity: Activity, **changes: Any) -> dict[str, Any]:
    """The edit form as the page fills it for `activity`, with `changes` typed over it."""
    data: dict[str, Any] = {
        "version": activity.version,
        "activity_type": activity.activity_type_id,
        "title": activity.title,
        "status": activity.status,
        "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat(),
        "city": activity.city,
        "country": activity.country_id or "",
        "language": activity.language,
        "participants_total": activity.participants_total,
        "participants_female": activity.participants_female,
        "participants_male": activity.participants_male,
        "description": activity.description,
    }
    if activity.is_virtual:
        data["is_virtual"] = "on"
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


def _edit_url(activity: Activity) -> str:
    return reverse("portfolio:workspace_activity_edit", args=[activity.action.slug, activity.pk])


def _create_url(action: Action) -> str:
    return reverse("portfolio:workspace_activity_create", args=[action.slug])


def _new_activity_data(portfolio: Any, **changes: Any) -> dict[str, Any]:
    typed = {
        "title": "Workshop on provincial desks",
        "start_date": "2019-03-11",
        "end_date": "2019-03-12",
        "city": "Tumbes",
        "participants_total": 30,
        "participants_female": 16,
        "participants_male": 14,
        "status": ActivityStatus.PLANNED,
    }
    data = _form_data(_lima(portfolio), **{**typed, **changes})
    del data["version"]
    return data


def test_the_activities_tab_lists_the_actions_activities(
    officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]

    response = officer_client.get(reverse("portfolio:workspace_activity_list", args=[peru.slug]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Assessment mission to Lima" in content
    assert "Online follow-up session" in content
    assert "40 (22 / 18)" in content
    assert _edit_url(_lima(portfolio)) in content
    # The tab sits next to Details and Publication, marked as the current one.
    assert 'aria-current="page">Activities<' in content
    # Only this action's activities.
    assert portfolio["mexico"].activities.get().title not in content


def test_an_officer_adds_an_activity_audited_and_public_at_once(
    officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]

    response = officer_client.post(_create_url(peru), _new_activity_data(portfolio))

    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:workspace_activity_list", args=[peru.slug])
    created = peru.activities.get(title="Workshop on provincial desks")
    assert (created.version, created.city, created.participants_total) == (1, "Tumbes", 30)
    assert created.end_date == datetime.date(2019, 3, 12)
    assert AuditEvent.objects.filter(verb="activity.created", object_id=str(created.pk)).exists()
    page = Client().get(reverse("portfolio:action_detail", args=[peru.slug]))
    assert "Workshop on provincial desks" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"start_date": "2016-03-11", "end_date": "2016-03-12"},
            "start_date",
            "lie outside the action",
        ),
        ({"end_date": "2019-03-01"}, "end_date", "is before the start date"),
        (
            {"participants_female": 20, "participants_male": 20},
            "participants_total",
            "Women and men (40) exceed the total number of participants (30).",
        ),
        (
            {"participants_total": ""},
            "participants_total",
            "Give the total number of participants as well as women and men.",
        ),
        ({"is_virtual": "on"}, "city", "An online activity has no place"),
        ({"participants_total": -1}, "participants_total", "greater than or equal to 0"),
        ({"title": "   "}, "title", "This field is required."),
    ],
)
def test_a_bad_activity_is_refused_on_its_field_and_nothing_is_created(
    officer_client: Client, portfolio: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    peru = portfolio["peru"]
    before = Activity.objects.count()

    response = officer_client.post(_create_url(peru), _new_activity_data(portfolio, **changes))

    assert response.status_code == 400
    assert Activity.objects.count() == before
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    # What was typed comes back in the form.
    assert 'value="Tumbes"' in response.content.decode()


def test_an_edit_saves_bumps_the_version_and_shows_on_the_public_page(
    officer_client: Client, portfolio: Any
) -> None:
    lima = _lima(portfolio)

    response = officer_client.post(
        _edit_url(lima), _form_data(lima, title="Assessment mission to Lima and Callao")
    )

    assert response.status_code == 302
    lima.refresh_from_db()
    assert (lima.title, lima.version) == ("Assessment mission to Lima and Callao", 2)
    event = AuditEvent.objects.get(verb="activity.updated", object_id=str(lima.pk))
    assert (event.before, event.after) == (
        {"title": "Assessment mission to Lima"},
        {"title": "Assessment mission to Lima and Callao"},
    )
    page = Client().get(reverse("portfolio:action_detail", args=[lima.action.slug]))
    assert "Assessment mission to Lima and Callao" in page.content.decode()


def test_a_refused_edit_names_the_field_and_changes_nothing(
    officer_client: Client, portfolio: Any
) -> None:
    lima = _lima(portfolio)

    response = officer_client.post(_edit_url(lima), _form_data(lima, participants_female=30))

    assert response.status_code == 400
    assert "exceed the total" in " ".join(response.context["form"].errors["participants_total"])
    lima.refresh_from_db()
    assert (lima.participants_female, lima.version) == (22, 1)
    assert not AuditEvent.objects.filter(verb="activity.updated").exists()


def test_saving_nothing_new_writes_nothing(officer_client: Client, portfolio: Any) -> None:
    lima = _lima(portfolio)

    assert officer_client.post(_edit_url(lima), _form_data(lima)).status_code == 302

    lima.refresh_from_db()
    assert lima.version == 1
    assert not AuditEvent.objects.filter(verb="activity.updated").exists()


def test_two_officers_at_once_the_second_gets_the_merge_page_and_loses_nothing(
    officer_client: Client, second_officer_client: Client, portfolio: Any
) -> None:
    lima = _lima(portfolio)
    # Both read version 1.
    mine = _form_data(lima, title="Title typed by the first officer")
    theirs = _form_data(lima, title="Title typed by the second officer", participants_total=45)

    assert officer_client.post(_edit_url(lima), mine).status_code == 302
    response = second_officer_client.post(_edit_url(lima), theirs)

    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else saved this activity" in content
    assert "Title typed by the first officer" in content  # the saved version
    assert "Title typed by the second officer" in content  # theirs, still in the form
    assert 'value="45"' in content
    assert 'name="version" value="2"' in content
    labels = [difference.label for difference in response.context["differences"]]
    assert labels == ["Title", "Participants"]
    lima.refresh_from_db()
    assert (lima.title, lima.participants_total, lima.version) == (
        "Title typed by the first officer",
        40,
        2,
    )

    theirs["version"] = 2
    assert second_officer_client.post(_edit_url(lima), theirs).status_code == 302
    lima.refresh_from_db()
    assert (lima.title, lima.participants_total, lima.version) == (
        "Title typed by the second officer",
        45,
        3,
    )


def test_an_activity_of_another_action_is_not_found(officer_client: Client, portfolio: Any) -> None:
    mexico_activity = portfolio["mexico"].activities.get()
    url = reverse(
        "portfolio:workspace_activity_edit", args=[portfolio["peru"].slug, mexico_activity.pk]
    )

    assert officer_client.get(url).status_code == 404
    assert officer_client.post(url, _form_data(mexico_activity, title="x")).status_code == 404
    mexico_activity.refresh_from_db()
    assert mexico_activity.title != "x"


def test_the_activities_tab_takes_a_fixed_number_of_queries(
    officer_client: Client,
    portfolio: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    peru = portfolio["peru"]
    url = reverse("portfolio:workspace_activity_list", args=[peru.slug])
    officer_client.get(url)
    with django_assert_max_num_queries(30) as first:
        assert officer_client.get(url).status_code == 200
    for number in range(15):
        ActivityFactory(action=peru, title=f"More {number}", country=peru.countries.get())

    with django_assert_num_queries(len(first.captured_queries)):
        response = officer_client.get(url)

    assert response.content.decode().count("More ") == 15


def test_activity_update_refuses_a_stale_version_and_changes_nothing(portfolio: Any) -> None:
    lima = _lima(portfolio)
    Activity.objects.filter(pk=lima.pk).update(version=4)

    with pytest.raises(Conflict) as refused:
        services.activity_update(actor=None, activity=lima, expected_version=3, title="Late")

    assert refused.value.field == "version"
    assert "version 4, not 3" in refused.value.message
    lima.refresh_from_db()
    assert (lima.title, lima.version) == ("Assessment mission to Lima", 4)


def test_activity_update_keeps_the_activity_inside_the_actions_period(portfolio: Any) -> None:
    activity = portfolio["mexico"].activities.get()

    with pytest.raises(DomainError) as refused:
        services.activity_update(actor=None, activity=activity, end_date=datetime.date(2019, 1, 2))

    assert refused.value.field == "start_date"
    activity.refresh_from_db()
    assert (activity.end_date, activity.version) == (datetime.date(2016, 9, 2), 1)


def test_activity_update_takes_only_activity_fields(portfolio: Any) -> None:
    with pytest.raises(TypeError, match="action"):
        services.activity_update(actor=None, activity=_lima(portfolio), action=portfolio["mexico"])
