"""Every request e-mail links to the request, on MIEUX_SITE_URL, under a sentence in the
recipient's language."""

import pytest
from django.core import mail
from django.urls import resolve

from mieux.accounts.models import Membership, Role
from mieux.accounts.tests.factories import CountryFactory, InstitutionFactory, UserFactory
from mieux.intake import services
from mieux.portfolio.tests.factories import PillarFactory

pytestmark = pytest.mark.django_db

SITE = "https://mieux.example.org"
SENTENCES = {
    "en": "You can follow the request in mieux.",
    "es": "Puede seguir la solicitud en mieux.",
    "fr": "Vous pouvez suivre la demande dans mieux.",
}


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
    draft = services.request_create(
        actor=partner,
        title="Border data",
        country=CountryFactory(),
        languages=["es"],
        thematic_areas=[PillarFactory()],
        context="No shared data on crossings.",
        objective="A common data model.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.request_transition(actor=partner, request_id=draft.pk, transition="submit")

    link = f"{SITE}/requests/{draft.pk}/"
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert sorted(bodies) == ["officer@example.org", "other_officer@example.org"]
    for address, language in (("officer@example.org", "fr"), ("other_officer@example.org", "en")):
        assert f"{SENTENCES[language]}\n{link}\n" in bodies[address]
    match = resolve(link.removeprefix(SITE))
    assert (match.view_name, match.kwargs) == ("intake:request_detail", {"request_id": draft.pk})
