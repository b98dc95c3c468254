"""What an expert maintains on their own profile (and staff for them): `mieux.experts.profiles`."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.core.tests import documents
from mieux.experts import profiles, services
from mieux.experts.models import Expert, ExpertType, UnavailablePeriod
from mieux.taxonomy.models import ThematicArea

from .conftest import CONSENTED


def events(expert: Expert, verb: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="experts.expert", object_id=str(expert.pk), verb=verb)
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def pdf(name: str = "cv.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.7\n" + b"0" * size + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def package(name: str, entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def docx() -> SimpleUploadedFile:
    return package("cv.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})


def odt() -> SimpleUploadedFile:
    return package(
        "cv.odt",
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
    )


# --- expert_update ---------------------------------------------------------------------------


def test_an_expert_updates_their_own_profile_with_an_audit_event(expert, expert_user):
    theme = ThematicArea.objects.create(code="IM-BOR", name_en="Border management")

    profiles.expert_update(
        actor=expert_user,
        expert_id=expert.pk,
        full_name=" Ana Pérez García ",
        email="ana@example.org",
        thematic_areas=[theme],
        keywords=[" asylum "],
        max_days_per_year=30,
        biography="Asylum officer.",
        publish_name=True,
    )

    expert.refresh_from_db()
    assert expert.full_name == "Ana Pérez García"
    assert expert.email == "ana@example.org"
    assert expert.keywords == ["asylum"]
    assert expert.max_days_per_year == 30
    assert expert.publish_name is True
    assert list(expert.thematic_areas.values_list("code", flat=True)) == ["IM-BOR"]
    [event] = events(expert, "expert.updated")
    assert event.actor == expert_user
    assert event.before["full_name"] == "Ana Pérez"
    assert event.after["full_name"] == "Ana Pérez García"
    assert event.after["thematic_areas"] == ["IM-BOR"]
    # Fields not given stay as they were.
    assert expert.expert_type == ExpertType.EU_MEMBER_STATE_ADMINISTRATION


def test_an_update_that_changes_nothing_writes_no_event(expert, expert_user):
    profiles.expert_update(actor=expert_user, expert_id=expert.pk, full_name="Ana Pérez")

    assert events(expert, "expert.updated") == []


def test_staff_update_any_profile(expert, officer):
    profiles.expert_update(actor=officer, expert_id=expert.pk, max_days_per_year=10)

    expert.refresh_from_db()
    assert expert.max_days_per_year == 10


def test_another_expert_cannot_find_the_profile_to_update(expert, other_expert_user):
    with pytest.raises(NotFound):
        profiles.expert_update(actor=other_expert_user, expert_id=expert.pk, full_name="Mallory")

    expert.refresh_from_db()
    assert expert.full_name == "Ana Pérez"
    assert events(expert, "expert.updated") == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": "  "}, "full_name", "A full name is required."),
        ({"email": "not-an-address"}, "email", "“not-an-address” is not a valid e-mail address."),
        ({"expert_type": "wizard"}, "expert_type", "Choose a valid expert type."),
        (
            {"max_days_per_year": 0},
            "max_days_per_year",
            "The maximum days per year must be a whole number of at least 1.",
        ),
        (
            {"biography": "x" * 3001},
            "biography",
            "The biography may be at most 3000 characters long.",
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(expert, expert_user, changes, field, message):
    with pytest.raises(DomainError) as error:
        profiles.expert_update(actor=expert_user, expert_id=expert.pk, **changes)

    assert (error.value.field, error.value.message) == (field, message)
    expert.refresh_from_db()
    assert expert.full_name == "Ana Pérez"
    assert expert.email == ""
    assert events(expert, "expert.updated") == []


def test_staff_are_told_that_another_expert_has_the_e_mail(expert, other_expert, officer):
    profiles.expert_update(actor=officer, expert_id=other_expert.pk, email="Bruno@example.org")

    with pytest.raises(Conflict) as error:
        profiles.expert_update(actor=officer, expert_id=expert.pk, email="bruno@EXAMPLE.org")

    assert error.value.message == "Another expert on the roster has the e-mail bruno@EXAMPLE.org."
    expert.refresh_from_db()
    assert expert.email == ""


def test_an_expert_cannot_probe_the_roster_for_other_people_s_e_mail(
    expert, other_expert, officer, expert_user
):
    profiles.expert_update(actor=officer, expert_id=other_expert.pk, email="bruno@example.org")

    profiles.expert_update(actor=expert_user, expert_id=expert.pk, email="bruno@example.org")

    expert.refresh_from_db()
    assert expert.email == "bruno@example.org"


def test_an_erased_profile_cannot_be_changed(expert, expert_user):
    Expert.objects.filter(pk=expert.pk).update(erased_at=CONSENTED)

    with pytest.raises(Conflict) as error:
        profiles.expert_update(actor=expert_user, expert_id=expert.pk, full_name="Ana")

    assert error.value.message == "This profile was erased on request and can no longer be changed."


# --- languages -------------------------------------------------------------------------------


def test_an_expert_replaces_their_languages(expert, expert_user):
    profiles.expert_set_languages(
        actor=expert_user, expert_id=expert.pk, languages=[(" PT ", "B2"), ("es", "native")]
    )

    assert sorted(expert.languages.values_list("code", "level")) == [
        ("es", "native"),
        ("pt", "B2"),
    ]
    [event] = events(expert, "expert.languages_set")
    assert event.before["languages"] == {"en": "C1", "es": "native"}
    assert event.after["languages"] == {"es": "native", "pt": "B2"}


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ([("xx", "B2")], "Languages must be ISO 639-1 codes such as “es” or “pt”."),
        ([("es", "B3")], "Language levels are A1, A2, B1, B2, C1, C2 or native."),
        ([("es", "B2"), ("ES", "C1")], "The language “es” is listed twice."),
        ([], "An active expert needs at least one language."),
    ],
)
def test_bad_languages_are_refused(expert, expert_user, languages, message):
    with pytest.raises(DomainError) as error:
        profiles.expert_set_languages(actor=expert_user, expert_id=expert.pk, languages=languages)

    assert (error.value.field, error.value.message) == ("languages", message)
    assert sorted(expert.languages.values_list("code", flat=True)) == ["en", "es"]
    assert events(expert, "expert.languages_set") == []


def test_an_invited_expert_may_have_no_language_yet(officer, expert_user):
    invited = services.expert_create(
        actor=officer, user=expert_user, full_name="Ana", expert_type=ExpertType.ACADEMIA,
        languages={"fr": "A2"},
    )  # fmt: skip

    profiles.expert_set_languages(actor=expert_user, expert_id=invited.pk, languages={})

    assert invited.languages.count() == 0


# --- unavailable periods ---------------------------------------------------------------------


def test_an_expert_adds_and_removes_an_unavailable_period(expert, expert_user):
    period = profiles.unavailable_period_add(
        actor=expert_user,
        expert_id=expert.pk,
        start=datetime.date(2026, 8, 1),
        end=datetime.date(2026, 8, 31),
        note=" Holidays ",
    )

    assert (period.start, period.end, period.note) == (
        datetime.date(2026, 8, 1),
        datetime.date(2026, 8, 31),
        "Holidays",
    )
    [added] = events(expert, "expert.unavailable_period_added")
    assert added.before == {"unavailable_periods": []}
    assert added.after["unavailable_periods"][0]["start"] == "2026-08-01"

    profiles.unavailable_period_remove(actor=expert_user, period_id=period.pk)

    assert not UnavailablePeriod.objects.exists()
    [removed] = events(expert, "expert.unavailable_period_removed")
    assert removed.after == {"unavailable_periods": []}


def test_a_period_ending_before_it_starts_is_refused(expert, expert_user):
    with pytest.raises(DomainError) as error:
        profiles.unavailable_period_add(
            actor=expert_user,
            expert_id=expert.pk,
            start=datetime.date(2026, 8, 31),
            end=datetime.date(2026, 8, 1),
        )

    assert error.value.field == "end"
    assert error.value.message == "The last day (2026-08-01) is before the first day (2026-08-31)."
    assert not UnavailablePeriod.objects.exists()


def test_a_period_meeting_an_accepted_deployment_is_refused_naming_it(
    expert, expert_user, invite, lima_workshop, cusco_visit
):
    accepted = invite(expert, lima_workshop)
    services.deployment_transition(
        actor=expert_user, deployment_id=accepted.pk, transition="accept"
    )

    with pytest.raises(Conflict) as error:
        profiles.unavailable_period_add(
            actor=expert_user,
            expert_id=expert.pk,
            start=datetime.date(2026, 5, 8),
            end=datetime.date(2026, 5, 20),
        )

    assert error.value.code == ErrorCode.OVERLAPPING_DEPLOYMENT
    assert error.value.message == (
        "Ana Pérez has accepted to work on “Lima workshop” from 2026-05-04 to 2026-05-08, which "
        "falls in this period. The facility must release that deployment first."
    )
    assert not UnavailablePeriod.objects.exists()


def test_an_invitation_not_yet_accepted_does_not_block_a_period(
    expert, expert_user, invite, lima_workshop
):
    invite(expert, lima_workshop)

    profiles.unavailable_period_add(
        actor=expert_user,
        expert_id=expert.pk,
        start=datetime.date(2026, 5, 1),
        end=datetime.date(2026, 5, 31),
    )

    assert UnavailablePeriod.objects.count() == 1


def test_another_expert_cannot_remove_a_period(expert, expert_user, other_expert_user):
    period = profiles.unavailable_period_add(
        actor=expert_user,
        expert_id=expert.pk,
        start=datetime.date(2026, 8, 1),
        end=datetime.date(2026, 8, 2),
    )

    with pytest.raises(NotFound):
        profiles.unavailable_period_remove(actor=other_expert_user, period_id=period.pk)

    assert UnavailablePeriod.objects.count() == 1


# --- CV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [pdf, docx, odt])
def test_an_expert_uploads_a_cv_as_pdf_docx_or_odt(expert, expert_user, media, make):
    upload = make()

    profiles.expert_upload_cv(actor=expert_user, expert_id=expert.pk, upload=upload)

    expert.refresh_from_db()
    suffix = upload.name.rsplit(".", 1)[1]
    assert expert.cv.name == f"experts/{expert.pk}/cv.{suffix}"
    assert (media / expert.cv.name).exists()
    [event] = events(expert, "expert.cv_uploaded")
    assert (event.before["cv"], event.after["cv"]) == ("", expert.cv.name)


CV_ACCEPTED = "Accepted: a PDF document, a Word document (.docx), an OpenDocument text (.odt)."


@pytest.mark.parametrize(
    ("upload", "code", "message"),
    [
        (
            SimpleUploadedFile("cv.txt", b"%PDF-1.7 but text"),
            "invalid_file",
            "The file is named “cv.txt”, but its content is a PDF document, not .txt.",
        ),
        (SimpleUploadedFile("cv.pdf", b""), "invalid_file", "The file is empty."),
        (
            SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 an executable", "application/pdf"),
            "invalid_file",
            "This file is a Windows program, which is not accepted here. " + CV_ACCEPTED,
        ),
        (
            SimpleUploadedFile("cv.docx", b"PK\x03\x04 not really a zip"),
            "invalid_file",
            "The file is a ZIP package that cannot be opened; it is damaged.",
        ),
        (
            package("cv.odt", {"word/document.xml": b"<w/>"}),
            "invalid_file",
            "This file is a ZIP archive, which is not accepted here. " + CV_ACCEPTED,
        ),
        (
            package("cv.docx", {"mimetype": b"application/vnd.oasis.opendocument.text"}),
            "invalid_file",
            "The file is named “cv.docx”, but its content is an OpenDocument text (.odt), "
            "not .docx.",
        ),
        (
            SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n<iframe src=//x>", "application/pdf"),
            "invalid_file",
            "The file is a PDF document but also holds HTML (“<iframe”), which a browser could "
            "run; such files are refused. Save it again as a clean file.",
        ),
        (
            SimpleUploadedFile("cv.docx", documents.bomb_docx()),
            "invalid_file",
            "The package would unpack to more than 50.0\xa0MB, the most accepted.",
        ),
        (
            pdf(size=5 * 1024 * 1024),
            "file_too_large",
            "The file has 5.0\xa0MB; at most 5.0\xa0MB is accepted here.",
        ),
    ],
    ids=["extension", "empty", "exe", "broken-zip", "plain-zip", "odt-named-docx",
         "html-polyglot", "docx-200-mb-entry", "size"],
)  # fmt: skip
def test_a_file_that_is_not_an_acceptable_cv_is_refused(
    expert, expert_user, media, upload, code, message
):
    with pytest.raises(DomainError) as error:
        profiles.expert_upload_cv(actor=expert_user, expert_id=expert.pk, upload=upload)

    assert (error.value.field, str(error.value.code), error.value.message) == ("cv", code, message)
    expert.refresh_from_db()
    assert expert.cv.name == ""
    assert not media.exists() or not any(media.rglob("*.*"))
    assert events(expert, "expert.cv_uploaded") == []


def test_a_cv_is_stored_under_the_extension_its_content_has(expert, expert_user, media):
    upload = SimpleUploadedFile("Mi CV.PDF", documents.pdf(), "application/octet-stream")

    profiles.expert_upload_cv(actor=expert_user, expert_id=expert.pk, upload=upload)

    expert.refresh_from_db()
    assert expert.cv.name == f"experts/{expert.pk}/cv.pdf"
    assert (media / expert.cv.name).read_bytes() == documents.pdf()


def test_a_new_cv_replaces_the_old_file_once_committed(
    expert, expert_user, media, django_capture_on_commit_callbacks
):
    profiles.expert_upload_cv(actor=expert_user, expert_id=expert.pk, upload=pdf())
    expert.refresh_from_db()
    old = media / expert.cv.name

    with django_capture_on_commit_callbacks() as callbacks:
        profiles.expert_upload_cv(actor=expert_user, expert_id=expert.pk, upload=docx())
    # Until the commit, both files exist: a rollback would still have the old one.
    assert old.exists()
    for callback in callbacks:
        callback()

    expert.refresh_from_db()
    assert not old.exists()
    assert (media / expert.cv.name).exists()


def test_an_expert_removes_their_cv(expert, expert_user, media, django_capture_on_commit_callbacks):
    profiles.expert_upload_cv(actor=expert_user, expert_id=expert.pk, upload=pdf())
    expert.refresh_from_db()
    stored = media / expert.cv.name

    with django_capture_on_commit_callbacks(execute=True):
        profiles.expert_remove_cv(actor=expert_user, expert_id=expert.pk)

    expert.refresh_from_db()
    assert expert.cv.name == ""
    assert not stored.exists()
    assert len(events(expert, "expert.cv_removed")) == 1
    with pytest.raises(Conflict) as error:
        profiles.expert_remove_cv(actor=expert_user, expert_id=expert.pk)
    assert error.value.message == "There is no CV to remove."


def test_another_expert_cannot_upload_a_cv(expert, other_expert_user):
    with pytest.raises(NotFound):
        profiles.expert_upload_cv(actor=other_expert_user, expert_id=expert.pk, upload=pdf())


# --- consent ---------------------------------------------------------------------------------


def test_withdrawing_consent_keeps_the_profile_but_stops_proposals(
    expert, expert_user, officer, lima_workshop
):
    profiles.expert_withdraw_consent(actor=expert_user, expert_id=expert.pk, reason="Retiring.")

    expert.refresh_from_db()
    assert expert.consent_given_at is None
    [event] = events(expert, "expert.consent_withdrawn")
    assert event.reason == "Retiring."
    assert event.before["consent_given_at"] == "2026-01-05T09:00:00+00:00"
    assert profiles.consent_withdrawn_at(expert) == event.occurred_at
    with pytest.raises(DomainError) as error:
        services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk
        )
    assert error.value.message == "Ana Pérez has not consented to the processing of their data."


def test_an_expert_gives_consent_with_its_date(expert, expert_user):
    profiles.expert_withdraw_consent(actor=expert_user, expert_id=expert.pk)

    profiles.expert_give_consent(actor=expert_user, expert_id=expert.pk)

    expert.refresh_from_db()
    assert expert.consent_given_at is not None
    assert expert.consent_given_at > CONSENTED
    assert profiles.consent_withdrawn_at(expert) is None
    assert len(events(expert, "expert.consent_given")) == 1
    # Giving it again changes nothing.
    given = expert.consent_given_at
    profiles.expert_give_consent(actor=expert_user, expert_id=expert.pk)
    expert.refresh_from_db()
    assert expert.consent_given_at == given
    assert len(events(expert, "expert.consent_given")) == 1


def test_staff_cannot_consent_for_an_expert_with_an_account(expert, officer, expert_user):
    profiles.expert_withdraw_consent(actor=expert_user, expert_id=expert.pk)

    with pytest.raises(PermissionDenied) as error:
        profiles.expert_give_consent(actor=officer, expert_id=expert.pk)

    assert error.value.message == "Only the expert may consent to the processing of their data."
    expert.refresh_from_db()
    assert expert.consent_given_at is None


def test_staff_record_the_written_consent_of_an_expert_without_an_account(officer):
    paper = services.expert_create(
        actor=officer, full_name="Carla Rossi", expert_type=ExpertType.ACADEMIA
    )

    profiles.expert_give_consent(actor=officer, expert_id=paper.pk)

    paper.refresh_from_db()
    assert paper.consent_given_at is not None
