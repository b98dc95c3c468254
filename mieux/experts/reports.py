"""Mission reports and feedback on activities: writes and the reads that go with them.

A report follows an expert's mission (one per deployment, written by the expert or by staff on
their behalf, editable, every change audited). Feedback is a score from 1 to 5 and a comment on
an activity that has ended, once per author: from a partner focal point of the action's
institutions, or from an expert deployed on it.
"""

from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.core.audit import record_event, snapshot
from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from mieux.core.text import MAX_LONG_TEXT_CHARACTERS
from mieux.experts import policies
from mieux.experts.models import Deployment, Feedback, FeedbackSource, MissionReport
from mieux.portfolio.models import Activity
from mieux.portfolio.selectors import visible_actions

REPORT_FIELDS = ("summary", "results", "challenges", "recommendations", "follow_up")
MAX_TEXT = MAX_LONG_TEXT_CHARACTERS
MAX_COMMENT = 5_000


def _clean_text(value: Any, field: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DomainError(_("This field must be text."), field=field)
    value = value.strip()
    if len(value) > limit:
        raise DomainError(
            _("This text is too long: at most %(limit)d characters.") % {"limit": limit},
            field=field,
        )
    return value


@transaction.atomic
def mission_report_submit(
    *,
    actor: Any,
    deployment_id: int,
    summary: str,
    results: str = "",
    challenges: str = "",
    recommendations: str = "",
    follow_up: str = "",
    expected_version: int | None = None,
) -> MissionReport:
    """Write the deployment's mission report, or change it: the expert, or staff for them.

    The report belongs to the deployment: writing or changing it bumps the deployment's version
    (an identical write changes nothing, not even the version). With `expected_version`, a
    deployment whose version moved on since the caller read it is a Conflict
    (`concurrent_update`) and nothing changes; without it the last writer wins."""
    # Locked so that two first submissions at once make one report, the second an update.
    deployment = (
        policies.visible_deployments(actor)
        .select_for_update(of=("self",))
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
    if not policies.report_is_due.test(actor, deployment):
        raise Conflict(
            _(
                "A mission report can be written once the deployment is accepted and the "
                "activity has ended, or once it is completed."
            )
        )
    if not policies.can_write_report.test(actor, deployment):
        raise PermissionDenied(_("Only the expert or facility staff may write this report."))
    texts = {
        "summary": _clean_text(summary, "summary", MAX_TEXT),
        "results": _clean_text(results, "results", MAX_TEXT),
        "challenges": _clean_text(challenges, "challenges", MAX_TEXT),
        "recommendations": _clean_text(recommendations, "recommendations", MAX_TEXT),
        "follow_up": _clean_text(follow_up, "follow_up", MAX_TEXT),
    }
    if not texts["summary"]:
        raise DomainError(_("A summary of the mission is required."), field="summary")
    report = MissionReport.objects.filter(deployment=deployment).first()
    if report is None:
        report = MissionReport.objects.create(deployment=deployment, submitted_by=actor, **texts)
        _bump_version(deployment)
        record_event(
            actor=actor, verb="mission_report.submitted", instance=report, after=snapshot(report)
        )
        return report
    before = snapshot(report, REPORT_FIELDS)
    report.deployment = deployment
    if all(getattr(report, name) == value for name, value in texts.items()):
        return report  # nothing changed: no save, no event, no new version
    for name, value in texts.items():
        setattr(report, name, value)
    report.save(update_fields=[*REPORT_FIELDS, "updated_at"])
    _bump_version(deployment)
    record_event(
        actor=actor,
        verb="mission_report.updated",
        instance=report,
        before=before,
        after=snapshot(report, REPORT_FIELDS),
    )
    return report


def _bump_version(deployment: Deployment) -> None:
    """The deployment's next version, under the row lock its caller holds; the version check
    in the UPDATE is the second line of defence, as in `services.deployment_transition`."""
    now = timezone.now()
    updated = Deployment.objects.filter(pk=deployment.pk, version=deployment.version).update(
        version=F("version") + 1, updated_at=now
    )
    if updated != 1:
        raise Conflict(
            _("Someone else changed this deployment at the same time; reload it."),
            code=ErrorCode.CONCURRENT_UPDATE,
        )
    deployment.version += 1
    deployment.updated_at = now


def visible_activity(actor: Any, activity_id: int) -> Activity:
    """The activity, if the actor may see its action; else `NotFound`."""
    activities = Activity.objects.select_related("action")
    # Facility staff run deployments on every action, public or not.
    if not policies.is_facility_staff.test(actor):
        activities = activities.filter(action__in=visible_actions(actor))
    activity = activities.filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No activity %s.") % activity_id)
    return activity


def feedback_source(actor: Any, activity: Activity) -> str | None:
    """The voice the actor would give feedback in on this activity, if any."""
    if policies.is_partner_of_activity.test(actor, activity):
        return FeedbackSource.PARTNER
    if policies.is_deployed_on_activity.test(actor, activity):
        return FeedbackSource.EXPERT
    return None


def _clean_score(score: Any) -> int:
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise DomainError(_("The score is a whole number from 1 to 5."), field="score")
    return score


@transaction.atomic
def feedback_give(*, actor: Any, activity_id: int, score: int, comment: str = "") -> Feedback:
    """Give (or change) the actor's own feedback on an activity that has ended."""
    activity = visible_activity(actor, activity_id)
    source = feedback_source(actor, activity)
    if source is None:
        raise PermissionDenied(
            _(
                "Only a partner focal point of the action or an expert deployed on the "
                "activity may give feedback on it."
            )
        )
    if not policies.activity_has_ended.test(actor, activity):
        raise Conflict(_("Feedback can be given once the activity has taken place."))
    score = _clean_score(score)
    comment = _clean_text(comment, "comment", MAX_COMMENT)
    # The activity's row is locked so that two first submissions at once make one row and
    # one update, not a unique-constraint error.
    Activity.objects.select_for_update().filter(pk=activity.pk).first()
    feedback = Feedback.objects.filter(activity=activity, author=actor).first()
    if feedback is None:
        feedback = Feedback.objects.create(
            activity=activity, author=actor, source=source, score=score, comment=comment
        )
        record_event(
            actor=actor, verb="feedback.given", instance=feedback, after=snapshot(feedback)
        )
        return feedback
    fields = ("source", "score", "comment")
    before = snapshot(feedback, fields)
    if (feedback.source, feedback.score, feedback.comment) == (source, score, comment):
        return feedback
    feedback.source, feedback.score, feedback.comment = source, score, comment
    feedback.save(update_fields=[*fields, "updated_at"])
    record_event(
        actor=actor,
        verb="feedback.updated",
        instance=feedback,
        before=before,
        after=snapshot(feedback, fields),
    )
    return feedback


def feedback_visible_to(actor: Any, activity: Activity) -> QuerySet[Feedback]:
    """All feedback on the activity for staff; a partner's or expert's own for them; else
    `PermissionDenied` (the activity itself is visible: check with `visible_activity`)."""
    feedback = Feedback.objects.filter(activity=activity).select_related("author")
    if policies.can_read_all_feedback.test(actor):
        return feedback.order_by("-created_at", "-id")
    if feedback_source(actor, activity) is None:
        raise PermissionDenied(_("You may not read the feedback on this activity."))
    return feedback.filter(author=actor)
