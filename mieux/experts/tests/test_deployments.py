import pytest

from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertType
from mieux.experts.workflow import TRANSITIONS, transitions_from

from .conftest import CONSENTED


def _verbs(deployment):
    return list(
        AuditEvent.objects.filter(object_type="experts.deployment", object_id=str(deployment.pk))
        .order_by("id")
        .values_list("verb", "actor__username")
    )


def test_a_deployment_goes_from_proposed_to_completed(officer, expert, lima_workshop):
    deployment = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk, role="lead_expert"
    )
    steps = [(officer, "invite"), (expert.user, "accept"), (officer, "complete")]

    for actor, transition in steps:
        services.deployment_transition(
            actor=actor, deployment_id=deployment.pk, transition=transition
        )

    deployment.refresh_from_db()
    assert deployment.status == "completed"
    assert deployment.role == "lead_expert"
    assert deployment.version == 4
    assert deployment.proposed_by == officer
    assert deployment.invited_at <= deployment.responded_at <= deployment.completed_at
    assert _verbs(deployment) == [
        ("deployment.proposed", "officer"),
        ("deployment.invite", "officer"),
        ("deployment.accept", "ana"),
        ("deployment.complete", "officer"),
    ]
    accept = AuditEvent.objects.get(verb="deployment.accept")
    assert (accept.before["status"], accept.after["status"]) == ("invited", "accepted")
    assert (accept.before["version"], accept.after["version"]) == (2, 3)


def test_an_invited_expert_may_decline_with_a_reason(officer, expert, invite, lima_workshop):
    deployment = invite(expert, lima_workshop)

    services.deployment_transition(
        actor=expert.user, deployment_id=deployment.pk, transition="decline", reason="On leave."
    )

    deployment.refresh_from_db()
    assert deployment.status == "declined"
    assert deployment.responded_at is not None
    assert AuditEvent.objects.get(verb="deployment.decline").reason == "On leave."


def test_an_officer_may_record_the_answer_of_an_expert_without_an_account(
    officer, lima_workshop, invite
):
    offline = services.expert_create(
        actor=officer,
        full_name="Chidi Okafor",
        expert_type=ExpertType.PRIVATE_SECTOR,
        consent_given_at=CONSENTED,
    )
    deployment = invite(offline, lima_workshop)

    services.deployment_transition(actor=officer, deployment_id=deployment.pk, transition="accept")

    assert Deployment.objects.get(pk=deployment.pk).status == "accepted"


def test_the_workflow_table_lists_the_legal_steps():
    assert [t.name for t in transitions_from("proposed")] == ["invite"]
    assert [t.name for t in transitions_from("invited")] == ["accept", "decline"]
    assert [t.name for t in transitions_from("accepted")] == ["complete"]
    assert transitions_from("declined") == []
    assert transitions_from("completed") == []
    assert {name: t.target for name, t in TRANSITIONS.items()} == {
        "invite": "invited",
        "accept": "accepted",
        "decline": "declined",
        "complete": "completed",
    }


@pytest.mark.parametrize(
    ("steps", "illegal", "message"),
    [
        ([], "accept", "This deployment is “Proposed”. Only an open invitation can be accepted."),
        (
            [],
            "complete",
            "This deployment is “Proposed”. Only an accepted deployment can be marked completed.",
        ),
        (
            ["invite"],
            "invite",
            "This deployment is “Invited”. Only a proposed expert can be invited.",
        ),
        (
            ["invite"],
            "complete",
            "This deployment is “Invited”. Only an accepted deployment can be marked completed.",
        ),
        (
            ["invite", "decline"],
            "accept",
            "This deployment is “Declined”. Only an open invitation can be accepted.",
        ),
        (
            ["invite", "accept"],
            "decline",
            "This deployment is “Accepted”. Only an open invitation can be declined.",
        ),
        (
            ["invite", "accept", "complete"],
            "complete",
            "This deployment is “Completed”. Only an accepted deployment can be marked completed.",
        ),
    ],
)
def test_an_illegal_transition_is_a_conflict_and_changes_nothing(
    officer, expert, lima_workshop, steps, illegal, message
):
    deployment = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
    )
    for step in steps:
        services.deployment_transition(actor=officer, deployment_id=deployment.pk, transition=step)
    before = Deployment.objects.get(pk=deployment.pk)
    events = AuditEvent.objects.count()

    with pytest.raises(Conflict) as error:
        services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition=illegal
        )

    assert error.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert error.value.message == message
    after = Deployment.objects.get(pk=deployment.pk)
    assert (after.status, after.version) == (before.status, before.version)
    assert AuditEvent.objects.count() == events


