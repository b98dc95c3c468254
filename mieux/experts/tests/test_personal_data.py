"""`mieux export_personal_data` and `mieux erase_personal_data`: a person's data on request."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import (
    Deployment,
    Expert,
    ExpertType,
    Feedback,
    FeedbackSource,
    MissionReport,
    UnavailablePeriod,
)
from mieux.taxonomy.models import ThematicArea

EMAIL = "ana.perez@example.org"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def ana(expert, expert_user, officer, lima_workshop, june_training):
    """Ana Pérez, with an account and a full profile: CV, period, expertise, a completed
    deployment with a mission report naming her, an accepted one, and feedback she gave."""
    User.objects.filter(pk=expert_user.pk).update(
        email=EMAIL.upper(), first_name="Ana", last_name="Pérez"
    )
    area = ThematicArea.objects.create(code="IMT-THB", name_en="Trafficking in Human Beings")
    Expert.objects.filter(pk=expert.pk).update(
        email=EMAIL, biography="Born in Zaragoza.", keywords=["asylum"], publish_name=True
    )
    expert.refresh_from_db()
    expert.thematic_areas.add(area)
    expert.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 Ana's CV"))
    UnavailablePeriod.objects.create(
        expert=expert, start=lima_workshop.end_date, end=lima_workshop.end_date, note="Surgery"
    )
    done = services.deployment_propose(
        actor=officer, expert_id=expert.pk, activity_id=june_training.pk
    )
    for step in ("invite", "accept", "complete"):
        services.deployment_transition(actor=officer, deployment_id=done.pk, transition=step)
    MissionReport.objects.create(
        deployment=done,
        summary="Ana Pérez led the sessions with ana pérez's slides.",
        results="Guidelines drafted.",
        submitted_by=expert_user,
    )
    Feedback.objects.create(
        activity=june_training,
        source=FeedbackSource.EXPERT,
        author=expert_user,
        score=4,
        comment="My colleagues in Zaragoza will use it.",
    )
    return Expert.objects.get(pk=expert.pk)


def export(*args):
    out = StringIO()
    call_command("export_personal_data", *args, stdout=out)
    return json.loads(out.getvalue())


def test_export_holds_everything_about_the_person(ana, expert_user):
    document = export(EMAIL)

    assert [account["username"] for account in document["accounts"]] == ["ana"]
    assert document["accounts"][0]["roles"] == ["expert"]
    (profile,) = document["expert_profiles"]
    assert profile["full_name"] == "Ana Pérez"
    assert profile["email"] == EMAIL
    assert profile["biography"] == "Born in Zaragoza."
    assert profile["languages"] == [
        {"code": "en", "level": "C1"},
        {"code": "es", "level": "native"},
    ]
    assert profile["thematic_areas"] == ["IMT-THB"]
    assert profile["unavailable_periods"][0]["note"] == "Surgery"
    assert profile["cv"] == {"file_name": "cv.pdf"}
    assert [d["status"] for d in profile["deployments"]] == ["completed"]
    assert profile["deployments"][0]["mission_report"]["results"] == "Guidelines drafted."
    assert document["feedback_given"][0]["comment"] == "My colleagues in Zaragoza will use it."
    assert len(document["mission_reports_submitted"]) == 1
    assert document["audit_events_as_actor"]["count"] == 0


def test_export_to_a_file_with_the_cv(ana, tmp_path):
    output = tmp_path / "ana.json"

    call_command(
        "export_personal_data",
        EMAIL,
        "--output",
        str(output),
        "--with-files",
        str(tmp_path / "files"),
        verbosity=0,
    )

    document = json.loads(output.read_text(encoding="utf-8"))
    copied = document["expert_profiles"][0]["cv"]["copied_to"]
    assert Path(copied).read_bytes() == b"%PDF-1.4 Ana's CV"


def test_an_unknown_email_is_an_error_and_changes_nothing(ana):
    before = Expert.objects.get(pk=ana.pk)

    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("erase_personal_data", "nobody@example.org", "--yes")
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("export_personal_data", "nobody@example.org")

    assert Expert.objects.get(pk=ana.pk).full_name == before.full_name
    assert not AuditEvent.objects.filter(verb="expert.erased").exists()


def _state():
    return (
        list(Expert.objects.values()),
        list(User.objects.values()),
        list(MissionReport.objects.values()),
        list(Feedback.objects.values()),
        AuditEvent.objects.count(),
    )


def test_a_dry_run_changes_nothing(ana, capsys):
    before = _state()

    call_command("erase_personal_data", EMAIL, "--dry-run")

    assert _state() == before
    assert "would change" in capsys.readouterr().out


def test_erasure_without_confirmation_changes_nothing(ana, monkeypatch):
    before = _state()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("erase_personal_data", EMAIL)

    assert _state() == before


def test_erasure_anonymises_the_profile_and_the_account_and_keeps_deployments(
    ana, expert_user, django_capture_on_commit_callbacks
):
    cv_path = ana.cv.path
    statuses = dict(Deployment.objects.values_list("id", "status"))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_personal_data", EMAIL, "--yes", verbosity=0)

    expert = Expert.objects.get(pk=ana.pk)
    assert expert.full_name == f"Erased expert #{ana.pk}"
    assert (expert.email, expert.biography, expert.keywords, expert.cv.name) == ("", "", [], "")
    assert expert.consent_given_at is None
    assert expert.publish_name is False
    assert expert.status == "deactivated"
    assert expert.erased_at is not None
    assert not expert.languages.exists()
    assert not expert.unavailable_periods.exists()
    assert not expert.thematic_areas.exists()
    assert expert.institution is not None
    assert expert.expert_type == ExpertType.EU_MEMBER_STATE_ADMINISTRATION
    assert not Path(cv_path).exists()
    user = User.objects.get(pk=expert_user.pk)
    assert user.username == f"erased-{user.pk}"
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.roles == {"expert"}
    assert dict(Deployment.objects.values_list("id", "status")) == statuses
    report = MissionReport.objects.get()
    assert report.summary == "[erased] led the sessions with [erased]'s slides."
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.comment) == (4, "")
    event = AuditEvent.objects.get(verb="expert.erased")
    written = json.dumps([event.object_repr, event.before, event.after, event.reason])
    for personal in ("Ana", "Pérez", "ana.perez", "Zaragoza"):
        assert personal not in written


def test_an_erased_expert_is_named_nowhere_on_public_and_partner_pages(
    ana, client, action, expert_user
):
    partner = User.objects.create_user("partner", password="correct-horse-battery")
    institution = Institution.objects.create(
        name="Ministerio del Interior del Perú", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    Membership.objects.create(user=partner, role=Role.PARTNER_FOCAL_POINT, institution=institution)
    call_command("erase_personal_data", EMAIL, "--yes", verbosity=0)
    url = reverse("portfolio:action_detail", args=[action.slug])

    pages = [client.get(url).content.decode()]
    client.force_login(partner)
    pages.append(client.get(url).content.decode())

    for page in pages:
        assert "Ana Pérez" not in page
        assert "Erased expert" not in page
        assert "1 expert works or worked on this action." in page


def test_an_email_of_an_account_and_of_another_profile_erases_both(officer, expert_user):
    User.objects.filter(pk=expert_user.pk).update(email=EMAIL)
    profile = services.expert_create(
        actor=officer,
        full_name="Ana P. (profile without account)",
        email=EMAIL,
        expert_type=ExpertType.ACADEMIA,
    )

    call_command("erase_personal_data", EMAIL, "--yes", verbosity=0)

    assert Expert.objects.get(pk=profile.pk).erased_at is not None
    assert User.objects.get(pk=expert_user.pk).username == f"erased-{expert_user.pk}"
    assert AuditEvent.objects.filter(verb="user.erased").count() == 1
