"""Every request e-mail links to the request, on MIEUX_SITE_URL, under a sentence in the
recipient's language; everyone concerned is notified in mieux as well."""

import pytest
from django.core import mail
from django.urls import resolve

from mieux.accounts.models import EmailOptOut, EmailTopic, Membership, Role
from mieux.accounts.tests.factories import CountryFactory, InstitutionFactory, UserFactory
from mieux.inbox.models import Notification
from mieux.intake import services
from mieux.intake.models import AssistanceRequest
from mieux.portfolio.tests.factories import PillarFactory

pytestmark = pytest.mark.django_db

SITE = "https://mieux.example.org"
SENTENCES = {
    "en": "You can follow the request in mieux.",
    "es": "Puede seguir la solicitud en mieux.",
    "fr": "Vous pouvez suivre la demande dans mieux.",
}


def _draft(partner) -> AssistanceRequest:
    """A draft ready to be submitted."""
    return services.request_create(
        actor=partner,
        title="Border data",
        country=CountryFactory(),
        languages=["es"],
        thematic_areas=[PillarFactory()],
        context="No shared data on crossings.",
        objective="A common data model.",
    )


def test_each_request_e_mail_links_to_the_request_in_the_reader_s_language(
    settings, django_capture_on_commit_callbacks
) -> None:
    settings.MIEUX_SITE_URL = SITE
    partner = UserFactory(username="partner", preferred_language="es")
    Membership.objects.create(
        user=partner, role=Role.PARTNER_FOCAL_POINT, institution=InstitutionFactory()
    )
    for username, language in (("officer", "fr"), ("other_officer", "en")):
        user = UserFactory(username=username, preferred_language=language)
        Membership.objects.create(user=user, role=Role.PROJECT_OFFICER)
    draft = _draft(partner)

    with django_capture_on_commit_callbacks(execute=True):
        services.request_transition(actor=partner, request_id=draft.pk, transition="submit")

    link = f"{SITE}/requests/{draft.pk}/"
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert sorted(bodies) == ["officer@example.org", "other_officer@example.org"]
    for address, language in (("officer@example.org", "fr"), ("other_officer@example.org", "en")):
        assert f"{SENTENCES[language]}\n{link}\n" in bodies[address]
    match = resolve(link.removeprefix(SITE))
    assert (match.view_name, match.kwargs) == ("intake:request_detail", {"request_id": draft.pk})


def test_each_person_concerned_is_notified_in_mieux_even_without_the_e_mail(
    django_capture_on_commit_callbacks,
) -> None:
    partner = UserFactory(username="partner")
    Membership.objects.create(
        user=partner, role=Role.PARTNER_FOCAL_POINT, institution=InstitutionFactory()
    )
    officer = UserFactory(username="officer", preferred_language="es")
    Membership.objects.create(user=officer, role=Role.PROJECT_OFFICER)
    declined = UserFactory(username="declined")
    Membership.objects.create(user=declined, role=Role.PROJECT_OFFICER)
    EmailOptOut.objects.create(user=declined, topic=EmailTopic.REQUEST_UPDATES)
    draft = _draft(partner)

    with django_capture_on_commit_callbacks(execute=True):
        services.request_transition(actor=partner, request_id=draft.pk, transition="submit")

    assert [message.to for message in mail.outbox] == [["officer@example.org"]]
    notified = {
        notification.user.username: (notification.text, notification.url)
        for notification in Notification.objects.select_related("user")
    }
    assert notified == {
        "officer": (mail.outbox[0].subject, f"/requests/{draft.pk}/"),
        "declined": (
            f"Request #{draft.pk} “Border data” is now Submitted",
            f"/requests/{draft.pk}/",
        ),
    }
