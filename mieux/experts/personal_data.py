"""A person's data on request: everything held about them (GDPR Art. 15 and 20), and its erasure
(Art. 17).

A person is found by e-mail: user accounts with that address, expert profiles with that address,
and the profile linked to such an account. Erasure anonymises rather than deletes: deployments,
mission reports, feedback scores and audit events stay, so the facility's record and figures
remain, but nothing in them names the person any more. `mieux export_personal_data` and
`mieux erase_personal_data` call these from the command line (actor None: the operator).
"""

import datetime
import functools
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from mieux.accounts.models import Role, User
from mieux.accounts.selectors import email_topics_declined
from mieux.core.audit import ERASED, object_type_of, record_event, redact_events
from mieux.core.errors import NotFound, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts.models import Deployment, Expert, ExpertStatus, Feedback, MissionReport
from mieux.inbox.selectors import notifications_of

EXPORT_FORMAT = "mieux-personal-data/1"
REPORT_FIELDS = ("summary", "results", "challenges", "recommendations", "follow_up")
ERASED_NAME = ERASED


@dataclass
class Person:
    email: str
    users: list[User]
    experts: list[Expert]


def find_person(email: str) -> Person:
    """Accounts and expert profiles with this e-mail (any case); `NotFound` if there are none."""
    email = (email or "").strip()
    users = list(User.objects.filter(email__iexact=email).order_by("pk")) if email else []
    experts = (
        list(
            Expert.objects.filter(Q(email__iexact=email) | Q(user__in=users))
            .select_related("user")
            .order_by("pk")
        )
        if email
        else []
    )
    for expert in experts:
        if expert.user is not None and expert.user not in users:
            users.append(expert.user)
    if not users and not experts:
        raise NotFound(_("No account and no expert profile has the e-mail address “%s”.") % email)
    return Person(email=email, users=users, experts=experts)


def _check_actor(actor: Any) -> None:
    # None is the operator at the command line; a signed-in user must be an administrator.
    if actor is not None and Role.ADMIN not in getattr(actor, "roles", set()):
        raise PermissionDenied(_("Only an administrator may export or erase personal data."))


# --- export --------------------------------------------------------------------------------------


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "preferred_language": user.preferred_language,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(user.roles),
        "memberships": [
            {
                "role": membership.role,
                "institution": str(membership.institution) if membership.institution else None,
            }
            for membership in user.memberships.select_related("institution")
        ],
        "two_factor_devices": [device.name for device in devices_for_user(user, confirmed=None)],
        "email_topics_declined": sorted(email_topics_declined(user)),
        "notifications": [
            {
                "text": notification.text,
                "url": notification.url,
                "created_at": notification.created_at,
                "read_at": notification.read_at,
            }
            for notification in notifications_of(user)
        ],
    }


def _report(report: MissionReport) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(report, name) for name in REPORT_FIELDS}
    data |= {
        "deployment": report.deployment_id,
        "submitted_at": report.submitted_at,
        "updated_at": report.updated_at,
    }
    return data


def _deployment(deployment: Deployment) -> dict[str, Any]:
    activity = deployment.activity
    report = getattr(deployment, "mission_report", None)
    return {
        "id": deployment.pk,
        "activity": {
            "id": activity.pk,
            "title": activity.title,
            "action": activity.action.name,
            "start_date": activity.start_date,
            "end_date": activity.end_date,
        },
        "role": deployment.role,
        "status": deployment.status,
        "proposed_at": deployment.created_at,
        "invited_at": deployment.invited_at,
        "responded_at": deployment.responded_at,
        "completed_at": deployment.completed_at,
        "mission_report": _report(report) if report is not None else None,
    }


