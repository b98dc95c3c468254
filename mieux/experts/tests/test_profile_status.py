"""Staff's side of a profile: invite, verify, deactivate, reactivate (`profile_status`)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mieux.accounts.models import Membership, Role, User
from mieux.core.errors import Conflict, DomainError, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts import profile_status, profiles, services
from mieux.experts.models import Expert, ExpertType

SITE = "https://mieux.example.org/"


def invite_carla(actor, **fields):
    values = {
        "full_name": "Carla Rossi",
        "expert_type": ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        "email": "carla.rossi@example.org",
        "language": "es",
        "site_url": SITE,
    }
    return profile_status.expert_invite(actor=actor, **(values | fields))


def test_staff_invite_a_person_who_gets_an_account_and_an_e_mail_after_commit(
    officer, home_institution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        expert = invite_carla(officer, institution=home_institution)
        assert mail.outbox == []  # nothing is sent before the commit

    assert len(callbacks) == 1
    assert expert.status == "invited"
    assert expert.institution == home_institution
    user = expert.user
    assert user.username == "carla.rossi@example.org"
    assert (user.first_name, user.last_name) == ("Carla", "Rossi")
    assert user.preferred_language == "es"
    assert user.roles == {Role.EXPERT}
    assert not user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["carla.rossi@example.org"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = next(line for line in message.body.splitlines() if line.startswith(SITE))
    assert link.startswith(f"{SITE}experts/welcome/{uid}/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert default_token_generator.check_token(user, token)
    event = AuditEvent.objects.get(object_id=str(expert.pk), verb="expert.invited")
    assert event.after == {
        "email": "carla.rossi@example.org",
        "user": user.pk,
        "account_created": True,
        "language": "es",
    }


def test_nothing_is_sent_when_the_invitation_rolls_back(
    officer, django_capture_on_commit_callbacks
):
    def invite_then_fail() -> None:
        with transaction.atomic():
            invite_carla(officer)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        invite_then_fail()

    assert mail.outbox == []
    assert not Expert.objects.exists()
    assert not User.objects.filter(email="carla.rossi@example.org").exists()


def test_without_an_e_mail_the_person_is_invited_without_an_account(
    officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        expert = invite_carla(officer, email="")

    assert expert.user is None
    assert expert.status == "invited"
    assert mail.outbox == []


def test_an_existing_account_is_linked_and_given_the_expert_role(
    officer, django_capture_on_commit_callbacks
):
    person = User.objects.create_user("carla", email="Carla.Rossi@example.org", password="x-y-z-1")

    with django_capture_on_commit_callbacks(execute=True):
        expert = invite_carla(officer)

    assert expert.user == person
    assert person.roles == {Role.EXPERT}
    assert User.objects.count() == 2  # the officer and Carla: no new account
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("fields", "error_type", "field", "message"),
    [
        ({"email": "nope"}, DomainError, "email", "“nope” is not a valid e-mail address."),
        ({"language": "de"}, DomainError, "language", "Choose the invitation's language among "
         "en, es, pt, fr."),
        ({"full_name": " "}, DomainError, "full_name", "A full name is required."),
        ({"expert_type": "wizard"}, DomainError, "expert_type", "Choose a valid expert type."),
    ],
)  # fmt: skip
def test_a_bad_invitation_is_refused_and_creates_nothing(
    officer, fields, error_type, field, message
):
    with pytest.raises(error_type) as error:
        invite_carla(officer, **fields)

    assert (error.value.field, error.value.message) == (field, message)
    assert not Expert.objects.exists()
    assert User.objects.count() == 1


def test_a_person_already_on_the_roster_is_not_invited_twice(officer, expert):
    profiles.expert_update(actor=officer, expert_id=expert.pk, email="ana@example.org")

    with pytest.raises(Conflict) as error:
        invite_carla(officer, email="ANA@example.org")

    assert error.value.message == "Another expert on the roster has the e-mail ANA@example.org."
    assert Expert.objects.count() == 1


def test_an_account_that_has_a_profile_is_not_invited_again(officer, expert, expert_user):
    expert_user.email = "ana@example.org"
    expert_user.save()

    with pytest.raises(Conflict) as error:
        invite_carla(officer, email="ana@example.org")

    assert (
        error.value.message
        == "The account with the e-mail ana@example.org already has an expert profile."
    )


def test_only_staff_invite(expert_user):
    with pytest.raises(PermissionDenied) as error:
        invite_carla(expert_user)

    assert error.value.message == "Only facility staff may invite experts."
    assert not Expert.objects.exists()


# --- verify, deactivate, reactivate ------------------------------------------------------------


@pytest.fixture
def invited(officer, expert_user):
    return services.expert_create(
        actor=officer,
        user=expert_user,
        full_name="Ana Pérez",
        expert_type=ExpertType.ACADEMIA,
        languages={"es": "native"},
    )


def test_staff_verify_a_profile_with_consent(officer, invited, expert_user):
    profiles.expert_give_consent(actor=expert_user, expert_id=invited.pk)

    profile_status.expert_verify(actor=officer, expert_id=invited.pk)

    invited.refresh_from_db()
    assert invited.status == "active"
    assert invited.verified_at is not None
    event = AuditEvent.objects.get(object_id=str(invited.pk), verb="expert.verified")
    assert (event.before["status"], event.after["status"]) == ("invited", "active")
    with pytest.raises(Conflict) as error:
        profile_status.expert_verify(actor=officer, expert_id=invited.pk)
    assert error.value.message == "Ana Pérez is already verified."


def test_a_profile_without_consent_is_not_verified(officer, invited):
    with pytest.raises(DomainError) as error:
        profile_status.expert_verify(actor=officer, expert_id=invited.pk)

    assert error.value.message == (
        "Ana Pérez has not consented to the processing of their data; verify after consent."
    )
    invited.refresh_from_db()
    assert (invited.status, invited.verified_at) == ("invited", None)


def test_a_profile_without_a_language_is_not_verified(officer, invited, expert_user):
    profiles.expert_give_consent(actor=expert_user, expert_id=invited.pk)
    profiles.expert_set_languages(actor=expert_user, expert_id=invited.pk, languages={})

    with pytest.raises(DomainError) as error:
        profile_status.expert_verify(actor=officer, expert_id=invited.pk)

    assert (
        error.value.message == "Ana Pérez has no language on the profile; at least one is needed."
    )


def test_an_expert_cannot_verify_themself(invited, expert_user):
    profiles.expert_give_consent(actor=expert_user, expert_id=invited.pk)

    with pytest.raises(PermissionDenied):
        profile_status.expert_verify(actor=expert_user, expert_id=invited.pk)

    invited.refresh_from_db()
    assert invited.verified_at is None


def test_deactivation_needs_a_reason_and_leaves_open_deployments_listed(
    officer, expert, expert_user, invite, lima_workshop, june_training
):
    invitation = invite(expert, lima_workshop)
    with pytest.raises(DomainError) as error:
        profile_status.expert_deactivate(actor=officer, expert_id=expert.pk, reason="  ")
    assert (error.value.field, error.value.message) == (
        "reason",
        "Give a reason for deactivating this expert.",
    )

    profile_status.expert_deactivate(
        actor=officer, expert_id=expert.pk, reason="Left the ministry."
    )

    expert.refresh_from_db()
    assert expert.status == "deactivated"
    assert profile_status.open_deployments(expert) == [invitation]
    event = AuditEvent.objects.get(object_id=str(expert.pk), verb="expert.deactivated")
    assert event.reason == "Left the ministry."
    # The open invitation can no longer be accepted, and nobody may propose the expert.
    with pytest.raises(DomainError):
        services.deployment_transition(
            actor=expert_user, deployment_id=invitation.pk, transition="accept"
        )
    with pytest.raises(DomainError):
        services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=june_training.pk
        )
    with pytest.raises(Conflict):
        profile_status.expert_deactivate(actor=officer, expert_id=expert.pk, reason="Again.")


def test_reactivation_returns_a_verified_expert_to_active_and_others_to_invited(
    officer, expert, other_expert
):
    Expert.objects.filter(pk=expert.pk).update(verified_at=expert.created_at)
    for profile in (expert, other_expert):
        profile_status.expert_deactivate(actor=officer, expert_id=profile.pk, reason="Pause.")
        profile_status.expert_reactivate(actor=officer, expert_id=profile.pk)

    expert.refresh_from_db()
    other_expert.refresh_from_db()
    assert (expert.status, other_expert.status) == ("active", "invited")
    with pytest.raises(Conflict) as error:
        profile_status.expert_reactivate(actor=officer, expert_id=expert.pk)
    assert error.value.message == "Ana Pérez is not deactivated."


def test_a_deactivated_expert_is_reactivated_before_being_verified(officer, invited):
    profile_status.expert_deactivate(actor=officer, expert_id=invited.pk, reason="Pause.")

    with pytest.raises(Conflict) as error:
        profile_status.expert_verify(actor=officer, expert_id=invited.pk)

    assert error.value.message == "Ana Pérez is deactivated; reactivate the profile first."


def test_the_expert_role_is_not_given_twice(officer, django_capture_on_commit_callbacks):
    person = User.objects.create_user("carla", email="carla.rossi@example.org")
    Membership.objects.create(user=person, role=Role.EXPERT)

    invite_carla(officer)

    assert person.memberships.count() == 1
