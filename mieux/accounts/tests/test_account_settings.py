"""Account settings: the preferred language (the site's after sign-in, the e-mails') and the
e-mails the user wants, offered by role."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from mieux.accounts.models import EmailOptOut, EmailTopic, Membership, Role, User
from mieux.accounts.preferences import account_settings_update
from mieux.accounts.tests.factories import InstitutionFactory, UserFactory
from mieux.core.errors import DomainError, PermissionDenied
from mieux.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("password_only")]

SETTINGS_URL = "/accounts/settings/"
PASSWORD = "correct horse battery staple"
ALL_TOPICS = [EmailTopic.REQUEST_UPDATES.value, EmailTopic.DEPLOYMENT_INVITATIONS.value]


def user_with(*roles: Role, username: str = "carla") -> User:
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    for role in roles:
        institution = InstitutionFactory() if role == Role.PARTNER_FOCAL_POINT else None
        Membership.objects.create(user=user, role=role, institution=institution)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def topics_shown(response) -> list[str]:
    return [value for value, _label in response.context["form"].fields["email_topics"].choices]


@pytest.mark.parametrize(
    ("role", "topics"),
    [
        (Role.PARTNER_FOCAL_POINT, ["request_updates"]),
        (Role.PROJECT_OFFICER, ["request_updates"]),
        (Role.PROGRAMME_MANAGER, ["request_updates"]),
        (Role.STEERING_MEMBER, ["request_updates"]),
        (Role.EXPERT, ["deployment_invitations"]),
        (Role.KNOWLEDGE_MANAGER, []),
        (Role.ADMIN, ALL_TOPICS),
    ],
)
def test_each_role_is_offered_the_e_mails_that_concern_it(role, topics) -> None:
    response = client_for(user_with(role)).get(SETTINGS_URL)

    assert response.status_code == 200
    assert "base.html" in [template.name for template in response.templates]
    assert topics_shown(response) == topics
    assert ('name="email_topics"' in response.text) == bool(topics)
    assert '<a href="/accounts/password/change/">Change your password</a>' in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(SETTINGS_URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/settings/"


def test_the_signed_in_header_links_to_the_settings(django_assert_max_num_queries) -> None:
    client = client_for(user_with(Role.EXPERT))

    # Session, user, memberships (the topics offered and the header's roles), opt-outs.
    with django_assert_max_num_queries(4):
        response = client.get(SETTINGS_URL)

    assert 'href="/accounts/settings/" aria-current="page">Settings</a>' in response.text


def test_saving_switches_the_language_and_stores_the_e_mail_choices() -> None:
    user = user_with(Role.PARTNER_FOCAL_POINT, Role.EXPERT)
    client = client_for(user)

    response = client.post(
        SETTINGS_URL, {"preferred_language": "pt", "email_topics": ["deployment_invitations"]}
    )

    assert response.status_code == 302
    assert response["Location"] == SETTINGS_URL
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "pt"
    user.refresh_from_db()
    assert user.preferred_language == "pt"
    assert list(EmailOptOut.objects.values_list("user_id", "topic")) == [
        (user.pk, "request_updates")
    ]
    event = AuditEvent.objects.get(verb="user.settings_changed")
    assert (event.actor_id, event.object_id) == (user.pk, str(user.pk))
    assert event.before == {"preferred_language": "en", "email_topics_declined": []}
    assert event.after == {"preferred_language": "pt", "email_topics_declined": ["request_updates"]}
    page = client.get(SETTINGS_URL)
    assert page["Content-Language"] == "pt"
    assert page.context["form"].initial == {
        "preferred_language": "pt",
        "email_topics": ["deployment_invitations"],
    }


def test_ticking_a_topic_again_removes_the_opt_out() -> None:
    user = user_with(Role.EXPERT)
    EmailOptOut.objects.create(user=user, topic=EmailTopic.DEPLOYMENT_INVITATIONS)

    client_for(user).post(
        SETTINGS_URL, {"preferred_language": "en", "email_topics": ["deployment_invitations"]}
    )

    assert not EmailOptOut.objects.exists()


def test_saving_without_a_change_writes_no_audit_event() -> None:
    user = user_with(Role.EXPERT)

    response = client_for(user).post(
        SETTINGS_URL, {"preferred_language": "en", "email_topics": ["deployment_invitations"]}
    )

    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


def test_a_topic_not_offered_to_the_user_keeps_its_choice() -> None:
    """A former expert's opt-out of invitations stays while they are not offered the topic."""
    user = user_with(Role.PARTNER_FOCAL_POINT)
    EmailOptOut.objects.create(user=user, topic=EmailTopic.DEPLOYMENT_INVITATIONS)

    account_settings_update(
        actor=user, preferred_language="en", email_topics_wanted=["request_updates"]
    )

    assert list(EmailOptOut.objects.values_list("topic", flat=True)) == ["deployment_invitations"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"preferred_language": "de"}, "Select a valid choice. de is not one of the available"),
        ({}, "This field is required."),
        (
            {"preferred_language": "es", "email_topics": ["newsletters"]},
            "Select a valid choice. newsletters is not one of the available choices.",
        ),
        # Offered to experts only: a partner cannot decline it through the form either.
        (
            {"preferred_language": "es", "email_topics": ["deployment_invitations"]},
            "Select a valid choice. deployment_invitations is not one of the available choices.",
        ),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_changes_nothing(data, message) -> None:
    user = user_with(Role.PARTNER_FOCAL_POINT)

    response = client_for(user).post(SETTINGS_URL, data)

    assert response.status_code == 400
    assert message in response.text
    assert "Please correct the following; nothing was saved" in response.text
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert not EmailOptOut.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("language", "topics", "field"),
    [("de", [], "preferred_language"), ("es", ["newsletters"], "email_topics")],
)
def test_the_service_names_the_bad_field_and_changes_nothing(language, topics, field) -> None:
    user = user_with(Role.EXPERT)

    with pytest.raises(DomainError) as error:
        account_settings_update(actor=user, preferred_language=language, email_topics_wanted=topics)

    assert error.value.field == field
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert not AuditEvent.objects.exists()


def test_the_service_refuses_an_anonymous_actor() -> None:
    with pytest.raises(PermissionDenied):
        account_settings_update(
            actor=AnonymousUser(), preferred_language="es", email_topics_wanted=[]
        )


def test_signing_in_switches_the_site_to_the_preferred_language(client) -> None:
    user = user_with(Role.PARTNER_FOCAL_POINT)
    user.preferred_language = "fr"
    user.save()

    response = client.post("/accounts/login/", {"username": "carla", "password": PASSWORD})

    assert response.status_code == 302
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert client.get(SETTINGS_URL)["Content-Language"] == "fr"
