"""The expert's own profile page: `experts:my_profile`."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mieux.accounts.models import Membership, Role, User
from mieux.experts import services
from mieux.experts.models import Expert, ExpertType, UnavailablePeriod

from .test_profiles_services import pdf

URL = "/experts/me/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def profile_data(**changes):
    data = {
        "intent": "profile",
        "full_name": "Ana Pérez",
        "email": "ana@example.org",
        "expert_type": ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        "keywords": "asylum, child protection, asylum",
        "max_days_per_year": "40",
        "biography": "Asylum officer.",
        "publish_name": "on",
        "languages-TOTAL_FORMS": "3",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "20",
        "languages-0-code": "es",
        "languages-0-level": "native",
        "languages-1-code": "pt",
        "languages-1-level": "B2",
        "languages-2-code": "",
        "languages-2-level": "",
    }
    return data | changes


def test_the_url_is_the_one_the_navigation_links():
    assert reverse("experts:my_profile") == URL


def test_users_who_are_not_experts_get_a_403(client, officer):
    client.force_login(officer)

    assert client.get(URL).status_code == 403


def test_an_expert_sees_their_own_profile(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Ana Pérez"' in content
    assert "You gave your consent on" in content
    assert response.context["language_formset"].initial == [
        {"code": "en", "level": "C1"},
        {"code": "es", "level": "native"},
    ]


def test_an_expert_saves_their_profile_and_languages(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.post(URL, profile_data())

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.email == "ana@example.org"
    assert expert.keywords == ["asylum", "child protection"]
    assert expert.max_days_per_year == 40
    assert expert.publish_name is True
    assert sorted(expert.languages.values_list("code", "level")) == [
        ("es", "native"),
        ("pt", "B2"),
    ]


def test_a_form_error_keeps_what_was_typed_and_saves_nothing(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.post(URL, profile_data(full_name="Ana Typed", max_days_per_year="0"))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Please correct the following; nothing was saved" in content
    assert 'value="Ana Typed"' in content
    expert.refresh_from_db()
    assert expert.full_name == "Ana Pérez"


def test_a_language_listed_twice_is_explained_and_nothing_is_saved(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.post(
        URL,
        profile_data(
            full_name="Ana Typed", **{"languages-1-code": "es", "languages-1-level": "B1"}
        ),
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "The language “es” is listed twice." in content
    assert 'value="Ana Typed"' in content
    expert.refresh_from_db()
    # The profile's fields were saved in the same transaction as the languages: undone too.
    assert expert.full_name == "Ana Pérez"
    assert sorted(expert.languages.values_list("code", flat=True)) == ["en", "es"]


def test_a_half_filled_language_row_is_explained(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.post(URL, profile_data(**{"languages-1-level": ""}))

    assert response.status_code == 400
    assert "Choose the level for this language." in response.content.decode()


def test_an_expert_without_a_profile_creates_it(client, db):
    user = User.objects.create_user("carla", password="x")
    Membership.objects.create(user=user, role=Role.EXPERT)
    client.force_login(user)
    assert "You have no profile on the roster yet." in client.get(URL).content.decode()

    response = client.post(URL, profile_data(full_name="Carla Rossi", email=""))

    assert response.status_code == 302
    carla = Expert.objects.get(user=user)
    assert (carla.full_name, carla.status, carla.publish_name) == ("Carla Rossi", "invited", True)
    assert carla.languages.count() == 2


def test_an_expert_adds_and_removes_a_period(client, expert, expert_user):
    client.force_login(expert_user)

    client.post(
        URL, {"intent": "period_add", "start": "2026-08-01", "end": "2026-08-15", "note": "Leave"}
    )
    period = UnavailablePeriod.objects.get(expert=expert)
    assert (period.start, period.note) == (datetime.date(2026, 8, 1), "Leave")
    assert "Leave" in client.get(URL).content.decode()

    client.post(URL, {"intent": "period_remove", "period_id": str(period.pk)})

    assert not UnavailablePeriod.objects.exists()


def test_a_bad_period_keeps_what_was_typed(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.post(
        URL, {"intent": "period_add", "start": "2026-08-15", "end": "2026-08-01", "note": "Typed"}
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "The last day (2026-08-01) is before the first day (2026-08-15)." in content
    assert 'value="Typed"' in content
    assert 'value="2026-08-15"' in content
    assert not UnavailablePeriod.objects.exists()


def test_a_period_meeting_an_accepted_deployment_names_it(
    client, expert, expert_user, invite, lima_workshop
):
    deployment = invite(expert, lima_workshop)
    services.deployment_transition(
        actor=expert_user, deployment_id=deployment.pk, transition="accept"
    )
    client.force_login(expert_user)

    response = client.post(
        URL, {"intent": "period_add", "start": "2026-05-01", "end": "2026-05-31"}
    )

    assert response.status_code == 400
    assert "has accepted to work on “Lima workshop”" in response.content.decode()


def test_another_expert_s_period_cannot_be_removed(
    client, expert, expert_user, other_expert, other_expert_user
):
    period = UnavailablePeriod.objects.create(
        expert=expert, start=datetime.date(2026, 8, 1), end=datetime.date(2026, 8, 2)
    )
    client.force_login(other_expert_user)

    response = client.post(URL, {"intent": "period_remove", "period_id": str(period.pk)})

    assert response.status_code == 404
    assert UnavailablePeriod.objects.count() == 1


def test_an_expert_uploads_replaces_and_removes_their_cv(client, expert, expert_user):
    client.force_login(expert_user)

    refused = client.post(
        URL, {"intent": "cv_upload", "cv": SimpleUploadedFile("cv.pdf", b"<html>no</html>")}
    )
    assert refused.status_code == 400
    assert refused.context["cv_form"].errors["cv"] == [
        "This file is an HTML page, which is not accepted here. Accepted: a PDF document, "
        "a Word document (.docx), an OpenDocument text (.odt)."
    ]

    assert client.post(URL, {"intent": "cv_upload", "cv": pdf()}).status_code == 302
    expert.refresh_from_db()
    assert expert.cv.name == f"experts/{expert.pk}/cv.pdf"
    assert reverse("experts:expert_cv", args=[expert.pk]) in client.get(URL).content.decode()

    assert client.post(URL, {"intent": "cv_remove"}).status_code == 302
    expert.refresh_from_db()
    assert expert.cv.name == ""


def test_an_expert_withdraws_and_gives_consent(client, expert, expert_user):
    client.force_login(expert_user)

    client.post(URL, {"intent": "consent_withdraw"})
    expert.refresh_from_db()
    assert expert.consent_given_at is None
    assert "You withdrew your consent on" in client.get(URL).content.decode()

    unticked = client.post(URL, {"intent": "consent_give"})
    assert unticked.status_code == 400
    assert "Tick the box to give your consent." in unticked.content.decode()

    client.post(URL, {"intent": "consent_give", "consent": "on"})
    expert.refresh_from_db()
    assert expert.consent_given_at is not None


def test_an_unknown_intent_changes_nothing(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.post(URL, {"intent": "delete_everything"}, follow=True)

    assert "That could not be understood. Nothing was changed." in response.content.decode()
    assert Expert.objects.filter(pk=expert.pk).exists()
