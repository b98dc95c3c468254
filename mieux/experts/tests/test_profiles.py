import datetime

import pytest
from django.db import IntegrityError, transaction

from mieux.accounts.models import User
from mieux.core.errors import DomainError, ErrorCode, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import Expert, ExpertLanguage, ExpertType, UnavailablePeriod
from mieux.geo.models import Region
from mieux.taxonomy.models import ThematicArea

from .conftest import CONSENTED


def test_staff_create_a_profile_with_languages_expertise_and_an_audit_event(
    officer, expert_user, home_institution, spain
):
    theme = ThematicArea.objects.create(code="IM-BOR", name_en="Border management")
    region = Region.objects.create(code="AF", name_en="Africa")

    expert = services.expert_create(
        actor=officer,
        user=expert_user,
        full_name="  Ana Pérez ",
        expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        institution=home_institution,
        thematic_areas=[theme],
        keywords=[" asylum procedures", "child protection"],
        languages={"es": "native", "fr": "B2"},
        countries_of_experience=[spain],
        regions_of_experience=[region],
        max_days_per_year=40,
        biography="Twenty years in the asylum office.",
        consent_given_at=CONSENTED,
    )

    expert.refresh_from_db()
    assert expert.full_name == "Ana Pérez"
    assert expert.user == expert_user
    assert expert.institution.country == spain
    assert expert.keywords == ["asylum procedures", "child protection"]
    assert expert.status == "invited"
    assert expert.max_days_per_year == 40
    assert list(expert.thematic_areas.values_list("code", flat=True)) == ["IM-BOR"]
    assert list(expert.languages.values_list("code", "level")) == [("es", "native"), ("fr", "B2")]
    event = AuditEvent.objects.get(object_type="experts.expert", object_id=str(expert.pk))
    assert event.verb == "expert.created"
    assert event.actor == officer
    assert event.after["languages"] == {"es": "native", "fr": "B2"}
    assert event.after["countries_of_experience"] == ["ES"]
    assert event.after["regions_of_experience"] == ["AF"]
    assert event.after["consent_given_at"] == "2026-01-05T09:00:00+00:00"


def test_an_expert_may_create_their_own_profile(expert_user):
    expert = services.expert_create(
        actor=expert_user,
        user=expert_user,
        full_name="Ana Pérez",
        expert_type=ExpertType.CIVIL_SOCIETY,
    )

    assert expert.user == expert_user
    assert AuditEvent.objects.get(object_id=str(expert.pk)).actor == expert_user


def test_nobody_else_may_create_a_profile(expert_user, other_expert_user):
    with pytest.raises(PermissionDenied) as error:
        services.expert_create(
            actor=other_expert_user,
            user=expert_user,
            full_name="Ana Pérez",
            expert_type=ExpertType.CIVIL_SOCIETY,
        )

    assert error.value.message == "Only facility staff or the expert may create this profile."
    assert Expert.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"full_name": " "}, "full_name", "A full name is required."),
        ({"expert_type": "consultant"}, "expert_type", "Choose a valid expert type."),
        ({"status": "retired"}, "status", "Choose a valid status."),
        (
            {"languages": {"xx": "B1"}},
            "languages",
            "Languages must be ISO 639-1 codes such as “es” or “pt”.",
        ),
        (
            {"languages": {"es": "fluent"}},
            "languages",
            "Language levels are A1, A2, B1, B2, C1, C2 or native.",
        ),
        (
            {"max_days_per_year": 0},
            "max_days_per_year",
            "The maximum days per year must be a whole number of at least 1.",
        ),
        (
            {"keywords": ["asylum", " "]},
            "keywords",
            "Keywords must be non-empty words or phrases.",
        ),
    ],
)
def test_invalid_profiles_are_refused_and_change_nothing(officer, fields, field, message):
    given = {"full_name": "Ana Pérez", "expert_type": ExpertType.ACADEMIA, **fields}

    with pytest.raises(DomainError) as error:
        services.expert_create(actor=officer, **given)

    assert error.value.code == ErrorCode.INVALID_INPUT
    assert error.value.field == field
    assert error.value.message == message
    assert Expert.objects.count() == 0
    assert ExpertLanguage.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_user_has_at_most_one_profile(expert, officer, expert_user):
    with pytest.raises(DomainError) as error:
        services.expert_create(
            actor=officer, user=expert_user, full_name="Ana P.", expert_type=ExpertType.ACADEMIA
        )

    assert error.value.code == ErrorCode.CONFLICT
    assert error.value.message == "This user already has an expert profile."
    assert Expert.objects.count() == 1


def test_the_database_refuses_a_language_twice_for_one_expert(expert):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertLanguage.objects.create(expert=expert, code="es", level="B1")

    assert list(expert.languages.values_list("code", "level")) == [("en", "C1"), ("es", "native")]


def test_the_database_refuses_an_unknown_language_level(expert):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertLanguage.objects.create(expert=expert, code="pt", level="fluent")


def test_the_database_refuses_an_unavailable_period_ending_before_it_starts(expert):
    with pytest.raises(IntegrityError), transaction.atomic():
        UnavailablePeriod.objects.create(
            expert=expert, start=datetime.date(2026, 7, 10), end=datetime.date(2026, 7, 9)
        )

    UnavailablePeriod.objects.create(
        expert=expert, start=datetime.date(2026, 7, 10), end=datetime.date(2026, 7, 10)
    )
    assert expert.unavailable_periods.count() == 1


def test_the_database_refuses_zero_days_per_year(expert):
    with pytest.raises(IntegrityError), transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(max_days_per_year=0)


def test_the_database_refuses_an_unknown_expert_type(expert):
    with pytest.raises(IntegrityError), transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(expert_type="consultant")


def test_a_profile_may_exist_without_an_account(officer):
    expert = services.expert_create(
        actor=officer, full_name="Chidi Okafor", expert_type=ExpertType.PRIVATE_SECTOR
    )

    assert expert.user is None
    assert User.objects.filter(expert_profile=expert).count() == 0
