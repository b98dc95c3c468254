"""Writes to the expert roster and to deployments.

Every write runs in one transaction, checks the policy, validates, saves, and writes an audit
event. A broken rule raises `DomainError` and changes nothing.
"""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

import pycountry
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.accounts.models import Institution
from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from mieux.core.text import MAX_REASON_CHARACTERS, check_length
from mieux.experts import policies
from mieux.experts.models import (
    Deployment,
    DeploymentRole,
    Expert,
    ExpertLanguage,
    ExpertStatus,
    ExpertType,
    LanguageLevel,
    UnavailablePeriod,
)
from mieux.experts.workflow import EXPERT, TRANSITIONS, DeploymentStatus
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Activity
from mieux.taxonomy.models import ThematicArea

# An expert holds a deployment from acceptance on; a completed one still took those days.
HELD_STATES = frozenset({DeploymentStatus.ACCEPTED, DeploymentStatus.COMPLETED})


# Every two-letter ISO 639-1 language code, from pycountry's copy of the standard.
ISO_639_1 = frozenset(
    language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
)


def _expert_snapshot(expert: Expert) -> dict[str, Any]:
    data = snapshot(expert)
    data["thematic_areas"] = sorted(t.code for t in expert.thematic_areas.all())
    data["countries_of_experience"] = sorted(c.iso2 for c in expert.countries_of_experience.all())
    data["regions_of_experience"] = sorted(r.code for r in expert.regions_of_experience.all())
    data["languages"] = {language.code: language.level for language in expert.languages.all()}
    return data


def _validate_profile(
    *,
    full_name: str,
    expert_type: str,
    status: str,
    keywords: list[str],
    languages: dict[str, str],
    max_days_per_year: int | None,
) -> None:
    if not full_name.strip():
        raise DomainError(_("A full name is required."), field="full_name")
    if expert_type not in ExpertType.values:
        raise DomainError(_("Choose a valid expert type."), field="expert_type")
    if status not in ExpertStatus.values:
        raise DomainError(_("Choose a valid status."), field="status")
    if any(not isinstance(keyword, str) or not keyword.strip() for keyword in keywords):
        raise DomainError(_("Keywords must be non-empty words or phrases."), field="keywords")
    unknown = sorted(code for code in languages if code not in ISO_639_1)
    if unknown:
        raise DomainError(
            _("Languages must be ISO 639-1 codes such as “es” or “pt”."), field="languages"
        )
    if any(level not in LanguageLevel.values for level in languages.values()):
        raise DomainError(
            _("Language levels are A1, A2, B1, B2, C1, C2 or native."), field="languages"
        )
    if max_days_per_year is not None and (
        isinstance(max_days_per_year, bool)
        or not isinstance(max_days_per_year, int)
        or max_days_per_year < 1
    ):
        raise DomainError(
            _("The maximum days per year must be a whole number of at least 1."),
            field="max_days_per_year",
        )


@transaction.atomic
def expert_create(
    *,
    actor: Any,
    full_name: str,
    expert_type: str,
    user: Any = None,
    email: str = "",
    institution: Institution | None = None,
    thematic_areas: Iterable[ThematicArea] = (),
    keywords: Iterable[str] = (),
    languages: dict[str, str] | None = None,
    countries_of_experience: Iterable[Country] = (),
    regions_of_experience: Iterable[Region] = (),
    max_days_per_year: int | None = None,
    biography: str = "",
    consent_given_at: datetime.datetime | None = None,
    status: str = ExpertStatus.INVITED,
) -> Expert:
    """A roster profile. Facility staff add anyone; an expert with an account adds their own.

    `languages` maps ISO 639-1 codes to a CEFR level or "native"."""
    own_profile = user is not None and getattr(actor, "pk", None) == user.pk
    if not (policies.can_manage_roster.test(actor) or own_profile):
        raise PermissionDenied(_("Only facility staff or the expert may create this profile."))
    keywords = [keyword.strip() if isinstance(keyword, str) else keyword for keyword in keywords]
    languages = dict(languages or {})
    _validate_profile(
        full_name=full_name,
        expert_type=expert_type,
        status=status,
        keywords=keywords,
        languages=languages,
        max_days_per_year=max_days_per_year,
    )
    if user is not None and Expert.objects.filter(user=user).exists():
        raise Conflict(_("This user already has an expert profile."))
    expert = Expert.objects.create(
        user=user,
        full_name=full_name.strip(),
        email=email,
        institution=institution,
        expert_type=expert_type,
        keywords=keywords,
        max_days_per_year=max_days_per_year,
        biography=biography,
        consent_given_at=consent_given_at,
        status=status,
    )
    expert.thematic_areas.set(list(thematic_areas))
    expert.countries_of_experience.set(list(countries_of_experience))
    expert.regions_of_experience.set(list(regions_of_experience))
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(expert=expert, code=code, level=level) for code, level in languages.items()
    )
    record_event(
        actor=actor, verb="expert.created", instance=expert, after=_expert_snapshot(expert)
    )
    return expert


