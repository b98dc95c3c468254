"""The expert's own profile through the API: /experts/me/unavailable-periods, /experts/me/cv,
/experts/me/consent. Only the caller's own profile, never anyone else's (issue 4)."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.accounts.tokens import api_token_create
from mieux.api.tests import factories
from mieux.core.models import AuditEvent
from mieux.core.tests import documents
from mieux.experts import services
from mieux.experts.models import Expert, ExpertType, UnavailablePeriod

pytestmark = pytest.mark.django_db

ME = "/api/v1/experts/me"
PERIODS = f"{ME}/unavailable-periods"
CV = f"{ME}/cv"
CONSENT = f"{ME}/consent"
CONSENTED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
OLD_CV = b"%PDF-1.4 Ana Perez, the old CV"
NEW_CV = b"%PDF-1.7\n% Ana Perez, the new CV\n%%EOF\n"
JULY = {"start": "2031-07-01", "end": "2031-07-31", "note": "Parental leave"}


def user_with(username: str, role: str, institution: Institution | None = None) -> User:
    user = User.objects.create_user(username, email=f"{username}@users.example.org")
    Membership.objects.create(user=user, role=role, institution=institution)
    return user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class People:
    users: dict[str, User]
    ana: Expert
    bruno: Expert
    anas_period: UnavailablePeriod
    brunos_period: UnavailablePeriod


@pytest.fixture
def people(settings, tmp_path) -> People:
    """Ana (an account, consent, a CV, a period in March and a deployment accepted in May),
    Bruno (an account, a period in March, no CV); staff and a partner without a profile."""
    settings.MEDIA_ROOT = str(tmp_path)
    peru = factories.CountryFactory.create(iso2="PE", iso3="PER", numeric="604", name_en="Peru")
    imt = factories.ThematicAreaFactory.create(code="IMT", name_en="Irregular migration")
    home = Institution.objects.create(
        name="Ministerio del Interior", kind=InstitutionKind.EU_MEMBER_STATE_ADMINISTRATION
    )
    partner_home = Institution.objects.create(
        name="Instituto Nacional de Migración", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    users = {
        "officer": user_with("officer", Role.PROJECT_OFFICER),
        "admin": user_with("admin", Role.ADMIN),
        "partner": user_with("partner", Role.PARTNER_FOCAL_POINT, partner_home),
        "expert": user_with("ana", Role.EXPERT),
        "other_expert": user_with("bruno", Role.EXPERT),
    }
    profile: dict[str, Any] = {
        "actor": users["officer"],
        "expert_type": ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        "institution": home,
        "thematic_areas": [imt],
        "consent_given_at": CONSENTED,
        "status": "active",
    }
    ana = services.expert_create(
        user=users["expert"],
        full_name="Ana Pérez",
        email="ana.perez@interior.example.es",
        languages={"es": "native"},
        **profile,
    )
    ana.cv.save("ana-perez-cv.pdf", ContentFile(OLD_CV))
    bruno = services.expert_create(
        user=users["other_expert"],
        full_name="Bruno Silva",
        email="bruno.silva@example.pt",
        languages={"pt": "native"},
        **profile,
    )
    march = {"start": datetime.date(2031, 3, 1), "end": datetime.date(2031, 3, 10)}
    anas_period = UnavailablePeriod.objects.create(expert=ana, note="Holidays", **march)
    brunos_period = UnavailablePeriod.objects.create(expert=bruno, note="Course", **march)
    action = factories.ActionFactory.create(slug="peru-iii", name="Peru III", countries=[peru])
    workshop = factories.ActivityFactory.create(
        action=action,
        title="Lima workshop",
        start_date=datetime.date(2031, 5, 4),
        end_date=datetime.date(2031, 5, 8),
        country=peru,
    )
    deployment = services.deployment_propose(
        actor=users["officer"], expert_id=ana.pk, activity_id=workshop.pk
    )
    for transition in ("invite", "accept"):
        services.deployment_transition(
            actor=users["officer"], deployment_id=deployment.pk, transition=transition
        )
    return People(users, ana, bruno, anas_period, brunos_period)


def events(expert: Expert, verb: str) -> int:
    return AuditEvent.objects.filter(
        object_type="experts.expert", object_id=str(expert.pk), verb=verb
    ).count()


def add_period(client: Client, data: dict) -> Any:
    return client.post(PERIODS, data, content_type="application/json")


def put_cv(client: Client, upload: Any) -> Any:
    return client.put(CV, encode_multipart(BOUNDARY, {"file": upload}), MULTIPART_CONTENT)


def pdf(content: bytes = NEW_CV, name: str = "my-cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def stored_cv(expert: Expert) -> bytes:
    expert.refresh_from_db()
    with expert.cv.open("rb") as cv:
        return cv.read()


def problem(response: Any) -> tuple[int, str, str, list[str]]:
    body = response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    return (
        response.status_code,
        body["code"],
        body["detail"],
        [error["field"] for error in body.get("errors", [])],
    )


# --- unavailable periods -----------------------------------------------------------------------


def test_the_expert_adds_an_unavailable_period(people: People) -> None:
    client = client_for(people.users["expert"])

    response = add_period(client, JULY)

    assert response.status_code == 201, response.content
    period = UnavailablePeriod.objects.get(expert=people.ana, start=datetime.date(2031, 7, 1))
    assert response.json() == {
        "id": period.pk,
        "start": "2031-07-01",
        "end": "2031-07-31",
        "note": "Parental leave",
    }
    shown = client.get(ME).json()["unavailable_periods"]
    assert {"start": "2031-07-01", "end": "2031-07-31", "note": "Parental leave"} in shown
    assert events(people.ana, "expert.unavailable_period_added") == 1
    assert people.bruno.unavailable_periods.count() == 1


def test_another_expert_adds_to_their_own_profile_only(people: People) -> None:
    response = add_period(client_for(people.users["other_expert"]), JULY)

    assert response.status_code == 201
    assert people.bruno.unavailable_periods.count() == 2
    assert people.ana.unavailable_periods.count() == 1


@pytest.mark.parametrize(
    ("data", "status", "field", "detail"),
    [
        (
            {"start": "2031-07-31", "end": "2031-07-01"},
            422,
            "end",
            "The last day (2031-07-01) is before the first day (2031-07-31).",
        ),
        # Meets the workshop Ana accepted (4 to 8 May).
        (
            {"start": "2031-05-08", "end": "2031-05-20"},
            409,
            "start",
            "Ana Pérez has accepted to work on “Lima workshop” from 2031-05-04 to 2031-05-08, "
            "which falls in this period. The facility must release that deployment first.",
        ),
        ({"start": "2031-07-01"}, 422, "end", None),
        ({"start": "2031-07-01", "end": "31/07/2031"}, 422, "end", None),
        ({**JULY, "note": "x" * 301}, 422, "note", None),
        ({**JULY, "note": "a\x00b"}, 422, "note", None),
        ({**JULY, "expert_id": 1}, 422, "expert_id", None),
    ],
)
def test_a_bad_period_changes_nothing(
    people: People, data: dict, status: int, field: str, detail: str | None
) -> None:
    before = AuditEvent.objects.count()

    response = add_period(client_for(people.users["expert"]), data)

    code, _, message, fields = problem(response)
    assert (code, fields) == (status, [field])
    if detail is not None:
        assert message == detail
    assert people.ana.unavailable_periods.count() == 1
    assert AuditEvent.objects.count() == before


def test_the_expert_removes_their_own_period(people: People) -> None:
    client = client_for(people.users["expert"])

    response = client.delete(f"{PERIODS}/{people.anas_period.pk}")

    assert response.status_code == 204
    assert response.content == b""
    assert not UnavailablePeriod.objects.filter(pk=people.anas_period.pk).exists()
    assert client.get(ME).json()["unavailable_periods"] == []
    assert events(people.ana, "expert.unavailable_period_removed") == 1


@pytest.mark.parametrize("role", ["other_expert", "officer", "admin", "partner"])
def test_nobody_removes_someone_else_s_period(people: People, role: str) -> None:
    """Another expert's period is a 404 like an unknown one; staff have no profile of their own
    (they change experts' profiles on the roster pages)."""
    response = client_for(people.users[role]).delete(f"{PERIODS}/{people.anas_period.pk}")

    status, code, detail, _ = problem(response)
    assert (status, code) == (404, "not_found")
    if role == "other_expert":
        assert detail == f"No unavailable period {people.anas_period.pk}."
    else:
        assert detail == "You have no expert profile."
    assert "Holidays" not in response.content.decode()
    assert UnavailablePeriod.objects.filter(pk=people.anas_period.pk).exists()
    assert events(people.ana, "expert.unavailable_period_removed") == 0


def test_staff_with_a_profile_of_their_own_remove_only_their_own_periods(people: People) -> None:
    """The service lets staff remove any expert's period; through /me, only their own."""
    officer = people.users["officer"]
    Expert.objects.create(user=officer, full_name="Olga Officer", expert_type=ExpertType.ACADEMIA)

    response = client_for(officer).delete(f"{PERIODS}/{people.anas_period.pk}")

    assert problem(response)[:3] == (
        404,
        "not_found",
        f"No unavailable period {people.anas_period.pk}.",
    )
    assert UnavailablePeriod.objects.filter(pk=people.anas_period.pk).exists()
    assert events(people.ana, "expert.unavailable_period_removed") == 0


def test_an_unknown_period_is_a_404(people: People) -> None:
    response = client_for(people.users["expert"]).delete(f"{PERIODS}/999999")

    assert problem(response)[:3] == (404, "not_found", "No unavailable period 999999.")
    assert UnavailablePeriod.objects.count() == 2


def test_a_non_numeric_period_id_is_a_422(people: People) -> None:
    response = client_for(people.users["expert"]).delete(f"{PERIODS}/july")

    assert response.status_code == 422
    assert UnavailablePeriod.objects.count() == 2


# --- the CV ------------------------------------------------------------------------------------


def test_the_expert_uploads_a_new_cv(people: People) -> None:
    client = client_for(people.users["expert"])

    response = put_cv(client, pdf())

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == people.ana.pk
    assert body["has_cv"] is True
    assert body["cv_url"] == f"/api/v1/experts/{people.ana.pk}/cv"
    assert stored_cv(people.ana) == NEW_CV
    assert b"".join(client.get(body["cv_url"]).streaming_content) == NEW_CV
    assert events(people.ana, "expert.cv_uploaded") == 1


def test_the_expert_uploads_a_cv_with_a_bearer_token(people: People) -> None:
    _, raw = api_token_create(user=people.users["other_expert"], name="tests")
    client = Client(headers={"authorization": f"Bearer {raw}"})

    response = put_cv(client, pdf(name="bruno.pdf"))

    assert response.status_code == 200, response.content
    assert response.json()["has_cv"] is True
    assert stored_cv(people.bruno) == NEW_CV
    assert stored_cv(people.ana) == OLD_CV


CV_ACCEPTED = "Accepted: a PDF document, a Word document (.docx), an OpenDocument text (.odt)."


@pytest.mark.parametrize(
    ("upload", "code", "detail"),
    [
        (
            lambda: SimpleUploadedFile("evil.exe", b"MZ\x90\x00", "application/pdf"),
            "invalid_file",
            "This file is a Windows program, which is not accepted here. " + CV_ACCEPTED,
        ),
        (lambda: pdf(b""), "invalid_file", "The file is empty."),
        (
            lambda: pdf(b"MZ\x90\x00 not a PDF"),
            "invalid_file",
            "This file is a Windows program, which is not accepted here. " + CV_ACCEPTED,
        ),
        (
            lambda: pdf(NEW_CV + b"<script>alert(1)</script>"),
            "invalid_file",
            "The file is a PDF document but also holds HTML (“<script”), which a browser could "
            "run; such files are refused. Save it again as a clean file.",
        ),
        (
            lambda: SimpleUploadedFile("cv.docx", documents.bomb_docx(), "application/zip"),
            "invalid_file",
            "The package would unpack to more than 50.0\xa0MB, the most accepted.",
        ),
        (
            lambda: pdf(b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024)),
            "file_too_large",
            "The file has 5.0\xa0MB; at most 5.0\xa0MB is accepted here.",
        ),
    ],
    ids=["exe-sent-as-pdf", "empty", "not-a-pdf", "pdf-html-polyglot", "docx-200-mb-entry",
         "too-large"],
)  # fmt: skip
def test_a_bad_cv_changes_nothing(people: People, upload: Any, code: str, detail: str) -> None:
    before = AuditEvent.objects.count()

    response = put_cv(client_for(people.users["expert"]), upload())

    assert problem(response) == (422, code, detail, ["cv"])
    assert stored_cv(people.ana) == OLD_CV
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (encode_multipart(BOUNDARY, {"cv": pdf()}), MULTIPART_CONTENT),
        (b'{"file": "JVBERi0xLjQ="}', "application/json"),
        (NEW_CV, "application/pdf"),
        (b"--x\r\nbroken\r\n--x--\r\n", "multipart/form-data; boundary=x"),
    ],
    ids=["wrong-field", "json", "raw-bytes", "broken-parts"],
)
def test_a_cv_not_sent_as_a_multipart_file_is_a_problem_naming_file(
    people: People, body: bytes, content_type: str
) -> None:
    response = client_for(people.users["expert"]).put(CV, body, content_type)

    assert problem(response) == (
        422,
        "invalid_input",
        "Send the file as multipart/form-data, in the field “file”.",
        ["file"],
    )
    assert stored_cv(people.ana) == OLD_CV