def test_an_unknown_transition_is_invalid_input(officer, expert, lima_workshop):
    deployment = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
    )

    with pytest.raises(DomainError) as error:
        services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition="promote"
        )

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID_INPUT, "transition")
    assert error.value.message == "Unknown transition “promote”."


def test_the_expert_may_not_invite_themself(officer, expert, lima_workshop):
    deployment = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
    )

    with pytest.raises(PermissionDenied) as error:
        services.deployment_transition(
            actor=expert.user, deployment_id=deployment.pk, transition="invite"
        )

    assert error.value.message == (
        "Your role does not allow this step (“Invite”) on this deployment."
    )
    assert Deployment.objects.get(pk=deployment.pk).status == "proposed"
    assert _verbs(deployment) == [("deployment.proposed", "officer")]


def test_another_expert_cannot_see_the_deployment(expert, other_expert_user, invite, lima_workshop):
    deployment = invite(expert, lima_workshop)

    with pytest.raises(NotFound) as error:
        services.deployment_transition(
            actor=other_expert_user, deployment_id=deployment.pk, transition="accept"
        )

    assert error.value.message == f"No deployment {deployment.pk}."
    assert Deployment.objects.get(pk=deployment.pk).status == "invited"


def test_only_staff_may_propose(expert, lima_workshop):
    with pytest.raises(PermissionDenied) as error:
        services.deployment_propose(
            actor=expert.user, expert_id=expert.pk, activity_id=lima_workshop.pk
        )

    assert error.value.message == "Only facility staff may propose experts."
    assert Deployment.objects.count() == 0


def test_a_profile_without_consent_cannot_be_deployed(officer, lima_workshop):
    unconsented = services.expert_create(
        actor=officer, full_name="Dora Novak", expert_type=ExpertType.ACADEMIA, status="active"
    )
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as error:
        services.deployment_propose(
            actor=officer, expert_id=unconsented.pk, activity_id=lima_workshop.pk
        )

    assert (error.value.code, error.value.field) == (ErrorCode.INVALID_INPUT, "expert")
    assert error.value.message == "Dora Novak has not consented to the processing of their data."
    assert Deployment.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_consent_withdrawn_after_the_invitation_blocks_the_accept(
    officer, expert, invite, lima_workshop
):
    deployment = invite(expert, lima_workshop)
    Expert.objects.filter(pk=expert.pk).update(consent_given_at=None)

    with pytest.raises(DomainError) as error:
        services.deployment_transition(
            actor=expert.user, deployment_id=deployment.pk, transition="accept"
        )

    assert error.value.message == "Ana Pérez has not consented to the processing of their data."
    assert Deployment.objects.get(pk=deployment.pk).status == "invited"


def test_a_deactivated_expert_cannot_be_proposed(officer, expert, lima_workshop):
    Expert.objects.filter(pk=expert.pk).update(status="deactivated")

    with pytest.raises(DomainError) as error:
        services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
        )

    assert error.value.message == "Ana Pérez is deactivated."
    assert Deployment.objects.count() == 0


def test_an_expert_is_proposed_once_per_activity(officer, expert, lima_workshop):
    services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk)

    with pytest.raises(Conflict) as error:
        services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
        )

    assert error.value.code == ErrorCode.CONFLICT
    assert error.value.message == "Ana Pérez is already proposed for “Lima workshop”."
    assert Deployment.objects.count() == 1