def _deployable_problem(expert: Expert) -> str | None:
    if expert.consent_given_at is None:
        return _("%s has not consented to the processing of their data.") % expert
    if expert.status == ExpertStatus.DEACTIVATED:
        return _("%s is deactivated.") % expert
    return None


def _overlapping(expert: Expert, activity: Activity, *, exclude: int | None) -> Deployment | None:
    """A deployment the expert holds on an activity whose dates overlap this one's."""
    held = Deployment.objects.filter(
        expert=expert,
        status__in=HELD_STATES,
        activity__start_date__lte=activity.end_date,
        activity__end_date__gte=activity.start_date,
    ).select_related("activity")
    if exclude is not None:
        held = held.exclude(pk=exclude)
    return held.order_by("activity__start_date", "id").first()


def days_held_in_year(expert: Expert, year: int, *, exclude: int | None = None) -> int:
    """Days the expert gives to held deployments on activities starting in `year`."""
    held = Deployment.objects.filter(
        expert=expert, status__in=HELD_STATES, activity__start_date__year=year
    ).select_related("activity")
    if exclude is not None:
        held = held.exclude(pk=exclude)
    return sum(deployment.activity.days for deployment in held)


def _availability_conflict(
    expert: Expert, activity: Activity, *, exclude: int | None
) -> Conflict | None:
    """The expert's own limits: a period they declared unavailable that meets the activity's
    dates, or a yearly allowance of days that the activity would exceed."""
    period = (
        UnavailablePeriod.objects.filter(
            expert=expert, start__lte=activity.end_date, end__gte=activity.start_date
        )
        .order_by("start")
        .first()
    )
    if period is not None:
        return Conflict(
            _("%(expert)s is unavailable from %(start)s to %(end)s.")
            % {"expert": expert, "start": period.start.isoformat(), "end": period.end.isoformat()},
            code=ErrorCode.EXPERT_UNAVAILABLE,
        )
    if expert.max_days_per_year is not None:
        year = activity.start_date.year
        used = days_held_in_year(expert, year, exclude=exclude)
        if used + activity.days > expert.max_days_per_year:
            return Conflict(
                _(
                    "%(expert)s has %(left)d of %(max)d days left in %(year)d; "
                    "the activity takes %(days)d."
                )
                % {
                    "expert": expert,
                    "left": max(expert.max_days_per_year - used, 0),
                    "max": expert.max_days_per_year,
                    "year": year,
                    "days": activity.days,
                },
                code=ErrorCode.EXPERT_UNAVAILABLE,
            )
    return None


def _overlap_conflict(expert: Expert, other: Deployment) -> Conflict:
    return Conflict(
        _("%(expert)s is already deployed on “%(activity)s” from %(start)s to %(end)s.")
        % {
            "expert": expert,
            "activity": other.activity,
            "start": other.activity.start_date.isoformat(),
            "end": other.activity.end_date.isoformat(),
        },
        code=ErrorCode.OVERLAPPING_DEPLOYMENT,
    )


@transaction.atomic
def deployment_propose(
    *, actor: Any, expert_id: int, activity_id: int, role: str = DeploymentRole.EXPERT
) -> Deployment:
    """Propose an expert for an activity. Only an expert who consented may be deployed."""
    if not policies.can_manage_roster.test(actor):
        raise PermissionDenied(_("Only facility staff may propose experts."))
    if role not in DeploymentRole.values:
        raise DomainError(_("The role is lead expert or expert."), field="role")
    expert = Expert.objects.select_for_update().filter(pk=expert_id).first()
    if expert is None:
        raise NotFound(_("No expert %s.") % expert_id)
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No activity %s.") % activity_id)
    problem = _deployable_problem(expert)
    if problem:
        raise DomainError(problem, field="expert")
    if Deployment.objects.filter(expert=expert, activity=activity).exists():
        raise Conflict(
            _("%(expert)s is already proposed for “%(activity)s”.")
            % {
                "expert": expert,
                "activity": activity,
            }
        )
    other = _overlapping(expert, activity, exclude=None)
    if other is not None:
        raise _overlap_conflict(expert, other)
    unavailable = _availability_conflict(expert, activity, exclude=None)
    if unavailable is not None:
        raise unavailable
    deployment = Deployment.objects.create(
        expert=expert, activity=activity, role=role, proposed_by=actor
    )
    record_event(
        actor=actor, verb="deployment.proposed", instance=deployment, after=snapshot(deployment)
    )
    return deployment