def _profile(expert: Expert, files_dir: Path | None) -> dict[str, Any]:
    cv: dict[str, Any] | None = None
    if expert.cv:
        cv = {"file_name": PurePath(expert.cv.name or "").name}
        if files_dir is not None:
            target = files_dir / f"expert-{expert.pk}-{cv['file_name']}"
            with expert.cv.open("rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            cv["copied_to"] = str(target)
    institution = expert.institution
    deployments = expert.deployments.select_related("activity__action", "mission_report").order_by(
        "activity__start_date", "pk"
    )
    return {
        "id": expert.pk,
        "account": expert.user_id,
        "full_name": expert.full_name,
        "email": expert.email,
        "institution": (
            {
                "name": str(institution),
                "country": institution.country.iso2 if institution.country else None,
            }
            if institution
            else None
        ),
        "expert_type": expert.expert_type,
        "thematic_areas": sorted(area.code for area in expert.thematic_areas.all()),
        "keywords": expert.keywords,
        "languages": [
            {"code": language.code, "level": language.level}
            for language in expert.languages.order_by("code")
        ],
        "countries_of_experience": sorted(c.iso2 for c in expert.countries_of_experience.all()),
        "regions_of_experience": sorted(r.code for r in expert.regions_of_experience.all()),
        "unavailable_periods": [
            {"start": period.start, "end": period.end, "note": period.note}
            for period in expert.unavailable_periods.order_by("start", "pk")
        ],
        "max_days_per_year": expert.max_days_per_year,
        "biography": expert.biography,
        "cv": cv,
        "consent_given_at": expert.consent_given_at,
        "publish_name": expert.publish_name,
        "status": expert.status,
        "verified_at": expert.verified_at,
        "erased_at": expert.erased_at,
        "created_at": expert.created_at,
        "updated_at": expert.updated_at,
        "deployments": [_deployment(deployment) for deployment in deployments],
        "audit_events_about_profile": AuditEvent.objects.filter(
            object_type=object_type_of(expert), object_id=str(expert.pk)
        ).count(),
    }


def personal_data_export(
    *, actor: Any, email: str, files_dir: Path | None = None
) -> dict[str, Any]:
    """Everything held about the person with this e-mail, as a JSON-ready document (dates as
    `datetime`/`date`: encode with DjangoJSONEncoder). With `files_dir`, CVs are copied there."""
    _check_actor(actor)
    person = find_person(email)
    feedback = Feedback.objects.filter(author__in=person.users).select_related("activity")
    reports = MissionReport.objects.filter(submitted_by__in=person.users)
    verbs = Counter(
        AuditEvent.objects.filter(actor__in=person.users).values_list("verb", flat=True)
    )
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "email": person.email,
        "accounts": [_account(user) for user in person.users],
        "expert_profiles": [_profile(expert, files_dir) for expert in person.experts],
        "mission_reports_submitted": [_report(report) for report in reports.order_by("pk")],
        "feedback_given": [
            {
                "activity": {"id": item.activity_id, "title": item.activity.title},
                "source": item.source,
                "score": item.score,
                "comment": item.comment,
                "given_at": item.created_at,
            }
            for item in feedback.order_by("pk")
        ],
        "audit_events_as_actor": {
            "count": sum(verbs.values()),
            "verbs": dict(sorted(verbs.items())),
        },
    }


# --- erasure -------------------------------------------------------------------------------------


@dataclass
class Erasure:
    """What an erasure changes (or, in a dry run, would change)."""

    experts: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _names_pattern(person: Person) -> re.Pattern[str] | None:
    names = {expert.full_name.strip() for expert in person.experts}
    names |= {user.get_full_name().strip() for user in person.users}
    names = {name for name in names if len(name) > 2}
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in ordered), re.IGNORECASE)


def _plan(person: Person) -> tuple[Erasure, list[MissionReport], QuerySet[Feedback]]:
    erasure = Erasure()
    for expert in person.experts:
        erasure.experts.append(f"#{expert.pk}")
        cleared = [
            label
            for label, present in (
                ("name", True),
                ("e-mail", bool(expert.email)),
                ("biography", bool(expert.biography)),
                ("keywords", bool(expert.keywords)),
                ("CV file", bool(expert.cv)),
                ("consent", expert.consent_given_at is not None),
                ("publication of the name", expert.publish_name),
            )
            if present
        ]
        erasure.changes.append(
            f"Expert #{expert.pk}: clear {', '.join(cleared)}; remove "
            f"{expert.languages.count()} languages, {expert.unavailable_periods.count()} "
            f"unavailable periods, {expert.thematic_areas.count()} thematic areas, "
            f"{expert.countries_of_experience.count()} countries and "
            f"{expert.regions_of_experience.count()} regions of experience; deactivate."
        )
        erasure.kept.append(
            f"Expert #{expert.pk}: {expert.deployments.count()} deployments (with roles, "
            "statuses and dates), the institution and the expert type."
        )
    for user in person.users:
        erasure.accounts.append(f"#{user.pk}")
        erasure.changes.append(
            f"Account #{user.pk}: username becomes erased-{user.pk}; names and e-mail cleared; "
            "password made unusable; two-factor devices removed; deactivated."
        )
        erasure.kept.append(f"Account #{user.pk}: its roles and the records that refer to it.")
    pattern = _names_pattern(person)
    reports = list(
        MissionReport.objects.filter(
            Q(deployment__expert__in=person.experts) | Q(submitted_by__in=person.users)
        ).distinct()
    )
    naming = [
        report
        for report in reports
        if pattern and any(pattern.search(getattr(report, name)) for name in REPORT_FIELDS)
    ]
    if naming:
        erasure.changes.append(
            f"{len(naming)} mission reports: the person's name replaced by “{ERASED_NAME}”."
        )
    if reports:
        erasure.kept.append(f"{len(reports)} mission reports (work product).")
    feedback = Feedback.objects.filter(author__in=person.users)
    if feedback.exists():
        erasure.changes.append(f"{feedback.count()} feedback comments cleared (scores kept).")
    history = _own_events(person).count()
    related = _related_events(person).count()
    erasure.changes.append(
        f"{history} audit events about the profile or account and {related} about the "
        "person's deployments, reports, feedback and their own actions: personal values "
        f"(name, e-mail, biography, keywords, CV, notes) replaced by “{ERASED}”; who did "
        "what and when is kept."
    )
    return erasure, naming, feedback


