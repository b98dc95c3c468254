"""Mission reports and feedback on activities through the API."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.core.models import AuditEvent
from mieux.experts import reports, services
from mieux.experts.models import Feedback, MissionReport
from mieux.experts.tests.conftest import (  # noqa: F401 (fixtures)
    action,
    expert,
    expert_user,
    home_institution,
    invite,
    make_activity,
    officer,
    other_expert,
    other_expert_user,
    spain,
)

pytestmark = pytest.mark.django_db

REPORT = {
    "summary": "Peer exchange on reception procedures.",
    "results": "A draft protocol.",
    "challenges": "",
    "recommendations": "A follow-up visit.",
    "follow_up": "",
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_url(deployment_id: int) -> str:
    return f"/api/v1/deployments/{deployment_id}/report"


def feedback_url(activity_id: int) -> str:
    return f"/api/v1/activities/{activity_id}/feedback"


@pytest.fixture
def past_workshop(make_activity):  # noqa: F811
    return make_activity("Past workshop", datetime.date(2025, 3, 3), datetime.date(2025, 3, 5))


@pytest.fixture
def future_workshop(make_activity):  # noqa: F811
    return make_activity("Future workshop", datetime.date(2099, 3, 3), datetime.date(2099, 3, 5))


@pytest.fixture
def accepted(officer, invite):  # noqa: F811
    def make(expert, activity):  # noqa: F811
        deployment = invite(expert, activity)
        return services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition="accept"
        )

    return make


@pytest.fixture
def partner_user(action):  # noqa: F811
    institution = Institution.objects.create(
        name="Superintendencia Nacional de Migraciones", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    action.partner_institutions.add(institution)
    user = User.objects.create_user("pilar", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
    return user


def test_the_expert_writes_then_reads_the_report(
    expert,  # noqa: F811
    expert_user,  # noqa: F811
    accepted,
    past_workshop,
) -> None:
    deployment = accepted(expert, past_workshop)
    client = signed_in(expert_user)
    assert client.get(report_url(deployment.pk)).status_code == 404

    written = client.put(report_url(deployment.pk), REPORT, content_type="application/json")
    read = client.get(report_url(deployment.pk))

    assert written.status_code == 200
    assert read.status_code == 200
    body = read.json()
    report = MissionReport.objects.get()
    assert body == {
        "deployment": deployment.pk,
        "version": 4,  # invited (2), accepted (3), the report written (4)
        **REPORT,
        "submitted_at": body["submitted_at"],
        "updated_at": body["updated_at"],
    }
    # Milliseconds, as the rest of the API writes times.
    submitted_at = datetime.datetime.fromisoformat(body["submitted_at"])
    assert abs(submitted_at - report.submitted_at) < datetime.timedelta(milliseconds=1)
    assert written.json() == body


def test_staff_write_the_report_for_the_expert_and_every_change_is_audited(
    expert,  # noqa: F811
    expert_user,  # noqa: F811
    officer,  # noqa: F811
    accepted,
    past_workshop,
) -> None:
    deployment = accepted(expert, past_workshop)

    signed_in(officer).put(report_url(deployment.pk), REPORT, content_type="application/json")
    changed = signed_in(expert_user).put(
        report_url(deployment.pk),
        {**REPORT, "challenges": "Short notice."},
        content_type="application/json",
    )

    assert changed.status_code == 200
    assert changed.json()["challenges"] == "Short notice."
    assert list(
        AuditEvent.objects.filter(verb__startswith="mission_report")
        .order_by("id")
        .values_list("verb", "actor__username")
    ) == [("mission_report.submitted", "officer"), ("mission_report.updated", "ana")]


def test_a_report_without_summary_or_too_early_changes_nothing(
    expert,  # noqa: F811
    expert_user,  # noqa: F811
    accepted,
    past_workshop,
    future_workshop,
    other_expert,  # noqa: F811
) -> None:
    over = accepted(expert, past_workshop)
    upcoming = accepted(other_expert, future_workshop)
    client = signed_in(expert_user)

    empty = client.put(
        report_url(over.pk), {**REPORT, "summary": ""}, content_type="application/json"
    )
    missing = client.put(report_url(over.pk), {"results": "x"}, content_type="application/json")
    early = signed_in(other_expert.user).put(
        report_url(upcoming.pk), REPORT, content_type="application/json"
    )

    assert empty.status_code == 422
    assert empty["Content-Type"].startswith("application/problem+json")
    assert empty.json()["code"] == "invalid_input"
    assert empty.json()["errors"][0]["field"] == "summary"
    assert missing.status_code == 422
    assert early.status_code == 409
    assert early.json()["code"] == "conflict"
    assert not MissionReport.objects.exists()


def test_others_do_not_see_the_report(
    expert,  # noqa: F811
    expert_user,  # noqa: F811
    other_expert_user,  # noqa: F811
    partner_user,
    accepted,
    past_workshop,
) -> None:
    deployment = accepted(expert, past_workshop)
    signed_in(expert_user).put(report_url(deployment.pk), REPORT, content_type="application/json")

    for user in (other_expert_user, partner_user):
        client = signed_in(user)
        assert client.get(report_url(deployment.pk)).status_code == 404
        assert (
            client.put(
                report_url(deployment.pk),
                {**REPORT, "summary": "Overwritten."},
                content_type="application/json",
            ).status_code
            == 404
        )
    assert Client().get(report_url(deployment.pk)).status_code == 401
    assert MissionReport.objects.get().summary == REPORT["summary"]


def test_a_partner_gives_feedback_and_reads_their_own(partner_user, past_workshop) -> None:
    client = signed_in(partner_user)

    given = client.put(
        feedback_url(past_workshop.pk),
        {"score": 4, "comment": "Useful."},
        content_type="application/json",
    )
    listed = client.get(feedback_url(past_workshop.pk))

    assert given.status_code == 200
    feedback = Feedback.objects.get()
    body = given.json()
    assert body == {
        "id": feedback.pk,
        "activity": past_workshop.pk,
        "source": "partner",
        "author": "pilar",
        "score": 4,
        "comment": "Useful.",
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert listed.json() == {"count": 1, "next": None, "items": [body]}


def test_feedback_with_a_bad_score_or_too_early_changes_nothing(
    partner_user, past_workshop, future_workshop
) -> None:
    client = signed_in(partner_user)

    too_high = client.put(
        feedback_url(past_workshop.pk), {"score": 6}, content_type="application/json"
    )
    early = client.put(
        feedback_url(future_workshop.pk), {"score": 4}, content_type="application/json"
    )

    assert too_high.status_code == 422
    assert too_high.json()["errors"][0]["field"] == "score"
    assert early.status_code == 409
    assert not Feedback.objects.exists()


def test_staff_read_all_feedback_but_give_none(
    officer,  # noqa: F811
    expert,  # noqa: F811
    expert_user,  # noqa: F811
    partner_user,
    accepted,
    past_workshop,
) -> None:
    accepted(expert, past_workshop)
    reports.feedback_give(actor=partner_user, activity_id=past_workshop.pk, score=4)
    reports.feedback_give(actor=expert_user, activity_id=past_workshop.pk, score=5)
    client = signed_in(officer)

    listed = client.get(feedback_url(past_workshop.pk))
    given = client.put(
        feedback_url(past_workshop.pk), {"score": 3}, content_type="application/json"
    )
    expert_view = signed_in(expert_user).get(feedback_url(past_workshop.pk))

    assert listed.json()["count"] == 2
    assert sorted(item["source"] for item in listed.json()["items"]) == ["expert", "partner"]
    assert given.status_code == 403
    assert [item["source"] for item in expert_view.json()["items"]] == ["expert"]


def test_outsiders_get_403_or_404_and_anonymous_401(
    action,  # noqa: F811
    other_expert_user,  # noqa: F811
    past_workshop,
) -> None:
    client = signed_in(other_expert_user)

    assert client.get(feedback_url(past_workshop.pk)).status_code == 403
    assert (
        client.put(
            feedback_url(past_workshop.pk), {"score": 3}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.get(feedback_url(999_999)).status_code == 404
    assert Client().get(feedback_url(past_workshop.pk)).status_code == 401
    action.is_public = False
    action.save()
    assert client.get(feedback_url(past_workshop.pk)).status_code == 404
    assert not Feedback.objects.exists()


def test_the_feedback_list_does_not_grow_in_queries(
    officer,  # noqa: F811
    partner_user,
    action,  # noqa: F811
    past_workshop,
    django_assert_max_num_queries,
) -> None:
    client = signed_in(officer)
    reports.feedback_give(actor=partner_user, activity_id=past_workshop.pk, score=4)
    with CaptureQueriesContext(connection) as few:
        client.get(feedback_url(past_workshop.pk))
    baseline = len(few.captured_queries)
    institution = action.partner_institutions.get()
    for number in range(5):
        user = User.objects.create_user(f"partner{number}", password="correct-horse-battery")
        Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=institution)
        reports.feedback_give(actor=user, activity_id=past_workshop.pk, score=3)

    with django_assert_max_num_queries(baseline):
        response = client.get(feedback_url(past_workshop.pk))

    assert response.json()["count"] == 6
