"""The roster pages: the staff's list and expert page, the CV download, the invitation and
status changes, the set-password page of an invitation."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.core.models import AuditEvent
from mieux.experts import profiles, services
from mieux.experts.models import Expert, ExpertType
from mieux.geo.models import Country
from mieux.taxonomy.models import ThematicArea

from .test_profiles_services import pdf

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def manager(db):
    user = User.objects.create_user("manager", password=PASSWORD)
    Membership.objects.create(user=user, role=Role.PROGRAMME_MANAGER)
    return user


@pytest.fixture
def ana(expert, expert_user):
    """Ana with contact data: an e-mail, a CV, a period with a private note."""
    profiles.expert_update(actor=expert_user, expert_id=expert.pk, email="ana@example.org")
    profiles.expert_upload_cv(actor=expert_user, expert_id=expert.pk, upload=pdf())
    profiles.unavailable_period_add(
        actor=expert_user,
        expert_id=expert.pk,
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2026, 9, 30),
        note="Surgery",
    )
    expert.refresh_from_db()
    return expert


# --- the roster list -------------------------------------------------------------------------


def test_staff_see_the_roster(client, officer, ana, other_expert):
    client.force_login(officer)

    response = client.get(reverse("experts:roster"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ana Pérez" in content
    assert "Bruno Silva" in content
    assert "2 experts" in content


@pytest.mark.parametrize("who", ["expert_user", "other_expert_user"])
def test_others_may_not_see_the_roster(client, who, request, expert):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("experts:roster")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("experts:roster"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def roster_world(officer, expert, other_expert, home_institution):
    """Ana: Spanish native, in Spain, border management; Bruno: Spanish B1, no institution,
    invited, legal migration."""
    pillar = ThematicArea.objects.create(code="IMT", name_en="Irregular migration")
    border = ThematicArea.objects.create(code="IMT-BOR", name_en="Borders", parent=pillar)
    legal = ThematicArea.objects.create(code="LMX", name_en="Legal migration")
    profiles.expert_update(
        actor=officer, expert_id=expert.pk, thematic_areas=[border], keywords=["asylum"]
    )
    profiles.expert_update(actor=officer, expert_id=other_expert.pk, thematic_areas=[legal])
    profiles.expert_set_languages(
        actor=officer, expert_id=other_expert.pk, languages={"es": "B1", "pt": "native"}
    )
    Expert.objects.filter(pk=other_expert.pk).update(status="invited")
    return {"pillar": pillar, "legal": legal}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("thematic_area={pillar}", ["Ana Pérez"]),  # the pillar includes its areas
        ("thematic_area={legal}", ["Bruno Silva"]),
        ("language=es", ["Ana Pérez", "Bruno Silva"]),
        ("language=es&min_level=B2", ["Ana Pérez"]),
        ("language=pt&min_level=C2", ["Bruno Silva"]),  # native is above C2
        ("country={spain}", ["Ana Pérez"]),
        ("status=invited", ["Bruno Silva"]),
        ("q=asyl", ["Ana Pérez"]),
        ("q=ministerio", ["Ana Pérez"]),
    ],
)
def test_the_roster_filters(client, officer, roster_world, spain, query, names):
    client.force_login(officer)
    values = {"pillar": roster_world["pillar"].pk, "legal": roster_world["legal"].pk}

    response = client.get(reverse("experts:roster") + "?" + query.format(spain=spain.pk, **values))

    assert response.status_code == 200
    assert [expert.full_name for expert in response.context["page"].object_list] == names


def test_a_minimum_level_without_a_language_is_explained(client, officer, roster_world):
    client.force_login(officer)

    response = client.get(reverse("experts:roster") + "?min_level=B2")

    assert response.status_code == 400
    assert "Choose the language the minimum level is about." in response.content.decode()


def test_the_roster_s_queries_do_not_grow_with_its_rows(
    client, officer, home_institution, django_assert_max_num_queries
):
    theme = ThematicArea.objects.create(code="IMT", name_en="Irregular migration")

    def add(count: int) -> None:
        for number in range(count):
            expert = services.expert_create(
                actor=officer,
                full_name=f"Expert {Expert.objects.count() + number:03d}",
                expert_type=ExpertType.ACADEMIA,
                institution=home_institution,
                thematic_areas=[theme],
                languages={"es": "C1", "en": "B2"},
            )
            assert expert.pk

    client.force_login(officer)
    add(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("experts:roster")).status_code == 200
    add(23)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("experts:roster") + "?language=es").status_code == 200


# --- an expert's page and CV -----------------------------------------------------------------


def test_staff_see_everything_on_an_expert_s_page(
    client, officer, ana, expert_user, invite, lima_workshop
):
    deployment = invite(ana, lima_workshop)
    services.deployment_transition(
        actor=expert_user, deployment_id=deployment.pk, transition="accept"
    )
    client.force_login(officer)

    response = client.get(reverse("experts:expert_detail", args=[ana.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "ana@example.org" in content
    assert reverse("experts:expert_cv", args=[ana.pk]) in content
    assert "Surgery" in content
    assert "Spanish (Native)" in content
    assert "Lima workshop" in content
    assert "Accepted" in content
    assert 'name="action" value="verify"' in content
    assert 'name="action" value="deactivate"' in content


def test_the_expert_is_sent_from_their_page_to_their_profile(client, ana, expert_user):
    client.force_login(expert_user)

    response = client.get(reverse("experts:expert_detail", args=[ana.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("experts:my_profile")


def test_the_cv_is_downloaded_as_an_attachment(client, officer, ana):
    client.force_login(officer)

    response = client.get(reverse("experts:expert_cv", args=[ana.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cv-ana-perez.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_expert_downloads_their_own_cv_and_nobody_else_does(
    client, ana, expert_user, other_expert_user
):
    url = reverse("experts:expert_cv", args=[ana.pk])
    client.force_login(expert_user)
    assert client.get(url).status_code == 200

    client.force_login(other_expert_user)
    assert client.get(url).status_code == 404


def test_no_cv_is_a_404(client, officer, other_expert):
    client.force_login(officer)

    assert client.get(reverse("experts:expert_cv", args=[other_expert.pk])).status_code == 404


# --- invitation and status -------------------------------------------------------------------


def test_staff_invite_an_expert_who_then_chooses_a_password(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("experts:expert_invite"),
            {
                "full_name": "Carla Rossi",
                "email": "carla@example.org",
                "expert_type": ExpertType.ACADEMIA,
                "language": "pt",
            },
        )

    carla = Expert.objects.get(full_name="Carla Rossi")
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:expert_detail", args=[carla.pk])
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/experts/welcome/" in line)
    assert link.startswith("http://testserver/experts/welcome/")
    client.logout()

    # The link leads to the form (Django moves the token into the session first).
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Tagus-river-2026", "new_password2": "Tagus-river-2026"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:login")
    # Set through the accounts' one write path, audited as a first password.
    assert AuditEvent.objects.filter(
        verb="user.password_set", object_id=str(carla.user_id), actor_id=carla.user_id
    ).exists()
    assert client.login(username="carla@example.org", password="Tagus-river-2026")
    client.logout()
    # The link works once.
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link does not work any more" in again.content.decode()


def test_a_refused_invitation_keeps_what_was_typed(client, officer, expert):
    profiles.expert_update(actor=officer, expert_id=expert.pk, email="ana@example.org")
    client.force_login(officer)

    response = client.post(
        reverse("experts:expert_invite"),
        {
            "full_name": "Ana Again",
            "email": "ana@example.org",
            "expert_type": ExpertType.ACADEMIA,
            "language": "es",
        },
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Another expert on the roster has the e-mail ana@example.org." in content
    assert 'value="Ana Again"' in content
    assert Expert.objects.count() == 1


def test_only_staff_may_open_the_invitation_form(client, expert_user):
    client.force_login(expert_user)

    assert client.get(reverse("experts:expert_invite")).status_code == 403


def test_staff_deactivate_with_a_reason_and_see_open_deployments(
    client, officer, expert, invite, lima_workshop
):
    invite(expert, lima_workshop)
    client.force_login(officer)
    url = reverse("experts:expert_status", args=[expert.pk])

    refused = client.post(url, {"action": "deactivate", "reason": ""})
    assert refused.status_code == 400
    assert "Give a reason for deactivating this expert." in refused.content.decode()

    done = client.post(url, {"action": "deactivate", "reason": "Left."}, follow=True)

    expert.refresh_from_db()
    assert expert.status == "deactivated"
    content = done.content.decode()
    assert "Ana Pérez is now “Deactivated”." in content
    assert "These deployments are still open" in content
    assert "Lima workshop" in content
    assert AuditEvent.objects.filter(verb="expert.deactivated", reason="Left.").exists()


def test_a_verification_without_consent_is_explained_on_the_page(client, officer, other_expert):
    Expert.objects.filter(pk=other_expert.pk).update(consent_given_at=None, status="invited")
    client.force_login(officer)

    response = client.post(
        reverse("experts:expert_status", args=[other_expert.pk]), {"action": "verify"}
    )

    assert response.status_code == 400
    assert "Bruno Silva has not consented" in response.content.decode()


def test_an_expert_may_not_change_their_own_status(client, expert, expert_user):
    client.force_login(expert_user)

    response = client.post(
        reverse("experts:expert_status", args=[expert.pk]), {"action": "deactivate", "reason": "x"}
    )

    assert response.status_code == 403
    expert.refresh_from_db()
    assert expert.status == "active"


# --- contact data: staff and the expert themself only (issue 4, item 5) ---------------------


@pytest.fixture
def outsiders(db, other_expert_user):
    """A partner of each of two institutions, a steering member, a knowledge manager, another
    expert, and None for the anonymous visitor."""
    mexico = Country.objects.create(iso2="MX", iso3="MEX", numeric="484", name_en="Mexico")
    users = {}
    for name, institution in (("partner", "INM"), ("other_partner", "Mininter")):
        user = User.objects.create_user(name, password=PASSWORD)
        home = Institution.objects.create(
            name=institution, kind=InstitutionKind.NATIONAL_AUTHORITY, country=mexico
        )
        Membership.objects.create(user=user, role=Role.PARTNER_FOCAL_POINT, institution=home)
        users[name] = user
    for name, role in (("steering", Role.STEERING_MEMBER), ("knowledge", Role.KNOWLEDGE_MANAGER)):
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=users[name], role=role)
    users["other_expert"] = other_expert_user
    users["anonymous"] = None
    return users


def test_nobody_else_sees_an_expert_s_contact_data_on_any_roster_page(
    client, ana, other_expert, outsiders
):
    cv_url = reverse("experts:expert_cv", args=[ana.pk])
    pages = [
        ("get", reverse("experts:roster"), {}),
        ("get", reverse("experts:roster") + "?q=ana", {}),
        ("get", reverse("experts:expert_detail", args=[ana.pk]), {}),
        ("get", cv_url, {}),
        ("get", reverse("experts:expert_invite"), {}),
        ("post", reverse("experts:expert_status", args=[ana.pk]), {"action": "verify"}),
        ("get", reverse("experts:my_profile"), {}),
        ("get", reverse("experts:deployment_list"), {}),
    ]
    for role, user in outsiders.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for method, url, data in pages:
            response = getattr(client, method)(url, data, follow=True)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            where = f"{role} {method} {url}"
            assert b"ana@example.org" not in body, where
            assert f'href="{cv_url}"'.encode() not in body, where
            assert b"%PDF-" not in body, where
            assert b"Surgery" not in body, where
            assert response.status_code in {200, 403, 404}, where