@transaction.atomic
def deployment_transition(
    *,
    actor: Any,
    deployment_id: int,
    transition: str,
    reason: str = "",
    expected_version: int | None = None,
    token_verified: bool = False,
) -> Deployment:
    """Take one workflow transition. Accepting locks the expert's row and checks again that the
    expert holds no deployment on overlapping dates, so of two accepts at once only one wins;
    the version check in the UPDATE is the second line of defence.

    `token_verified`: the caller proved to be the expert with a signed invitation link
    (`mieux.experts.invitations`), which experts without an account answer with; it allows only
    the expert's own transitions (accept, decline), and `actor` may then be anonymous."""
    definition = TRANSITIONS.get(transition)
    if definition is None:
        raise DomainError(_("Unknown transition “%s”.") % transition, field="transition")
    if token_verified and definition.actor != EXPERT:
        raise PermissionDenied(_("An invitation link only accepts or declines."))
    visible = Deployment.objects.all() if token_verified else policies.visible_deployments(actor)
    # Lock the deployment row only; the expert row is locked on its own below, when it matters.
    deployment = (
        visible.select_for_update(of=("self",))
        .select_related("expert", "activity")
        .filter(pk=deployment_id)
        .first()
    )
    if deployment is None:
        raise NotFound(_("No deployment %s.") % deployment_id)
    if expected_version is not None and expected_version != deployment.version:
        raise Conflict(
            _("The deployment changed since you read it (version %(now)d, not %(then)d).")
            % {"now": deployment.version, "then": expected_version},
            code=ErrorCode.CONCURRENT_UPDATE,
        )
    if deployment.status not in definition.sources:
        raise Conflict(
            _("This deployment is “%(status)s”. %(rule)s")
            % {"status": deployment.get_status_display(), "rule": definition.rule},
            code=ErrorCode.ILLEGAL_TRANSITION,
        )
    if not token_verified and not policies.can_take_transition(actor, deployment, definition):
        raise PermissionDenied(
            _("Your role does not allow this step (“%(step)s”) on this deployment.")
            % {"step": definition.label}
        )
    reason = (reason or "").strip()
    check_length(reason, field="reason", limit=MAX_REASON_CHARACTERS)
    if definition.reason_required and not reason:
        raise DomainError(_("Give a reason for this step."), field="reason")
    if definition.target == DeploymentStatus.ACCEPTED:
        # Serialise accepts per expert: a concurrent accept waits here, then sees ours.
        expert = Expert.objects.select_for_update().get(pk=deployment.expert_id)
        problem = _deployable_problem(expert)
        if problem:
            raise DomainError(problem, field="expert")
        other = _overlapping(expert, deployment.activity, exclude=deployment.pk)
        if other is not None:
            raise _overlap_conflict(expert, other)
        unavailable = _availability_conflict(expert, deployment.activity, exclude=deployment.pk)
        if unavailable is not None:
            raise unavailable

    before = snapshot(deployment)
    now = timezone.now()
    stamps: dict[str, Any] = {}
    if transition == "invite":
        stamps["invited_at"] = now
    elif transition in {"accept", "decline"}:
        stamps["responded_at"] = now
    elif transition == "complete":
        stamps["completed_at"] = now
    updated = Deployment.objects.filter(pk=deployment.pk, version=deployment.version).update(
        status=definition.target, version=F("version") + 1, updated_at=now, **stamps
    )
    if updated != 1:
        raise Conflict(
            _("Someone else changed this deployment at the same time; reload it."),
            code=ErrorCode.CONCURRENT_UPDATE,
        )
    deployment.refresh_from_db()
    if transition == "invite":
        # The invitation e-mail (with its accept and decline links) leaves once this commits.
        from mieux.experts import invitations  # imports this module: import when needed

        transaction.on_commit(partial(invitations.enqueue_invitation_email, deployment.pk))
    record_event(
        actor=actor,
        verb=f"deployment.{transition}",
        instance=deployment,
        before=before,
        after=snapshot(deployment),
        reason=reason,
    )
    return deployment
