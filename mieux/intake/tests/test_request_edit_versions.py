"""No lost update on the request form's pages: each step of an existing draft carries the
request's version in a hidden field, and a save that comes after someone else's is refused,
changes nothing, and shows the user what they typed with the latest version, so that saving
again is deliberate. Two saves at once with the same version: one is saved, the other refused.
"""

import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from mieux.accounts.models import Membership, Role, User
from mieux.core.models import AuditEvent
from mieux.intake import services
from mieux.intake.models import AssistanceRequest, RequestAttachment
from mieux.intake.tests import test_request_pages as pages
from mieux.intake.tests.test_request_pages import client_for, complete_draft, messages_of

pytestmark = pytest.mark.django_db

# The request pages' fixtures: two partner institutions, themes, one user per role; media in
# a temporary directory.
world = pages.world
media_root = pages.media_root

TITLE = "Protection of migrant children"
CONTEXT = "More unaccompanied children arrive in Tapachula."
STALE = "Someone else saved this request while you were editing it; nothing of yours was saved"


def step_url(assistance_request: AssistanceRequest, step: int) -> str:
    return reverse("intake:request_edit", args=[assistance_request.pk, step])


def colleague_edits(world, assistance_request: AssistanceRequest, **changes: Any) -> None:
    """Someone else at the same institution saves first, through the same service."""
    services.request_update(
        actor=world["users"]["partner_mx"], request_id=assistance_request.pk, **changes
    )


def updates_of(assistance_request: AssistanceRequest) -> int:
    return AuditEvent.objects.filter(
        verb="request.updated",
        object_type="intake.assistancerequest",
        object_id=str(assistance_request.pk),
    ).count()


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_every_step_of_a_draft_carries_its_version_hidden(client, world, step):
    draft = complete_draft(world)
    colleague_edits(world, draft, title="Renamed")

    response = client_for(client, world, "partner_mx").get(step_url(draft, step))

    assert response.status_code == 200
    assert '<input type="hidden" name="version" value="2" id="id_version">' in response.text


def test_the_first_step_of_a_new_request_has_no_version(client, world):
    response = client_for(client, world, "partner_mx").get(reverse("intake:request_create"))

    assert response.status_code == 200
    assert 'name="version"' not in response.text


