"""No lost update when a request is edited through the API: every edit that changes something
bumps `version`, a PATCH with a stale `version` is a 409 `concurrent_update` that changes nothing,
and of two edits at once with the same version exactly one wins.

The concurrent case runs each caller in its own thread with its own database connection,
released together by a barrier (as in test_request_concurrency.py): PostgreSQL serialises them
on the row lock, SQLite on its write lock (`BEGIN IMMEDIATE`; the test database is a file).
"""

import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from mieux.accounts.models import Membership, Role
from mieux.api.tests import factories
from mieux.api.tests.intake_factories import IntakeWorld, build_world
from mieux.core.models import AuditEvent
from mieux.intake.models import AssistanceRequest

pytestmark = pytest.mark.django_db

TITLE = "Protection of migrant children"


@pytest.fixture
def world(db: None, settings, tmp_path) -> IntakeWorld:
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def patch(client: Client, assistance_request: AssistanceRequest, body: dict) -> Any:
    return client.patch(
        f"/api/v1/requests/{assistance_request.pk}", body, content_type="application/json"
    )


def updates_of(assistance_request: AssistanceRequest) -> list[dict]:
    return list(
        AuditEvent.objects.filter(
            verb="request.updated",
            object_type="intake.assistancerequest",
            object_id=str(assistance_request.pk),
        )
        .order_by("id")
        .values_list("after", flat=True)
    )


def test_two_edits_with_the_same_version_the_second_is_a_conflict_and_changes_nothing(
    world: IntakeWorld,
) -> None:
    draft = world.request()
    client = world.client("partner-mx")

    first = patch(client, draft, {"title": "First title", "version": 1})
    second = patch(client, draft, {"title": "Second title", "objective": "Other.", "version": 1})

    assert first.status_code == 200
    assert (first.json()["title"], first.json()["version"]) == ("First title", 2)
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json; charset=utf-8"
    assert second.json()["code"] == "concurrent_update"
    assert second.json()["detail"] == ("The request changed since you read it (version 2, not 1).")
    draft.refresh_from_db()
    assert (draft.title, draft.objective, draft.version) == (
        "First title",
        "Train first-contact officials.",
        2,
    )
    assert updates_of(draft) == [{"title": "First title"}]


def test_the_answer_carries_the_new_version_which_the_next_edit_uses(world: IntakeWorld) -> None:
    draft = world.request()
    client = world.client("partner-mx")

    first = patch(client, draft, {"title": "First title", "version": 1})
    second = patch(client, draft, {"title": "Second title", "version": first.json()["version"]})

    assert (second.status_code, second.json()["version"]) == (200, 3)
    assert client.get(f"/api/v1/requests/{draft.pk}").json()["version"] == 3
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Second title", 3)


