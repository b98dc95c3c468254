"""Writes to accounts: institutions and users with their role memberships.

Same rules as every service: keyword-only, one transaction, validate before saving (a broken rule
raises `DomainError` naming the field and changes nothing), one audit event per change.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mieux.accounts.models import (
    STAFF_ROLES,
    Institution,
    InstitutionKind,
    Membership,
    Role,
    User,
)
from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError
from mieux.core.models import LANGUAGE_CODES
from mieux.geo.models import Country, Region

# What an audit event may show of a user: never the password hash.
USER_AUDIT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_superuser",
    "is_active",
    "preferred_language",
)


@transaction.atomic
def institution_get_or_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    country: Country | None = None,
    region: Region | None = None,
    acronym: str = "",
    website: str = "",
) -> tuple[Institution, bool]:
    """The institution named `name` in `country` (None: no country), created if absent.

    An existing institution is returned as it is (its other fields are not changed) and no audit
    event is written; a new one writes `institution.created`.
    """
    name = (name or "").strip()
    if not name:
        raise DomainError(_("An institution needs a name."), field="name")
    if kind not in InstitutionKind.values:
        raise DomainError(
            _("Unknown institution kind “%(kind)s”: use one of %(choices)s.")
            % {"kind": kind, "choices": ", ".join(InstitutionKind.values)},
            field="kind",
        )
    existing = Institution.objects.filter(name=name, country=country).first()
    if existing is not None:
        return existing, False
    institution = Institution(
        name=name, kind=kind, country=country, region=region, acronym=acronym, website=website
    )
    try:
        institution.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from error
    institution.save()
    record_event(
        actor=actor,
        verb="institution.created",
        instance=institution,
        after=snapshot(institution),
    )
    return institution, True


def _check_roles(roles: list[tuple[str, Institution | None]]) -> None:
    if not roles:
        raise DomainError(_("A user needs at least one role."), field="roles")
    seen = set()
    for role, institution in roles:
        if role not in Role.values:
            raise DomainError(
                _("Unknown role “%(role)s”: use one of %(choices)s.")
                % {"role": role, "choices": ", ".join(Role.values)},
                field="roles",
            )
        if role == Role.PARTNER_FOCAL_POINT and institution is None:
            raise DomainError(
                _("A partner focal point must belong to a partner institution."), field="roles"
            )
        key = (role, institution.pk if institution else None)
        if key in seen:
            raise DomainError(_("The role “%s” is given twice.") % role, field="roles")
        seen.add(key)


@transaction.atomic
def user_create_with_roles(
    *,
    actor: Any,
    username: str,
    password: str | None,
    roles: Iterable[tuple[str, Institution | None]],
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
    is_superuser: bool = False,
) -> User:
    """Create a user holding `roles`, each a (Role, institution or None) pair.

    Staff roles (project officer, programme manager, knowledge manager, administrator) make the
    user staff; only an administrator may be a superuser. `password` is checked against the
    password validators; None gives an unusable password (login by other means only).
    """
    roles = [(str(role), institution) for role, institution in roles]
    username = (username or "").strip()
    if not username:
        raise DomainError(_("A user needs a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("The username “%s” is taken.") % username, field="username")
    _check_roles(roles)
    role_names = {role for role, _institution in roles}
    if is_superuser and Role.ADMIN not in role_names:
        raise DomainError(_("Only an administrator may be a superuser."), field="is_superuser")
    if preferred_language not in LANGUAGE_CODES:
        raise DomainError(
            _("Unknown language “%(language)s”: use one of %(choices)s.")
            % {"language": preferred_language, "choices": ", ".join(LANGUAGE_CODES)},
            field="preferred_language",
        )
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        is_staff=bool(role_names & STAFF_ROLES),
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), field="password") from error
        user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from error
    user.save()
    Membership.objects.bulk_create(
        Membership(user=user, role=role, institution=institution) for role, institution in roles
    )
    after = snapshot(user, USER_AUDIT_FIELDS)
    after["roles"] = sorted(
        ([role, institution.pk if institution else None] for role, institution in roles),
        key=lambda pair: (pair[0], pair[1] or 0),
    )
    record_event(actor=actor, verb="user.created", instance=user, after=after)
    return user
