"""Users in the admin: an administrator sees which e-mails a user turned off, and cannot change
that choice for them."""

import pytest
from django.test import Client
from django.urls import reverse

from mieux.accounts.models import EmailOptOut, EmailTopic, User
from mieux.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_user_page_shows_the_e_mails_turned_off_read_only() -> None:
    root = User.objects.create_superuser("root", "root@example.org", "correct-horse-battery")
    ana = UserFactory(username="ana")
    EmailOptOut.objects.create(user=ana, topic=EmailTopic.DEPLOYMENT_INVITATIONS)
    client = Client()
    client.force_login(root)

    page = client.get(reverse("admin:accounts_user_change", args=[ana.pk])).content.decode()

    assert "Invitations to missions" in page
    # Read-only: no field to change the topic, no box to delete it, no row to add one.
    assert 'name="email_opt_outs-0-topic"' not in page
    assert 'name="email_opt_outs-0-DELETE"' not in page
    assert "Add another e-mail opt-out" not in page