@pytest.mark.parametrize(
    ("body", "content_type", "detail"),
    [
        (
            encode_multipart(BOUNDARY, {"file": pdf()}),
            "multipart/form-data",
            "The multipart body has no boundary; send the form as multipart/form-data.",
        ),
        (
            b"--x\r\nContent-Disposition: form-data; name=file; filename=cv.pdf\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\nJVB\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
            "The multipart body could not be read; send the form as multipart/form-data.",
        ),
    ],
    ids=["no-boundary", "truncated-base64-part"],
)
def test_a_malformed_multipart_cv_answers_as_any_malformed_body(
    people: People, body: bytes, content_type: str, detail: str
) -> None:
    before = AuditEvent.objects.count()

    response = client_for(people.users["expert"]).put(CV, body, content_type)

    assert problem(response) == (400, "malformed_request", detail, [])
    assert stored_cv(people.ana) == OLD_CV
    assert AuditEvent.objects.count() == before


def test_the_expert_removes_their_cv(people: People) -> None:
    client = client_for(people.users["expert"])

    response = client.delete(CV)

    assert response.status_code == 204
    assert response.content == b""
    people.ana.refresh_from_db()
    assert not people.ana.cv
    assert client.get(ME).json()["has_cv"] is False
    assert events(people.ana, "expert.cv_removed") == 1
    again = client.delete(CV)
    assert problem(again) == (409, "conflict", "There is no CV to remove.", ["cv"])
    assert events(people.ana, "expert.cv_removed") == 1


