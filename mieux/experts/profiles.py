"""Writes to expert profiles: what the expert maintains (or staff for them). Staff's invite,
verify, deactivate and reactivate are in `mieux.experts.profile_status`.

The rules of `mieux.experts.services` hold here too: one transaction, policy first, validation
with a specific message (nothing changes on error), an audit event with before and after. Side
effects that must not happen for a rolled-back change (deleting an old CV file, sending the
invitation e-mail) run after commit.
"""

import datetime
import functools
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.accounts.models import Institution
from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from mieux.core.models import AuditEvent
from mieux.core.uploads import Kind, check_upload
from mieux.experts import policies
from mieux.experts.models import (
    Deployment,
    Expert,
    ExpertLanguage,
    ExpertStatus,
    UnavailablePeriod,
)
from mieux.experts.services import _expert_snapshot, _validate_profile
from mieux.experts.workflow import DeploymentStatus
from mieux.geo.models import Country, Region
from mieux.taxonomy.models import ThematicArea

UNSET: Any = object()  # "leave this field as it is" in `expert_update`
MAX_CV_BYTES = 5 * 1024 * 1024
MAX_BIOGRAPHY_CHARACTERS = 3000
# Checked from the content (mieux.core.uploads), whatever the name and declared type say.
CV_KINDS = frozenset({Kind.PDF, Kind.DOCX, Kind.ODT})


def _locked_expert(actor: Any, expert_id: int) -> Expert:
    """The expert's row, locked, if the actor may see the profile (others: not found).

    The lock serialises profile changes with the accept of a deployment, which locks the same
    row before checking the expert's unavailable periods."""
    expert = policies.visible_experts(actor).select_for_update().filter(pk=expert_id).first()
    if expert is None:
        raise NotFound(_("No expert %s.") % expert_id)
    return expert


def _check_editable(actor: Any, expert: Expert) -> None:
    if not policies.can_edit_profile.test(actor, expert):
        raise PermissionDenied(_("Only facility staff or the expert may change this profile."))
    if expert.erased_at is not None:
        raise Conflict(_("This profile was erased on request and can no longer be changed."))


def _check_staff(actor: Any, message: str) -> None:
    if not policies.can_manage_roster.test(actor):
        raise PermissionDenied(message)


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "updated_at"}


