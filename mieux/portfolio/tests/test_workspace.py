"""The portfolio workspace (issue 9): officers create, edit, publish and unpublish actions in
pages, through the services, audited, with version checks. Who sees which page for every demo
role is in the permission matrix (tests/matrix_workspace_pages.py)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mieux.core.models import AuditEvent
from mieux.portfolio.models import Action
from mieux.portfolio.tests.factories import ActionFactory, ActivityFactory

pytestmark = pytest.mark.django_db


def _form_data(action: Action, **changes: Any) -> dict[str, Any]:
    """The edit form as the page fills it for `action`, with `changes` typed over it."""
    data: dict[str, Any] = {
        "version": action.version,
        "name": action.name,
        "title": action.title,
        "region": action.region_id,
        "countries": [country.pk for country in action.countries.all()],
        "partner_institutions": [
            institution.pk for institution in action.partner_institutions.all()
        ],
        "pillar": action.pillar_id,
        "thematic_areas": [area.pk for area in action.thematic_areas.all()],
        "gcm_objectives": [objective.pk for objective in action.gcm_objectives.all()],
        "sectors": [sector.pk for sector in action.sectors.all()],
        "status": action.status,
        "start_date": action.start_date.isoformat(),
        "start_precision": action.start_precision,
        "end_date": action.end_date.isoformat() if action.end_date else "",
        "end_precision": action.end_precision,
        "language": action.language,
        "context": action.context,
        "objective": action.objective,
        "result": action.result,
        "experts_involved": action.experts_involved,
        "source_url": action.source_url,
        "source_note": action.source_note,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _edit_url(action: Action) -> str:
    return reverse("portfolio:workspace_action_edit", args=[action.slug])


def test_an_officer_creates_an_action_that_is_not_public(
    officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]
    data = _form_data(peru, name="Peru IV", title="A new action", slug="peru-iv")
    del data["version"]

    response = officer_client.post(reverse("portfolio:workspace_action_create"), data)

    assert response.status_code == 302
    created = Action.objects.get(slug="peru-iv")
    assert response["Location"] == _edit_url(created)
    assert created.is_public is False
    assert created.version == 1
    assert list(created.countries.all()) == list(peru.countries.all())
    assert AuditEvent.objects.filter(verb="action.created", object_id=str(created.pk)).exists()
    # Not public: the public page does not know it.
    assert Client().get(reverse("portfolio:action_detail", args=["peru-iv"])).status_code == 404


def test_a_bad_creation_names_the_field_and_creates_nothing(
    officer_client: Client, portfolio: Any
) -> None:
    data = _form_data(portfolio["peru"], slug="peru-iii", end_date="2010-01-01")
    del data["version"]

    response = officer_client.post(reverse("portfolio:workspace_action_create"), data)

    assert response.status_code == 400
    assert Action.objects.filter(slug="peru-iii").count() == 1
    # The form comes back with what was typed.
    assert b'value="peru-iii"' in response.content


def test_an_edit_saves_bumps_the_version_and_is_audited(
    officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]

    response = officer_client.post(_edit_url(peru), _form_data(peru, title="A better title"))

    assert response.status_code == 302
    peru.refresh_from_db()
    assert peru.title == "A better title"
    assert peru.version == 2
    event = AuditEvent.objects.get(verb="action.updated", object_id=str(peru.pk))
    assert event.after == {"title": "A better title"}
    # At once on the public page.
    page = Client().get(reverse("portfolio:action_detail", args=[peru.slug]))
    assert "A better title" in page.content.decode()


def test_the_edit_page_shows_every_field_with_the_version_read(
    officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]

    response = officer_client.get(_edit_url(peru))

    assert response.status_code == 200
    content = response.content.decode()
    for name in ("name", "countries", "partner_institutions", "gcm_objectives", "start_precision"):
        assert f'name="{name}"' in content
    assert f'name="version" value="{peru.version}"' in content


def test_two_officers_at_once_the_second_gets_the_merge_page_and_loses_nothing(
    officer_client: Client, second_officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]
    other = second_officer_client
    # Both read version 1.
    mine = _form_data(peru, title="Title typed by the first officer")
    theirs = _form_data(peru, title="Title typed by the second officer", result="Their result.")

    assert officer_client.post(_edit_url(peru), mine).status_code == 302
    response = other.post(_edit_url(peru), theirs)

    assert response.status_code == 409
    content = response.content.decode()
    assert "Title typed by the first officer" in content  # the saved version
    assert "Title typed by the second officer" in content  # theirs, still in the form
    assert "Their result." in content
    assert 'name="version" value="2"' in content
    peru.refresh_from_db()
    assert peru.title == "Title typed by the first officer"
    assert peru.version == 2

    # Saving again from the merge page is a deliberate choice, and it is taken.
    theirs["version"] = 2
    assert other.post(_edit_url(peru), theirs).status_code == 302
    peru.refresh_from_db()
    assert (peru.title, peru.result, peru.version) == (
        "Title typed by the second officer",
        "Their result.",
        3,
    )


def test_saving_nothing_new_writes_nothing(officer_client: Client, portfolio: Any) -> None:
    peru = portfolio["peru"]

    assert officer_client.post(_edit_url(peru), _form_data(peru)).status_code == 302

    peru.refresh_from_db()
    assert peru.version == 1
    assert not AuditEvent.objects.filter(verb="action.updated").exists()


def _publication(client: Client, action: Action, publish: bool) -> Any:
    return client.post(
        reverse("portfolio:workspace_action_publication", args=[action.slug]),
        {"publish": "1" if publish else "0", "version": action.version},
    )


def test_publishing_waits_for_the_checklist(officer_client: Client, portfolio: Any) -> None:
    hidden = portfolio["hidden"]

    page = officer_client.get(reverse("portfolio:workspace_action_publication", args=[hidden.slug]))
    assert page.status_code == 200
    assert "At least one partner institution" in page.content.decode()
    response = _publication(officer_client, hidden, publish=True)

    assert response.status_code == 400
    assert "cannot be published yet" in response.content.decode()
    hidden.refresh_from_db()
    assert hidden.is_public is False


def test_publish_then_unpublish(
    officer_client: Client, portfolio: Any, partner_institution: Any
) -> None:
    hidden = portfolio["hidden"]
    Action.objects.filter(pk=hidden.pk).update(title="Hidden", context="Why.")
    hidden.partner_institutions.add(partner_institution)
    hidden.refresh_from_db()
    public_url = reverse("portfolio:action_detail", args=[hidden.slug])
    assert Client().get(public_url).status_code == 404

    assert _publication(officer_client, hidden, publish=True).status_code == 302
    hidden.refresh_from_db()
    assert (hidden.is_public, hidden.version) == (True, 2)
    assert Client().get(public_url).status_code == 200
    assert Client().get("/api/v1/actions/hidden-action").status_code == 200

    assert _publication(officer_client, hidden, publish=False).status_code == 302
    hidden.refresh_from_db()
    assert hidden.is_public is False
    assert Client().get(public_url).status_code == 404
    verbs = list(
        AuditEvent.objects.filter(object_id=str(hidden.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["action.published", "action.unpublished"]
    # The object's history says it in words.
    history = officer_client.get(reverse("intake:history", args=["action", hidden.pk]))
    assert history.status_code == 200
    assert "Published" in history.content.decode()
    assert "Withdrawn from the public pages" in history.content.decode()


def test_a_stale_publication_changes_nothing(officer_client: Client, portfolio: Any) -> None:
    peru = portfolio["peru"]
    Action.objects.filter(pk=peru.pk).update(version=5)

    response = _publication(officer_client, peru, publish=False)  # read version 1

    assert response.status_code == 409
    peru.refresh_from_db()
    assert peru.is_public is True


def test_the_workspace_list_shows_every_action_in_a_fixed_number_of_queries(
    officer_client: Client, portfolio: Any, django_assert_max_num_queries: Any
) -> None:
    url = reverse("portfolio:workspace_action_list")
    response = officer_client.get(url)
    assert response.status_code == 200
    assert "Hidden Action" in response.content.decode()
    with django_assert_max_num_queries(50) as first:
        officer_client.get(url)
    for number in range(20):
        ActivityFactory(
            action=ActionFactory(slug=f"more-{number}", region=portfolio["peru"].region)
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        officer_client.get(url)