def test_accepting_a_deployment_overlapping_an_accepted_one_is_refused(
    expert, invite, lima_workshop, cusco_visit
):
    lima, cusco = invite(expert, lima_workshop), invite(expert, cusco_visit)
    services.deployment_transition(actor=expert.user, deployment_id=lima.pk, transition="accept")
    events = AuditEvent.objects.count()

    with pytest.raises(Conflict) as error:
        services.deployment_transition(
            actor=expert.user, deployment_id=cusco.pk, transition="accept"
        )

    assert error.value.code == ErrorCode.OVERLAPPING_DEPLOYMENT
    assert error.value.code == "overlapping_deployment"
    assert error.value.message == (
        "Ana Pérez is already deployed on “Lima workshop” from 2026-05-04 to 2026-05-08."
    )
    refused = Deployment.objects.get(pk=cusco.pk)
    assert (refused.status, refused.version, refused.responded_at) == ("invited", 2, None)
    assert AuditEvent.objects.count() == events


def test_a_completed_deployment_still_holds_its_dates(
    officer, expert, invite, lima_workshop, make_activity
):
    lima = invite(expert, lima_workshop)
    services.deployment_transition(actor=expert.user, deployment_id=lima.pk, transition="accept")
    services.deployment_transition(actor=officer, deployment_id=lima.pk, transition="complete")
    follow_up = make_activity("Lima follow-up", lima_workshop.end_date, lima_workshop.end_date)

    with pytest.raises(Conflict) as error:
        services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=follow_up.pk)

    assert error.value.code == ErrorCode.OVERLAPPING_DEPLOYMENT
    assert error.value.message == (
        "Ana Pérez is already deployed on “Lima workshop” from 2026-05-04 to 2026-05-08."
    )
    assert Deployment.objects.filter(activity=follow_up).count() == 0


def test_proposing_an_expert_already_deployed_at_that_time_is_refused(
    officer, expert, invite, lima_workshop, cusco_visit
):
    lima = invite(expert, lima_workshop)
    services.deployment_transition(actor=expert.user, deployment_id=lima.pk, transition="accept")

    with pytest.raises(Conflict) as error:
        services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=cusco_visit.pk)

    assert error.value.code == ErrorCode.OVERLAPPING_DEPLOYMENT
    assert Deployment.objects.filter(activity=cusco_visit).count() == 0


def test_deployments_on_separate_dates_are_both_accepted(
    expert, invite, lima_workshop, june_training
):
    lima, june = invite(expert, lima_workshop), invite(expert, june_training)

    for deployment in (lima, june):
        services.deployment_transition(
            actor=expert.user, deployment_id=deployment.pk, transition="accept"
        )

    assert set(Deployment.objects.values_list("status", flat=True)) == {"accepted"}


def test_another_expert_on_the_same_dates_is_no_overlap(
    expert, other_expert, invite, lima_workshop
):
    ana, bruno = invite(expert, lima_workshop), invite(other_expert, lima_workshop)

    services.deployment_transition(actor=expert.user, deployment_id=ana.pk, transition="accept")
    services.deployment_transition(
        actor=other_expert.user, deployment_id=bruno.pk, transition="accept"
    )

    assert list(Deployment.objects.values_list("status", flat=True)) == ["accepted", "accepted"]


def test_a_stale_version_is_a_concurrent_update(officer, expert, invite, lima_workshop):
    deployment = invite(expert, lima_workshop)

    with pytest.raises(Conflict) as error:
        services.deployment_transition(
            actor=expert.user,
            deployment_id=deployment.pk,
            transition="accept",
            expected_version=1,
        )

    assert error.value.code == ErrorCode.CONCURRENT_UPDATE
    assert error.value.message == "The deployment changed since you read it (version 2, not 1)."
    assert Deployment.objects.get(pk=deployment.pk).status == "invited"