def _normalised_email(actor: Any, email: str, *, exclude: int | None = None) -> str:
    """The address, checked. Only staff are told that another expert has it: anyone else
    could otherwise probe the roster for other people's e-mail addresses."""
    email = (email or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError(
            _("“%s” is not a valid e-mail address.") % email, field="email"
        ) from error
    if not policies.is_facility_staff.test(actor):
        return email
    others = Expert.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise Conflict(_("Another expert on the roster has the e-mail %s.") % email, field="email")
    return email


@transaction.atomic
def expert_update(
    *,
    actor: Any,
    expert_id: int,
    full_name: str = UNSET,
    email: str = UNSET,
    institution: Institution | None = UNSET,
    expert_type: str = UNSET,
    thematic_areas: Iterable[ThematicArea] = UNSET,
    keywords: Iterable[str] = UNSET,
    countries_of_experience: Iterable[Country] = UNSET,
    regions_of_experience: Iterable[Region] = UNSET,
    max_days_per_year: int | None = UNSET,
    biography: str = UNSET,
    publish_name: bool = UNSET,
) -> Expert:
    """Change the fields given (the others stay). The expert themself or staff."""
    expert = _locked_expert(actor, expert_id)
    _check_editable(actor, expert)
    before = _expert_snapshot(expert)
    fields: dict[str, Any] = {}
    if full_name is not UNSET:
        fields["full_name"] = (full_name or "").strip()
    if email is not UNSET:
        fields["email"] = _normalised_email(actor, email, exclude=expert.pk)
    if institution is not UNSET:
        fields["institution"] = institution
    if expert_type is not UNSET:
        fields["expert_type"] = expert_type
    if keywords is not UNSET:
        fields["keywords"] = [k.strip() if isinstance(k, str) else k for k in keywords]
    if max_days_per_year is not UNSET:
        fields["max_days_per_year"] = max_days_per_year
    if biography is not UNSET:
        fields["biography"] = (biography or "").strip()
        if len(fields["biography"]) > MAX_BIOGRAPHY_CHARACTERS:
            raise DomainError(
                _("The biography may be at most %d characters long.") % MAX_BIOGRAPHY_CHARACTERS,
                field="biography",
            )
    if publish_name is not UNSET:
        fields["publish_name"] = bool(publish_name)
    _validate_profile(
        full_name=fields.get("full_name", expert.full_name),
        expert_type=fields.get("expert_type", expert.expert_type),
        status=expert.status,
        keywords=fields.get("keywords", expert.keywords),
        languages={},
        max_days_per_year=fields.get("max_days_per_year", expert.max_days_per_year),
    )
    for name, value in fields.items():
        setattr(expert, name, value)
    expert.save()
    if thematic_areas is not UNSET:
        expert.thematic_areas.set(list(thematic_areas))
    if countries_of_experience is not UNSET:
        expert.countries_of_experience.set(list(countries_of_experience))
    if regions_of_experience is not UNSET:
        expert.regions_of_experience.set(list(regions_of_experience))
    after = _expert_snapshot(expert)
    if _comparable(after) != _comparable(before):
        record_event(
            actor=actor, verb="expert.updated", instance=expert, before=before, after=after
        )
    return expert


@transaction.atomic
def expert_set_languages(
    *, actor: Any, expert_id: int, languages: dict[str, str] | Iterable[tuple[str, str]]
) -> Expert:
    """Replace the expert's languages: ISO 639-1 codes with a CEFR level or "native"."""
    expert = _locked_expert(actor, expert_id)
    _check_editable(actor, expert)
    pairs = list(languages.items()) if isinstance(languages, dict) else list(languages)
    wanted: dict[str, str] = {}
    for code, level in pairs:
        code = (code or "").strip().lower()
        if code in wanted:
            raise DomainError(_("The language “%s” is listed twice.") % code, field="languages")
        wanted[code] = level
    _validate_profile(
        full_name=expert.full_name,
        expert_type=expert.expert_type,
        status=expert.status,
        keywords=expert.keywords,
        languages=wanted,
        max_days_per_year=expert.max_days_per_year,
    )
    if not wanted and expert.status == ExpertStatus.ACTIVE:
        raise DomainError(_("An active expert needs at least one language."), field="languages")
    before = _expert_snapshot(expert)
    if before["languages"] == wanted:
        return expert
    expert.languages.all().delete()
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert=expert, code=code, level=level) for code, level in wanted.items()
    )
    expert.save(update_fields=["updated_at"])
    record_event(
        actor=actor,
        verb="expert.languages_set",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
    )
    return expert


def _periods(expert: Expert) -> list[dict[str, Any]]:
    return [snapshot(period) for period in expert.unavailable_periods.order_by("start", "id")]


@transaction.atomic
def unavailable_period_add(
    *,
    actor: Any,
    expert_id: int,
    start: datetime.date | None,
    end: datetime.date | None,
    note: str = "",
) -> UnavailablePeriod:
    """A period the expert cannot work. Refused when it meets a deployment they accepted."""
    expert = _locked_expert(actor, expert_id)
    _check_editable(actor, expert)
    if start is None or end is None:
        raise DomainError(
            _("Give the first and the last day of the period."),
            field="start" if start is None else "end",
        )
    if end < start:
        raise DomainError(
            _("The last day (%(end)s) is before the first day (%(start)s).")
            % {"start": start.isoformat(), "end": end.isoformat()},
            field="end",
        )
    note = (note or "").strip()
    if len(note) > UnavailablePeriod._meta.get_field("note").max_length:  # type: ignore[operator]
        raise DomainError(_("The note may be at most 300 characters long."), field="note")
    clash = (
        Deployment.objects.filter(
            expert=expert,
            status=DeploymentStatus.ACCEPTED,
            activity__start_date__lte=end,
            activity__end_date__gte=start,
        )
        .select_related("activity")
        .order_by("activity__start_date", "id")
        .first()
    )
    if clash is not None:
        raise Conflict(
            _(
                "%(expert)s has accepted to work on “%(activity)s” from %(start)s to %(end)s, "
                "which falls in this period. The facility must release that deployment first."
            )
            % {
                "expert": expert,
                "activity": clash.activity,
                "start": clash.activity.start_date.isoformat(),
                "end": clash.activity.end_date.isoformat(),
            },
            code=ErrorCode.OVERLAPPING_DEPLOYMENT,
            field="start",
        )
    before = _periods(expert)
    period = UnavailablePeriod.objects.create(expert=expert, start=start, end=end, note=note)
    record_event(
        actor=actor,
        verb="expert.unavailable_period_added",
        instance=expert,
        before={"unavailable_periods": before},
        after={"unavailable_periods": _periods(expert)},
    )
    return period


