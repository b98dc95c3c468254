"""No lost update on a mission report: the report belongs to its deployment, so writing or
changing it bumps the deployment's version, and a write with a stale version (the page's hidden
field, the API's `version`) is a `concurrent_update` conflict that changes nothing. The expert and
staff writing on their behalf can race; of two writes at once with the same version, one wins.
"""

import datetime
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from mieux.accounts.models import User
from mieux.core.errors import Conflict, ErrorCode
from mieux.core.models import AuditEvent
from mieux.experts import personal_data, reports, services
from mieux.experts.models import Deployment, MissionReport

pytestmark = pytest.mark.django_db

REPORT = {
    "summary": "Two days of peer exchange on reception procedures.",
    "results": "A draft protocol.",
    "challenges": "",
    "recommendations": "A follow-up visit.",
    "follow_up": "",
}
STALE = (
    "Someone else saved this report, or changed the deployment, while you were writing; "
    "nothing of yours was saved"
)


@pytest.fixture
def past_workshop(make_activity):
    return make_activity("Past workshop", datetime.date(2025, 3, 3), datetime.date(2025, 3, 5))


@pytest.fixture
def deployment(officer, invite, expert, past_workshop) -> Deployment:
    """Ana's deployment on a workshop that is over: proposed (1), invited (2), accepted (3)."""
    invited = invite(expert, past_workshop)
    return services.deployment_transition(
        actor=officer, deployment_id=invited.pk, transition="accept"
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_page(deployment: Deployment) -> str:
    return reverse("experts:deployment_report", args=[deployment.pk])


def report_api(deployment: Deployment) -> str:
    return f"/api/v1/deployments/{deployment.pk}/report"


def version_of(deployment: Deployment) -> int:
    return Deployment.objects.values_list("version", flat=True).get(pk=deployment.pk)


def report_events() -> int:
    return AuditEvent.objects.filter(verb__startswith="mission_report").count()


# --- the service ------------------------------------------------------------------------------


def test_writing_and_changing_the_report_bumps_the_version_an_identical_write_does_not(
    deployment, expert_user, officer
) -> None:
    assert deployment.version == 3

    written = reports.mission_report_submit(
        actor=expert_user, deployment_id=deployment.pk, expected_version=3, **REPORT
    )
    after_written = version_of(deployment)
    reports.mission_report_submit(
        actor=officer, deployment_id=deployment.pk, expected_version=4, **REPORT
    )
    after_identical = version_of(deployment)
    reports.mission_report_submit(
        actor=officer, deployment_id=deployment.pk, **{**REPORT, "follow_up": "Send the manual."}
    )

    assert (written.deployment.version, after_written, after_identical) == (4, 4, 4)
    assert version_of(deployment) == 5
    assert report_events() == 2


def test_a_stale_report_is_a_concurrent_update_and_changes_nothing(
    deployment, expert_user, officer
) -> None:
    reports.mission_report_submit(actor=expert_user, deployment_id=deployment.pk, **REPORT)
    events = report_events()

    with pytest.raises(Conflict) as error:
        reports.mission_report_submit(
            actor=officer,
            deployment_id=deployment.pk,
            expected_version=3,
            **{**REPORT, "summary": "Overwritten."},
        )

    assert error.value.code == ErrorCode.CONCURRENT_UPDATE
    assert error.value.message == "The deployment changed since you read it (version 4, not 3)."
    assert MissionReport.objects.get().summary == REPORT["summary"]
    assert version_of(deployment) == 4
    assert report_events() == events


def test_erasing_a_person_named_in_the_report_makes_a_form_read_before_stale(
    deployment, expert_user, officer
) -> None:
    User.objects.filter(pk=expert_user.pk).update(email="ana@example.org")
    reports.mission_report_submit(
        actor=expert_user,
        deployment_id=deployment.pk,
        **{**REPORT, "summary": "Ana Pérez led the sessions."},
    )
    read = version_of(deployment)

    personal_data.personal_data_erase(actor=None, email="ana@example.org")

    assert version_of(deployment) == read + 1
    with pytest.raises(Conflict):
        reports.mission_report_submit(
            actor=officer,
            deployment_id=deployment.pk,
            expected_version=read,
            **{**REPORT, "summary": "Ana Pérez led the sessions."},
        )
    assert MissionReport.objects.get().summary == "[erased] led the sessions."


# --- the page ---------------------------------------------------------------------------------


def test_the_report_form_carries_the_deployment_version_hidden(deployment, expert_user) -> None:
    response = signed_in(expert_user).get(report_page(deployment))

    assert response.status_code == 200
    assert '<input type="hidden" name="version" value="3" id="id_version">' in (
        response.content.decode()
    )


def test_a_stale_save_of_the_report_keeps_what_was_typed_and_changes_nothing(
    deployment, expert_user, officer
) -> None:
    client = signed_in(expert_user)
    client.get(report_page(deployment))
    reports.mission_report_submit(actor=officer, deployment_id=deployment.pk, **REPORT)
    events = report_events()

    response = client.post(
        report_page(deployment),
        {**REPORT, "summary": "My own summary, typed at length.", "version": 3},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert STALE in html
    assert "The report as saved now says something else in: Summary of the mission." in html
    assert "The form now carries the latest version (4)." in html
    assert "My own summary, typed at length.</textarea>" in html
    assert '<input type="hidden" name="version" value="4" id="id_version">' in html
    assert MissionReport.objects.get().summary == REPORT["summary"]
    assert version_of(deployment) == 4
    assert report_events() == events


def test_saving_the_report_again_with_the_latest_version_replaces_it(
    deployment, expert_user, officer
) -> None:
    reports.mission_report_submit(actor=officer, deployment_id=deployment.pk, **REPORT)
    client = signed_in(expert_user)
    typed = {**REPORT, "summary": "My own summary."}
    refused = client.post(report_page(deployment), {**typed, "version": 3})

    saved = client.post(report_page(deployment), {**typed, "version": 4})

    assert (refused.status_code, saved.status_code) == (409, 302)
    assert MissionReport.objects.get().summary == "My own summary."
    assert version_of(deployment) == 5


def test_a_report_saved_without_a_version_changes_nothing(deployment, expert_user) -> None:
    response = signed_in(expert_user).post(report_page(deployment), REPORT)

    html = response.content.decode()
    assert response.status_code == 400
    assert "This page did not say which version of the report it shows" in html
    assert '<input type="hidden" name="version" value="3" id="id_version">' in html
    assert "Correct the fields marked below." not in html
    assert not MissionReport.objects.exists()
    assert version_of(deployment) == 3


# --- the API ----------------------------------------------------------------------------------


def test_two_reports_with_the_same_version_the_second_is_a_conflict(
    deployment, expert_user, officer
) -> None:
    first = signed_in(officer).put(
        report_api(deployment), {**REPORT, "version": 3}, content_type="application/json"
    )
    second = signed_in(expert_user).put(
        report_api(deployment),
        {**REPORT, "summary": "Overwritten.", "version": 3},
        content_type="application/json",
    )
    read = signed_in(expert_user).get(report_api(deployment))

    assert (first.status_code, first.json()["version"]) == (200, 4)
    assert second.status_code == 409
    assert second.json()["code"] == "concurrent_update"
    assert (read.json()["summary"], read.json()["version"]) == (REPORT["summary"], 4)
    assert version_of(deployment) == 4


def test_a_report_without_version_still_bumps_it_and_the_last_writer_wins(
    deployment, expert_user, officer
) -> None:
    signed_in(officer).put(report_api(deployment), REPORT, content_type="application/json")

    second = signed_in(expert_user).put(
        report_api(deployment),
        {**REPORT, "summary": "Overwritten."},
        content_type="application/json",
    )

    assert (second.status_code, second.json()["version"]) == (200, 5)
    assert MissionReport.objects.get().summary == "Overwritten."


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_with_the_same_version_one_wins(
    deployment, expert_user, officer
) -> None:
    # SQLite's in-memory database fails a second writer at once instead of letting it wait.
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    clients = [signed_in(expert_user), signed_in(officer)]
    summaries = ["Written by Ana.", "Written by the officer."]
    barrier = threading.Barrier(2)
    responses: list[Any] = [None, None]
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = clients[index].put(
                report_api(deployment),
                {**REPORT, "summary": summaries[index], "version": 3},
                content_type="application/json",
            )
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(response.status_code for response in responses) == [200, 409]
    winner = next(i for i, response in enumerate(responses) if response.status_code == 200)
    assert responses[1 - winner].json()["code"] == "concurrent_update"
    assert MissionReport.objects.get().summary == summaries[winner]
    assert version_of(deployment) == 4
    assert report_events() == 1