# Snapshot keys holding personal data, in events about the person's own profile and account.
PERSONAL_KEYS = frozenset(
    {
        "full_name",
        "email",
        "biography",
        "keywords",
        "cv",
        "note",
        "username",
        "first_name",
        "last_name",
        "languages",
        "password",
    }
)


def _own_events(person: Person) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        Q(object_type=object_type_of(Expert()), object_id__in=[str(e.pk) for e in person.experts])
        | Q(object_type=object_type_of(User()), object_id__in=[str(u.pk) for u in person.users])
    )


def _related_events(person: Person) -> QuerySet[AuditEvent]:
    """Events that may quote the person: about their deployments, mission reports and
    feedback, or done by them."""
    deployments = Deployment.objects.filter(expert__in=person.experts)
    reports = MissionReport.objects.filter(
        Q(deployment__in=deployments) | Q(submitted_by__in=person.users)
    )
    feedback = Feedback.objects.filter(author__in=person.users)
    return AuditEvent.objects.filter(
        Q(
            object_type=object_type_of(Deployment()),
            object_id__in=[str(pk) for pk in deployments.values_list("pk", flat=True)],
        )
        | Q(
            object_type=object_type_of(MissionReport()),
            object_id__in=[str(pk) for pk in reports.values_list("pk", flat=True)],
        )
        | Q(
            object_type=object_type_of(Feedback()),
            object_id__in=[str(pk) for pk in feedback.values_list("pk", flat=True)],
        )
        | Q(actor__in=person.users)
    ).exclude(pk__in=_own_events(person).values("pk"))


def _texts(person: Person) -> set[str]:
    """What identifies the person in free text: names and e-mail addresses (usernames are
    redacted by key only: a short one would also match inside ordinary words)."""
    texts = {person.email}
    for expert in person.experts:
        texts |= {expert.full_name, expert.email}
    for user in person.users:
        texts |= {user.get_full_name(), user.email}
    return {text for text in texts if text}


def _redact_history(person: Person) -> None:
    texts = _texts(person)
    redact_events(_own_events(person), keys=PERSONAL_KEYS, texts=texts)
    redact_events(_related_events(person), keys=(), texts=texts)


def _erase_expert(expert: Expert, now: datetime.datetime) -> None:
    old_cv = expert.cv.name or ""
    expert.full_name = f"Erased expert #{expert.pk}"
    expert.email = ""
    expert.biography = ""
    expert.keywords = []
    expert.max_days_per_year = None
    expert.cv = ""  # type: ignore[assignment]
    expert.consent_given_at = None
    expert.publish_name = False
    expert.status = ExpertStatus.DEACTIVATED
    expert.erased_at = now
    expert.save()
    expert.languages.all().delete()
    expert.unavailable_periods.all().delete()
    expert.thematic_areas.clear()
    expert.countries_of_experience.clear()
    expert.regions_of_experience.clear()
    if old_cv:
        transaction.on_commit(functools.partial(expert.cv.storage.delete, old_cv))


def _erase_account(user: User) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    # The inbox of an account nobody signs in to any more: what it told them goes with them.
    notifications_of(user).delete()
    user.username = f"erased-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.last_login = None
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def personal_data_erase(*, actor: Any, email: str, dry_run: bool = False) -> Erasure:
    """Anonymise the person with this e-mail: expert profiles and accounts. A dry run changes
    nothing and says what would change."""
    _check_actor(actor)
    person = find_person(email)
    erasure, naming, feedback = _plan(person)
    if dry_run:
        return erasure
    pattern = _names_pattern(person)
    now = timezone.now()
    # Before the profile changes: the events are found, and the texts read, as they are now.
    _redact_history(person)
    for report in naming:
        assert pattern is not None  # noqa: S101 - a report names the person only through it
        for name in REPORT_FIELDS:
            setattr(report, name, pattern.sub(ERASED_NAME, getattr(report, name)))
        report.save(update_fields=[*REPORT_FIELDS, "updated_at"])
    # A report belongs to its deployment: the new version makes a report form read before the
    # erasure a conflict when saved, rather than a way to write the erased name back.
    Deployment.objects.filter(pk__in=[report.deployment_id for report in naming]).update(
        version=F("version") + 1, updated_at=now
    )
    feedback.update(comment="", updated_at=now)
    for expert in person.experts:
        _erase_expert(expert, now)
        # No personal data in the event: the anonymised name is its only label.
        record_event(
            actor=actor,
            verb="expert.erased",
            instance=expert,
            after={"erased_at": now.isoformat(), "account": expert.user_id},
        )
    for user in person.users:
        _erase_account(user)
        record_event(
            actor=actor,
            verb="user.erased",
            instance=user,
            after={"erased_at": now.isoformat()},
        )
    return erasure