def test_another_expert_removes_only_their_own_cv(people: People) -> None:
    """Bruno has no CV: a conflict about his own profile; Ana's stays."""
    response = client_for(people.users["other_expert"]).delete(CV)

    assert problem(response)[:3] == (409, "conflict", "There is no CV to remove.")
    assert stored_cv(people.ana) == OLD_CV


# --- consent -----------------------------------------------------------------------------------


def test_the_expert_withdraws_and_gives_consent(people: People) -> None:
    client = client_for(people.users["expert"])

    withdrawn = client.delete(CONSENT)

    assert withdrawn.status_code == 200
    assert withdrawn.json()["consent_given_at"] is None
    assert withdrawn.json()["id"] == people.ana.pk
    assert events(people.ana, "expert.consent_withdrawn") == 1
    people.bruno.refresh_from_db()
    assert people.bruno.consent_given_at == CONSENTED

    given = client.post(CONSENT)

    assert given.status_code == 200
    given_at = given.json()["consent_given_at"]
    assert given_at is not None
    people.ana.refresh_from_db()
    assert people.ana.consent_given_at is not None
    assert people.ana.consent_given_at > CONSENTED
    assert events(people.ana, "expert.consent_given") == 1


def test_consenting_again_keeps_the_first_date(people: People) -> None:
    response = client_for(people.users["expert"]).post(CONSENT)

    assert response.status_code == 200
    assert response.json()["consent_given_at"] == "2026-01-05T09:00:00Z"
    assert events(people.ana, "expert.consent_given") == 0