def test_a_stale_edit_of_themes_and_institutions_changes_nothing(world: IntakeWorld) -> None:
    draft = world.request()
    client = world.client("partner-mx")
    patch(client, draft, {"title": "First title", "version": 1})

    response = patch(
        client,
        draft,
        {"thematic_areas": ["IMT"], "requesting_institutions": [world.mininter.pk], "version": 1},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_update"
    assert [area.code for area in draft.thematic_areas.all()] == ["HO-CHI"]
    assert [institution.pk for institution in draft.requesting_institutions.all()] == [world.inm.pk]
    draft.refresh_from_db()
    assert draft.version == 2


def test_an_edit_that_changes_nothing_keeps_the_version(world: IntakeWorld) -> None:
    draft = world.request()
    updated_at = draft.updated_at

    response = patch(
        world.client("partner-mx"),
        draft,
        {"title": TITLE, "thematic_areas": ["HO-CHI"], "languages": ["es"], "version": 1},
    )

    assert (response.status_code, response.json()["version"]) == (200, 1)
    draft.refresh_from_db()
    assert (draft.version, draft.updated_at) == (1, updated_at)
    assert updates_of(draft) == []


def test_without_a_version_an_edit_still_bumps_it_and_the_last_writer_wins(
    world: IntakeWorld,
) -> None:
    draft = world.request()
    client = world.client("partner-mx")

    first = patch(client, draft, {"title": "First title"})
    second = patch(client, draft, {"title": "Second title"})

    assert [first.status_code, second.status_code] == [200, 200]
    assert [first.json()["version"], second.json()["version"]] == [2, 3]
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Second title", 3)


def test_an_edit_made_stale_by_a_transition_is_a_conflict(world: IntakeWorld) -> None:
    # Sent back for information: the officer's transition moved the version the partner read.
    asked = world.request("information_requested")
    read = asked.version
    world.client("partner-mx").patch(
        f"/api/v1/requests/{asked.pk}", {"title": "Answered"}, content_type="application/json"
    )

    response = patch(world.client("partner-mx"), asked, {"title": "Stale", "version": read})

    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_update"
    asked.refresh_from_db()
    assert (asked.title, asked.version) == ("Answered", read + 1)


def test_attaching_a_file_is_an_edit_that_bumps_the_version(world: IntakeWorld) -> None:
    draft = world.request()
    client = world.client("partner-mx")

    attached = client.post(
        f"/api/v1/requests/{draft.pk}/attachments",
        {"file": SimpleUploadedFile("terms.pdf", b"%PDF-1.4 test", "application/pdf")},
    )
    stale = patch(client, draft, {"title": "Not seen the file", "version": 1})

    assert attached.status_code == 201
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrent_update"
    draft.refresh_from_db()
    assert (draft.title, draft.version) == (TITLE, 2)
    assert client.get(f"/api/v1/requests/{draft.pk}").json()["version"] == 2


def test_the_schema_says_that_without_version_the_last_writer_wins(world: IntakeWorld) -> None:
    schema = Client().get("/api/v1/openapi.json").json()

    version = schema["components"]["schemas"]["RequestPatchIn"]["properties"]["version"]

    assert "version" not in schema["components"]["schemas"]["RequestPatchIn"].get("required", [])
    assert version["description"] == (
        "The version you read. If the request changed since, 409 `concurrent_update` and "
        "nothing changes. Optional, but without it the last writer wins: an edit someone else "
        "made since you read the request is overwritten."
    )


# --- two edits at the same moment ---------------------------------------------------------------


def at_once(calls: list[Any]) -> list[Any]:
    """Run each call in its own thread, released together; their results in the same order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = calls[index]()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_edits_at_once_with_the_same_version_one_wins(world: IntakeWorld) -> None:
    # SQLite's in-memory database fails a second writer at once instead of letting it wait.
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    colleague = factories.UserFactory.create(username="partner-mx-2")
    Membership.objects.create(user=colleague, role=Role.PARTNER_FOCAL_POINT, institution=world.inm)
    world.users["partner-mx-2"] = colleague
    draft = world.request()
    bodies = [
        {"title": "Title by Ana", "languages": ["es", "en"], "version": 1},
        {"title": "Title by Luis", "languages": ["pt"], "version": 1},
    ]
    clients = [world.client("partner-mx"), world.token_client("partner-mx-2")]

    responses = at_once(
        [lambda i=i: patch(clients[i], draft, bodies[i]) for i in range(len(clients))]
    )

    assert sorted(response.status_code for response in responses) == [200, 409]
    winner = next(response for response in responses if response.status_code == 200)
    loser = next(response for response in responses if response.status_code == 409)
    assert loser.json()["code"] == "concurrent_update"
    assert winner.json()["version"] == 2
    won = bodies[responses.index(winner)]
    draft.refresh_from_db()
    assert (draft.title, draft.languages, draft.version) == (won["title"], won["languages"], 2)
    assert updates_of(draft) == [{"title": won["title"], "languages": won["languages"]}]
