"""Writes to requests for assistance: create, edit drafts, attach files, take transitions.

Every write runs in one transaction, checks the policy, validates, saves, and writes an audit
event; e-mails go out after commit. A broken rule raises `DomainError` and changes nothing.
"""

import datetime
from collections.abc import Iterable
from typing import Any

import pycountry
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.accounts.models import Institution
from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from mieux.core.models import LANGUAGE_CODES, active_language
from mieux.core.text import MAX_REASON_CHARACTERS, check_length
from mieux.core.uploads import Kind, check_upload
from mieux.geo.models import Country
from mieux.intake import eligibility, formulation, notifications, policies
from mieux.intake.models import (
    Assessment,
    AssistanceRequest,
    Recommendation,
    RequestAttachment,
    RequestTransition,
)
from mieux.intake.workflow import TRANSITIONS
from mieux.taxonomy.models import ThematicArea

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "context",
        "objective",
        "text_language",
        "country",
        "languages",
        "desired_start",
        "desired_end",
        "timing_note",
        "expected_participants",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)
# Every two-letter ISO 639-1 language code, from pycountry's copy of the standard.
ISO_639_1 = frozenset(
    language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Checked from the content (mieux.core.uploads), whatever the name and declared type say.
ATTACHMENT_KINDS = frozenset(
    {Kind.PDF, Kind.DOC, Kind.DOCX, Kind.ODT, Kind.TEXT, Kind.PNG, Kind.JPEG}
)


def _validate_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS - {"thematic_areas", "requesting_institutions"}
    if unknown:
        raise DomainError(_("Unknown field: %s.") % ", ".join(sorted(unknown)), field=min(unknown))
    if "title" in fields and not str(fields["title"]).strip():
        raise DomainError(_("A title is required."), field="title")
    if "text_language" in fields and fields["text_language"] not in LANGUAGE_CODES:
        raise DomainError(
            _("The language of the texts must be one of %s.") % ", ".join(LANGUAGE_CODES),
            field="text_language",
        )
    languages = fields.get("languages")
    if languages is not None and (
        not isinstance(languages, list) or any(code not in ISO_639_1 for code in languages)
    ):
        raise DomainError(
            _("Languages must be ISO 639-1 codes such as “es” or “pt”."), field="languages"
        )
    start, end = fields.get("desired_start"), fields.get("desired_end")
    if start and end and end < start:
        raise DomainError(_("The desired end is before the desired start."), field="desired_end")
    participants = fields.get("expected_participants")
    if participants is not None and (isinstance(participants, bool) or participants < 0):
        raise DomainError(
            _("Expected participants must be a whole number, not negative."),
            field="expected_participants",
        )


def _lead_institution_of(actor: Any) -> Institution:
    ids = sorted(policies.partner_institution_ids(actor))
    if not ids:
        raise PermissionDenied(_("Only a partner focal point of an institution may request."))
    return Institution.objects.get(pk=ids[0])


def _snapshot(assistance_request: AssistanceRequest) -> dict[str, Any]:
    data = snapshot(assistance_request)
    data["thematic_areas"] = sorted(t.code for t in assistance_request.thematic_areas.all())
    data["requesting_institutions"] = sorted(
        i.pk for i in assistance_request.requesting_institutions.all()
    )
    return data


@transaction.atomic
def request_create(
    *,
    actor: Any,
    title: str,
    country: Country | None = None,
    thematic_areas: Iterable[ThematicArea] = (),
    requesting_institutions: Iterable[Institution] = (),
    lead_institution: Institution | None = None,
    **fields: Any,
) -> AssistanceRequest:
    """A draft request. The caller's institution requests by default; others may join it.

    Its texts are taken to be in the active language unless `text_language` says otherwise."""
    if not policies.can_create_request.test(actor):
        raise PermissionDenied(_("Only a partner focal point of an institution may request."))
    lead = lead_institution or _lead_institution_of(actor)
    if lead.pk not in policies.partner_institution_ids(actor):
        raise PermissionDenied(_("You may request only on behalf of your own institution."))
    if fields.get("text_language") is None:
        fields["text_language"] = active_language()
    _validate_fields({"title": title, **fields})
    # A national institution asks for its own country unless it says otherwise.
    country = country or lead.country
    region = country.region if country is not None else lead.region
    if region is None:
        raise DomainError(
            _("%s is not in a region the facility works in.") % (country or lead), field="country"
        )
    assistance_request = AssistanceRequest.objects.create(
        title=title.strip(),
        country=country,
        region=region,
        lead_institution=lead,
        created_by=actor,
        **fields,
    )
    assistance_request.requesting_institutions.set({lead, *requesting_institutions})
    assistance_request.thematic_areas.set(list(thematic_areas))
    record_event(
        actor=actor,
        verb="request.created",
        instance=assistance_request,
        after=_snapshot(assistance_request),
    )
    return assistance_request


def _locked(request_id: int, actor: Any) -> AssistanceRequest:
    """The request, row-locked for this transaction, or NotFound if the actor may not see it."""
    assistance_request = (
        policies.visible_requests(actor).select_for_update().filter(pk=request_id).first()
    )
    if assistance_request is None:
        raise NotFound(_("No request %s.") % request_id)
    return assistance_request


def _check_version(assistance_request: AssistanceRequest, expected_version: int | None) -> None:
    """Refuse a writer who read another version than the one locked now."""
    if expected_version is not None and expected_version != assistance_request.version:
        raise Conflict(
            _("The request changed since you read it (version %(now)d, not %(then)d).")
            % {"now": assistance_request.version, "then": expected_version},
            code=ErrorCode.CONCURRENT_UPDATE,
        )


def _bump_version(
    assistance_request: AssistanceRequest, now: datetime.datetime, **fields: Any
) -> None:
    """Write `fields` and the next version, if the row still holds the version read under the
    lock: the second line of defence, for databases whose SELECT … FOR UPDATE is a no-op
    (SQLite serialises writers instead)."""
    updated = AssistanceRequest.objects.filter(
        pk=assistance_request.pk, version=assistance_request.version
    ).update(**fields, version=F("version") + 1, updated_at=now)
    if updated != 1:
        raise Conflict(
            _("Someone else changed this request at the same time; reload it."),
            code=ErrorCode.CONCURRENT_UPDATE,
        )
    assistance_request.version += 1
    assistance_request.updated_at = now


@transaction.atomic
def request_update(
    *, actor: Any, request_id: int, expected_version: int | None = None, **changes: Any
) -> AssistanceRequest:
    """Edit a draft (or a request sent back for information). Saves only what differs.

    An edit that changes something bumps the version; one that changes nothing writes nothing.
    With `expected_version`, a request whose version moved on since the caller read it is a
    Conflict (`concurrent_update`) and nothing changes; without it the last writer wins."""
    assistance_request = _locked(request_id, actor)
    _check_version(assistance_request, expected_version)
    if not policies.can_edit_request.test(actor, assistance_request):
        raise PermissionDenied(_("This request cannot be edited now."))
    _validate_fields(changes)
    before = _snapshot(assistance_request)
    themes = changes.pop("thematic_areas", None)
    institutions = changes.pop("requesting_institutions", None)
    for name, value in changes.items():
        setattr(assistance_request, name, value)
    if "country" in changes and changes["country"] is not None:
        if changes["country"].region is None:
            raise DomainError(
                _("%s is not in a region the facility works in.") % changes["country"],
                field="country",
            )
        assistance_request.region = changes["country"].region
    if themes is not None:
        assistance_request.thematic_areas.set(list(themes))
    if institutions is not None:
        assistance_request.requesting_institutions.set(
            {assistance_request.lead_institution, *institutions}
        )
    after = _snapshot(assistance_request)
    changed = {key for key in after if after[key] != before.get(key)}
    if not changed:
        return assistance_request  # nothing changed: no write, no new version, no event
    _bump_version(
        assistance_request,
        timezone.now(),
        **{name: getattr(assistance_request, name) for name in changes},
        region=assistance_request.region,
    )
    record_event(
        actor=actor,
        verb="request.updated",
        instance=assistance_request,
        before={key: before.get(key) for key in changed},
        after={key: after[key] for key in changed},
    )
    return assistance_request


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    request_id: int,
    upload: UploadedFile,
    expected_version: int | None = None,
) -> RequestAttachment:
    """Attach a file to an editable request. The files are part of what the request holds, so
    attaching one bumps the request's version (whoever read it before must read it again, and
    sees the file); with `expected_version`, a stale one is a Conflict and nothing changes."""
    assistance_request = _locked(request_id, actor)
    _check_version(assistance_request, expected_version)
    if not policies.can_edit_request.test(actor, assistance_request):
        raise PermissionDenied(_("Files can be attached only while the request is editable."))
    checked = check_upload(upload, allowed=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
    attachment = RequestAttachment(
        assistance_request=assistance_request,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(attachment.name, upload, save=False)
    attachment.save()
    _bump_version(assistance_request, timezone.now())
    record_event(
        actor=actor,
        verb="request.attachment_added",
        instance=attachment,
        after=snapshot(attachment),
    )
    return attachment


def _submission_problems(assistance_request: AssistanceRequest) -> list[tuple[str, str]]:
    """What a request must hold before it is submitted: (field, message) pairs."""
    problems = []
    if not assistance_request.context.strip():
        problems.append(("context", _("Describe the problem and its context.")))
    if not assistance_request.objective.strip():
        problems.append(("objective", _("State the desired objective.")))
    if not assistance_request.thematic_areas.exists():
        problems.append(("thematic_areas", _("Choose at least one thematic area.")))
    if not assistance_request.languages:
        problems.append(("languages", _("Give at least one preferred language.")))
    return problems


def submission_problems(assistance_request: AssistanceRequest) -> list[tuple[str, str]]:
    """What is still missing before the request may be submitted (the review step lists it)."""
    return _submission_problems(assistance_request)


@transaction.atomic
def request_transition(
    *,
    actor: Any,
    request_id: int,
    transition: str,
    reason: str = "",
    expected_version: int | None = None,
) -> AssistanceRequest:
    """Take one workflow transition. The row lock and the version bump mean that of two users
    acting at once, one wins and the other gets a Conflict; an illegal transition changes nothing.
    """
    definition = TRANSITIONS.get(transition)
    if definition is None:
        raise DomainError(_("Unknown transition “%s”.") % transition, field="transition")
    assistance_request = _locked(request_id, actor)
    if expected_version is not None and expected_version != assistance_request.version:
        raise Conflict(
            _("The request changed since you read it (version %(now)d, not %(then)d).")
            % {"now": assistance_request.version, "then": expected_version},
            code=ErrorCode.CONCURRENT_UPDATE,
        )
    if assistance_request.status not in definition.sources:
        raise Conflict(
            _("This request is “%(status)s”. %(rule)s")
            % {"status": assistance_request.get_status_display(), "rule": definition.rule},
            code=ErrorCode.ILLEGAL_TRANSITION,
        )
    if not policies.can_take_transition(actor, assistance_request, definition):
        raise PermissionDenied(
            _("Your role does not allow this step (“%(step)s”) on this request.")
            % {"step": definition.label}
        )
    reason = (reason or "").strip()
    check_length(reason, field="reason", limit=MAX_REASON_CHARACTERS)
    if definition.reason_required and not reason:
        raise DomainError(_("Give a reason for this step."), field="reason")
    if transition in {"submit", "resubmit"}:
        problems = _submission_problems(assistance_request)
        if problems:
            raise DomainError(problems[0][1], field=problems[0][0])

    before = _snapshot(assistance_request)
    now = timezone.now()
    source = assistance_request.status
    _apply(actor, assistance_request, transition, reason, now)
    # The version check in the UPDATE is the second line of defence, for databases whose
    # SELECT … FOR UPDATE is a no-op (SQLite serialises writers instead).
    updated = AssistanceRequest.objects.filter(
        pk=assistance_request.pk, version=assistance_request.version
    ).update(
        status=definition.target,
        version=F("version") + 1,
        submitted_at=assistance_request.submitted_at,
        decided_at=assistance_request.decided_at,
        formulated_at=assistance_request.formulated_at,
        action=assistance_request.action,
        updated_at=now,
    )
    if updated != 1:
        raise Conflict(
            _("Someone else changed this request at the same time; reload it."),
            code=ErrorCode.CONCURRENT_UPDATE,
        )
    assistance_request.refresh_from_db()
    step = RequestTransition.objects.create(
        assistance_request=assistance_request,
        transition=transition,
        from_status=source,
        to_status=definition.target,
        actor=actor,
        occurred_at=now,
        reason=reason,
    )
    record_event(
        actor=actor,
        verb=f"request.{transition}",
        instance=assistance_request,
        before=before,
        after=_snapshot(assistance_request),
        reason=reason,
    )
    transaction.on_commit(lambda: notifications.enqueue_transition_emails(step.pk))
    return assistance_request


def _apply(
    actor: Any,
    assistance_request: AssistanceRequest,
    transition: str,
    reason: str,
    now: datetime.datetime,
) -> None:
    """Side effects of a transition on related records, before the status moves."""
    if transition == "submit":
        assistance_request.submitted_at = now
    elif transition == "start_assessment":
        assessment_refresh(assistance_request=assistance_request, now=now)
    elif transition in {"recommend", "not_recommend"}:
        assessment = assessment_refresh(assistance_request=assistance_request, now=now)
        assessment.recommendation = Recommendation(transition)
        assessment.reasons = reason
        assessment.assessed_by = actor
        assessment.assessed_at = now
        assessment.save()
    elif transition in {"approve", "reject", "defer"}:
        assistance_request.decided_at = now
    elif transition == "formulate":
        assistance_request.action = formulation.action_from_request(
            actor=actor, assistance_request=assistance_request
        )
        assistance_request.formulated_at = now


def assessment_refresh(
    *, assistance_request: AssistanceRequest, now: datetime.datetime | None = None
) -> Assessment:
    """Compute the eligibility checks again and store them on the request's assessment."""
    assessment, _created = Assessment.objects.get_or_create(
        assistance_request=assistance_request,
        defaults={"checked_at": now or timezone.now()},
    )
    assessment.checks = eligibility.compute_checks(assistance_request)
    assessment.checked_at = now or timezone.now()
    assessment.save()
    return assessment