# --- who may call these endpoints --------------------------------------------------------------


def _every_write(people: People) -> list[tuple[str, str, Any]]:
    """(method, url, body) of every endpoint here, aimed at Ana's profile where it names one."""
    return [
        ("post", PERIODS, JULY),
        ("delete", f"{PERIODS}/{people.anas_period.pk}", None),
        ("put", CV, pdf),
        ("delete", CV, None),
        ("post", CONSENT, None),
        ("delete", CONSENT, None),
    ]


def _send(client: Client, method: str, url: str, body: Any) -> Any:
    if method == "put":
        return put_cv(client, body())
    if body is not None:
        return getattr(client, method)(url, body, content_type="application/json")
    return getattr(client, method)(url)


@pytest.mark.parametrize("role", ["officer", "admin", "partner"])
def test_a_caller_without_a_profile_gets_a_404_everywhere(people: People, role: str) -> None:
    client = client_for(people.users[role])
    before = AuditEvent.objects.count()

    for method, url, body in _every_write(people):
        response = _send(client, method, url, body)
        assert problem(response)[:3] == (404, "not_found", "You have no expert profile."), url

    assert AuditEvent.objects.count() == before
    assert stored_cv(people.ana) == OLD_CV
    assert people.ana.consent_given_at == CONSENTED
    assert UnavailablePeriod.objects.count() == 2


def test_anonymous_callers_get_a_401_everywhere(people: People) -> None:
    before = AuditEvent.objects.count()

    for method, url, body in _every_write(people):
        response = _send(Client(), method, url, body)
        assert problem(response)[:2] == (401, "not_authenticated"), url

    assert AuditEvent.objects.count() == before
    assert UnavailablePeriod.objects.count() == 2


def test_an_erased_profile_can_no_longer_be_changed(people: People) -> None:
    Expert.objects.filter(pk=people.ana.pk).update(erased_at=CONSENTED)
    client = client_for(people.users["expert"])
    before = AuditEvent.objects.count()

    for method, url, body in _every_write(people):
        response = _send(client, method, url, body)
        assert problem(response)[:2] == (409, "conflict"), url

    assert AuditEvent.objects.count() == before
    assert UnavailablePeriod.objects.count() == 2