@transaction.atomic
def unavailable_period_remove(*, actor: Any, period_id: int) -> Expert:
    period = (
        UnavailablePeriod.objects.filter(expert__in=policies.visible_experts(actor))
        .filter(pk=period_id)
        .first()
    )
    if period is None:
        raise NotFound(_("No unavailable period %s.") % period_id)
    expert = _locked_expert(actor, period.expert_id)
    _check_editable(actor, expert)
    before = _periods(expert)
    period.delete()
    record_event(
        actor=actor,
        verb="expert.unavailable_period_removed",
        instance=expert,
        before={"unavailable_periods": before},
        after={"unavailable_periods": _periods(expert)},
    )
    return expert


def _delete_after_commit(expert: Expert, name: str) -> None:
    if name:
        transaction.on_commit(functools.partial(expert.cv.storage.delete, name))


@transaction.atomic
def expert_upload_cv(*, actor: Any, expert_id: int, upload: UploadedFile) -> Expert:
    """Store a new CV; the previous file is deleted once the change is committed.

    (A rolled-back change leaves the new file behind unreferenced; it is never served.)"""
    expert = _locked_expert(actor, expert_id)
    _check_editable(actor, expert)
    checked = check_upload(upload, allowed=CV_KINDS, max_bytes=MAX_CV_BYTES, field="cv")
    before = _expert_snapshot(expert)
    old_name = expert.cv.name or ""
    expert.cv.save(f"cv{checked.extension}", upload, save=False)
    expert.save(update_fields=["cv", "updated_at"])
    _delete_after_commit(expert, old_name)
    record_event(
        actor=actor,
        verb="expert.cv_uploaded",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
    )
    return expert


@transaction.atomic
def expert_remove_cv(*, actor: Any, expert_id: int) -> Expert:
    expert = _locked_expert(actor, expert_id)
    _check_editable(actor, expert)
    if not expert.cv:
        raise Conflict(_("There is no CV to remove."), field="cv")
    before = _expert_snapshot(expert)
    old_name = expert.cv.name or ""
    expert.cv = ""  # type: ignore[assignment]
    expert.save(update_fields=["cv", "updated_at"])
    _delete_after_commit(expert, old_name)
    record_event(
        actor=actor,
        verb="expert.cv_removed",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
    )
    return expert


@transaction.atomic
def expert_give_consent(*, actor: Any, expert_id: int) -> Expert:
    """The expert consents to the processing of their data, now. Staff may record it only for
    an expert without an account (consent given in writing); nobody consents for someone who
    can do it themself. Giving it again changes nothing."""
    expert = _locked_expert(actor, expert_id)
    own = policies.is_own_profile.test(actor, expert)
    if not (own or (policies.is_facility_staff.test(actor) and expert.user_id is None)):
        raise PermissionDenied(_("Only the expert may consent to the processing of their data."))
    _check_editable(actor, expert)
    if expert.consent_given_at is not None:
        return expert
    before = _expert_snapshot(expert)
    expert.consent_given_at = timezone.now()
    expert.save(update_fields=["consent_given_at", "updated_at"])
    record_event(
        actor=actor,
        verb="expert.consent_given",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
    )
    return expert


@transaction.atomic
def expert_withdraw_consent(*, actor: Any, expert_id: int, reason: str = "") -> Expert:
    """The profile stays but can no longer be proposed (services refuse experts without
    consent). The audit event dates the withdrawal (see `consent_withdrawn_at`)."""
    expert = _locked_expert(actor, expert_id)
    _check_editable(actor, expert)
    if expert.consent_given_at is None:
        return expert
    before = _expert_snapshot(expert)
    expert.consent_given_at = None
    expert.save(update_fields=["consent_given_at", "updated_at"])
    record_event(
        actor=actor,
        verb="expert.consent_withdrawn",
        instance=expert,
        before=before,
        after=_expert_snapshot(expert),
        reason=(reason or "").strip(),
    )
    return expert


def consent_withdrawn_at(expert: Expert) -> datetime.datetime | None:
    """When consent was last withdrawn, if it is withdrawn now."""
    if expert.consent_given_at is not None:
        return None
    event = (
        AuditEvent.objects.filter(
            object_type="experts.expert", object_id=str(expert.pk), verb="expert.consent_withdrawn"
        )
        .order_by("-occurred_at", "-id")
        .first()
    )
    return event.occurred_at if event is not None else None