def test_a_save_with_the_current_version_bumps_it(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").post(
        step_url(draft, 2),
        {
            "title": "New title",
            "context": CONTEXT,
            "objective": "",
            "text_language": "en",
            "version": 1,
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.objective, draft.version) == ("New title", "", 2)
    assert 'name="version" value="2"' in client.get(step_url(draft, 2)).text


def test_a_save_that_changes_nothing_keeps_the_version(client, world):
    draft = complete_draft(world)

    response = client_for(client, world, "partner_mx").post(
        step_url(draft, 2),
        {
            "title": TITLE,
            "context": CONTEXT,
            "objective": "Train first-contact officials.",
            "text_language": "en",
            "version": 1,
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 1
    assert updates_of(draft) == 0


def test_a_stale_save_keeps_what_was_typed_says_so_and_changes_nothing(client, world):
    draft = complete_draft(world)
    colleague_edits(world, draft, title="Title by a colleague")
    events = AuditEvent.objects.count()

    response = client_for(client, world, "partner_mx").post(
        step_url(draft, 2),
        {
            "title": "My title",
            "context": "My context, typed at length.",
            "objective": "Train first-contact officials.",
            "text_language": "en",
            "intent": "next",
            "version": 1,
        },
    )

    assert response.status_code == 409
    assert STALE in response.text
    assert "The request as saved now says something else in: Title, Problem and context." in (
        response.text
    )
    assert "The form now carries the latest version (2)." in response.text
    assert 'value="My title"' in response.text
    assert "My context, typed at length.</textarea>" in response.text
    assert '<input type="hidden" name="version" value="2" id="id_version">' in response.text
    assert 'name="intent" value="next"' in response.text
    assert messages_of(response) == []
    draft.refresh_from_db()
    assert (draft.title, draft.context, draft.version) == ("Title by a colleague", CONTEXT, 2)
    assert AuditEvent.objects.count() == events


def test_saving_again_with_the_latest_version_replaces_it_deliberately(client, world):
    draft = complete_draft(world)
    colleague_edits(world, draft, title="Title by a colleague")
    client_for(client, world, "partner_mx")
    typed = {
        "title": "My title",
        "context": CONTEXT,
        "objective": "",
        "text_language": "en",
        "intent": "save",
    }
    refused = client.post(step_url(draft, 2), {**typed, "version": 1})

    again = client.post(step_url(draft, 2), {**typed, "version": 2})

    assert (refused.status_code, again.status_code) == (409, 302)
    draft.refresh_from_db()
    assert (draft.title, draft.objective, draft.version) == ("My title", "", 3)


def test_a_stale_save_of_the_scope_keeps_the_themes_and_languages_ticked(client, world):
    draft = complete_draft(world)
    colleague_edits(world, draft, languages=["es", "en"])
    trafficking = world["themes"]["IMT-THB"].pk

    response = client_for(client, world, "partner_mx").post(
        step_url(draft, 3),
        {
            "country": "PE",
            "thematic_areas": [trafficking],
            "languages": ["pt"],
            "timing_note": "Typed and kept",
            "version": 1,
        },
    )

    assert response.status_code == 409
    assert "says something else in: Country, Thematic areas, Preferred languages, Timing." in (
        response.text
    )
    assert f'value="{trafficking}" id="theme-{trafficking}" checked' in response.text
    assert '<option value="PE" selected>' in response.text
    assert 'value="Typed and kept"' in response.text
    draft.refresh_from_db()
    assert (draft.country, draft.languages, draft.timing_note, draft.version) == (
        world["mexico"],
        ["es", "en"],
        "",
        2,
    )
    assert [area.code for area in draft.thematic_areas.all()] == ["HO-CHI"]


def test_a_stale_save_with_a_file_attaches_nothing_and_asks_for_the_file_again(client, world):
    draft = complete_draft(world)
    colleague_edits(world, draft, contact_name="Luis")

    response = client_for(client, world, "partner_mx").post(
        step_url(draft, 4),
        {
            "contact_name": "Ana",
            "file": SimpleUploadedFile("terms.txt", b"Terms of reference", "text/plain"),
            "version": 1,
        },
    )

    assert response.status_code == 409
    assert "The file you chose was not attached: choose it again." in response.text
    assert 'value="Ana"' in response.text
    assert RequestAttachment.objects.count() == 0
    draft.refresh_from_db()
    assert (draft.contact_name, draft.version) == ("Luis", 2)


def test_a_file_attached_meanwhile_makes_a_save_stale(client, world):
    draft = complete_draft(world)
    services.attachment_add(
        actor=world["users"]["partner_mx"],
        request_id=draft.pk,
        upload=SimpleUploadedFile("terms.txt", b"Terms of reference", "text/plain"),
    )

    response = client_for(client, world, "partner_mx").post(
        step_url(draft, 4), {"contact_name": "Ana", "version": 1}
    )

    assert response.status_code == 409
    assert "terms.txt" in response.text  # the page lists the file attached meanwhile
    draft.refresh_from_db()
    assert (draft.contact_name, draft.version) == ("", 2)


def test_a_stale_save_of_a_request_no_longer_editable_offers_no_save(client, world):
    draft = complete_draft(world)
    client_for(client, world, "partner_mx")
    form = client.get(step_url(draft, 2))
    services.request_transition(
        actor=world["users"]["partner_mx"], request_id=draft.pk, transition="submit"
    )

    response = client.post(
        step_url(draft, 2),
        {
            "title": "Late edit",
            "context": CONTEXT,
            "objective": "",
            "text_language": "en",
            "version": 1,
        },
    )

    assert 'name="version" value="1"' in form.text
    assert response.status_code == 409
    assert "The request is now “Submitted” and can no longer be edited here" in response.text
    assert 'value="Late edit"' in response.text
    assert 'name="intent"' not in response.text
    draft.refresh_from_db()
    assert (draft.title, draft.status, draft.version) == (TITLE, "submitted", 2)


@pytest.mark.parametrize("version", [None, "", "0", "two"])
def test_a_save_without_a_valid_version_changes_nothing_and_offers_the_latest(
    client, world, version
):
    draft = complete_draft(world)
    colleague_edits(world, draft, title="Title by a colleague")
    data = {"title": "My title", "context": CONTEXT, "objective": ""}
    if version is not None:
        data["version"] = version

    response = client_for(client, world, "partner_mx").post(step_url(draft, 2), data)

    assert response.status_code == 400
    assert (
        "This page did not say which version of the request it shows, so nothing was saved."
        in response.text
    )
    assert '<input type="hidden" name="version" value="2" id="id_version">' in response.text
    assert 'value="My title"' in response.text
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Title by a colleague", 2)


# --- two saves at the same moment ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_with_the_same_version_one_is_saved_the_other_refused(world):
    # SQLite's in-memory database fails a second writer at once instead of letting it wait.
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    colleague = User.objects.create_user(username="partner_mx_2", email="luis@example.org")
    Membership.objects.create(
        user=colleague, role=Role.PARTNER_FOCAL_POINT, institution=world["inm"]
    )
    draft = complete_draft(world)
    clients = [Client(), Client()]
    clients[0].force_login(world["users"]["partner_mx"])
    clients[1].force_login(colleague)
    bodies = [
        {
            "title": "Title by Ana",
            "context": "Context by Ana.",
            "objective": "",
            "text_language": "en",
            "version": 1,
        },
        {
            "title": "Title by Luis",
            "context": "Context by Luis.",
            "objective": "",
            "text_language": "en",
            "version": 1,
        },
    ]
    barrier = threading.Barrier(2)
    responses: list[Any] = [None, None]
    errors: list[BaseException] = []

    def save(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = clients[index].post(step_url(draft, 2), bodies[index])
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(response.status_code for response in responses) == [302, 409]
    saved = next(i for i, response in enumerate(responses) if response.status_code == 302)
    refused = responses[1 - saved]
    assert STALE in refused.content.decode()
    assert f'value="{bodies[1 - saved]["title"]}"' in refused.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.context, draft.version) == (
        bodies[saved]["title"],
        bodies[saved]["context"],
        2,
    )
    assert updates_of(draft) == 1
