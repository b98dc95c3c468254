"""Account services: institutions and users with roles, audited, refusing bad input cleanly."""

import pytest

from mieux.accounts.models import Institution, Membership, Role, User
from mieux.accounts.services import institution_get_or_create, user_create_with_roles
from mieux.accounts.tests.factories import (
    CountryFactory,
    InstitutionFactory,
    RegionFactory,
    StaffUserFactory,
    UserFactory,
)
from mieux.core.errors import Conflict, DomainError
from mieux.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "provincial-desks-2017"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def table_sizes() -> dict[str, int]:
    return {
        "institutions": Institution.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


# --- institution_get_or_create -------------------------------------------------------------------


def test_institution_get_or_create_creates_it_and_writes_one_audit_event():
    officer = StaffUserFactory()
    peru = CountryFactory(iso2="PE")
    before_events = AuditEvent.objects.count()

    institution, created = institution_get_or_create(
        actor=officer,
        name="Ministry of the Interior of Peru",
        acronym="MININTER",
        kind="national_authority",
        country=peru,
    )

    assert created is True
    assert Institution.objects.get(name="Ministry of the Interior of Peru").acronym == "MININTER"
    assert AuditEvent.objects.count() == before_events + 1
    event = AuditEvent.objects.get(verb="institution.created")
    assert event.actor == officer
    assert event.object_id == str(institution.pk)
    assert event.before is None
    assert event.after["acronym"] == "MININTER"
    assert event.after["country_id"] == peru.pk


def test_institution_get_or_create_returns_the_existing_one_without_an_event():
    existing = InstitutionFactory(name="Ministry of the Interior of Peru", acronym="MININTER")
    before = table_sizes()

    institution, created = institution_get_or_create(
        actor=None,
        name="Ministry of the Interior of Peru",
        kind="national_authority",
        country=existing.country,
        acronym="OTHER",
    )

    assert created is False
    assert institution == existing
    assert Institution.objects.get().acronym == "MININTER"
    assert table_sizes() == before


def test_institution_get_or_create_keys_regional_organisations_without_country():
    lac = RegionFactory()
    first, _ = institution_get_or_create(
        actor=None, name="IberRed", kind="regional_organisation", region=lac
    )

    second, created = institution_get_or_create(
        actor=None, name="IberRed", kind="regional_organisation", region=lac
    )

    assert created is False
    assert second == first
    assert AuditEvent.objects.filter(verb="institution.created").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "An institution needs a name."),
        ({"kind": "club"}, "kind", "Unknown institution kind “club”"),
        ({"website": "not a site"}, "website", "Enter a valid URL."),
    ],
)
def test_institution_get_or_create_rejects_invalid_input_and_changes_nothing(
    change, field, message
):
    fields = {"name": "Ministry of Health", "kind": "national_authority"} | change
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        institution_get_or_create(actor=None, **fields)

    assert error.value.field == field
    assert message in error.value.message
    assert table_sizes() == before


# --- user_create_with_roles ----------------------------------------------------------------------


def test_user_create_with_roles_creates_memberships_and_writes_one_audit_event():
    admin = StaffUserFactory()
    inm = InstitutionFactory(name="National Institute of Migration", country__iso2="MX")
    before_events = AuditEvent.objects.count()

    user = user_create_with_roles(
        actor=admin,
        username="focal-mx",
        password=PASSWORD,
        roles=[(Role.PARTNER_FOCAL_POINT, inm)],
        preferred_language="es",
    )

    assert user.check_password(PASSWORD)
    assert user.is_staff is False
    assert [(m.role, m.institution) for m in user.memberships.all()] == [
        ("partner_focal_point", inm)
    ]
    assert AuditEvent.objects.count() == before_events + 1
    event = AuditEvent.objects.get(verb="user.created")
    assert event.actor == admin
    assert event.object_id == str(user.pk)
    assert event.before is None
    assert event.after["username"] == "focal-mx"
    assert event.after["roles"] == [["partner_focal_point", inm.pk]]
    assert "password" not in event.after


def test_user_create_with_roles_makes_staff_roles_staff():
    user = user_create_with_roles(
        actor=None,
        username="manager",
        password=PASSWORD,
        roles=[(Role.PROGRAMME_MANAGER, None), (Role.ADMIN, None)],
        is_superuser=True,
    )

    assert user.is_staff is True
    assert user.is_superuser is True
    assert user.roles == {"programme_manager", "admin"}


def test_user_create_with_roles_without_password_gives_an_unusable_one():
    user = user_create_with_roles(
        actor=None, username="expert", password=None, roles=[(Role.EXPERT, None)]
    )

    assert user.has_usable_password() is False


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"roles": []}, "roles", "A user needs at least one role."),
        ({"roles": [("janitor", None)]}, "roles", "Unknown role “janitor”"),
        (
            {"roles": [(Role.PARTNER_FOCAL_POINT, None)]},
            "roles",
            "A partner focal point must belong to a partner institution.",
        ),
        (
            {"roles": [(Role.EXPERT, None), (Role.EXPERT, None)]},
            "roles",
            "The role “expert” is given twice.",
        ),
        ({"is_superuser": True}, "is_superuser", "Only an administrator may be a superuser."),
        ({"password": "123"}, "password", "This password is too short."),
        ({"username": ""}, "username", "A user needs a username."),
        ({"username": "bad name!"}, "username", "Enter a valid username."),
        ({"preferred_language": "de"}, "preferred_language", "Unknown language “de”"),
    ],
)
def test_user_create_with_roles_rejects_invalid_input_and_changes_nothing(change, field, message):
    fields = {"username": "expert", "password": PASSWORD, "roles": [(Role.EXPERT, None)]} | change
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        user_create_with_roles(actor=None, **fields)

    assert error.value.field == field
    assert message in error.value.message
    assert table_sizes() == before


def test_user_create_with_roles_rejects_a_taken_username():
    UserFactory(username="demo-expert")
    before = table_sizes()

    with pytest.raises(Conflict) as error:
        user_create_with_roles(
            actor=None, username="Demo-Expert", password=PASSWORD, roles=[(Role.EXPERT, None)]
        )

    assert error.value.field == "username"
    assert error.value.message == "The username “Demo-Expert” is taken."
    assert table_sizes() == before
