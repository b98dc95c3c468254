"""Deployment pages: an expert's own deployments, one deployment with its transitions, history and
mission report, the invitation answer page (no sign-in: the link's token proves the expert), and
feedback on an activity.

Who may see and do what is asked of `mieux.experts.policies`; every write goes through
`mieux.experts.services`, `.reports` or `.invitations`. A deployment the user may not see is a 404.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mieux.accounts.decorators import role_page
from mieux.core.audit import object_type_of
from mieux.core.errors import Conflict, DomainError, ErrorCode, NotFound
from mieux.core.errors import PermissionDenied as DomainPermissionDenied
from mieux.core.models import AuditEvent
from mieux.experts import invitations, policies, reports, services
from mieux.experts.models import Deployment, Feedback, MissionReport
from mieux.experts.selectors import deployments_of
from mieux.experts.workflow import TRANSITIONS, transitions_from
from mieux.portfolio.models import Activity

VERB_LABELS = {
    "deployment.proposed": gettext_lazy("Proposed"),
    "deployment.invite": gettext_lazy("Invited"),
    "deployment.accept": gettext_lazy("Accepted"),
    "deployment.decline": gettext_lazy("Declined"),
    "deployment.complete": gettext_lazy("Completed"),
    "mission_report.submitted": gettext_lazy("Mission report written"),
    "mission_report.updated": gettext_lazy("Mission report changed"),
}


class TransitionForm(forms.Form):
    transition = forms.ChoiceField(choices=[(name, name) for name in TRANSITIONS])
    version = forms.IntegerField(min_value=1)
    reason = forms.CharField(required=False, max_length=2000)


class MissionReportForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Summary of the mission"),
        max_length=reports.MAX_TEXT,
        widget=forms.Textarea,
    )
    results = forms.CharField(
        label=gettext_lazy("Results observed"),
        required=False,
        max_length=reports.MAX_TEXT,
        widget=forms.Textarea,
    )
    challenges = forms.CharField(
        label=gettext_lazy("Challenges met"),
        required=False,
        max_length=reports.MAX_TEXT,
        widget=forms.Textarea,
    )
    recommendations = forms.CharField(
        label=gettext_lazy("Recommendations"),
        required=False,
        max_length=reports.MAX_TEXT,
        widget=forms.Textarea,
    )
    follow_up = forms.CharField(
        label=gettext_lazy("Follow-up needed"),
        required=False,
        max_length=reports.MAX_TEXT,
        widget=forms.Textarea,
    )
    # The deployment's version the page showed: a save after someone else's is refused.
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            key: gettext_lazy(
                "This page did not say which version of the report it shows, so nothing was "
                "saved. It now carries the latest version: check what you typed and save again."
            )
            for key in ("required", "invalid", "min_value")
        },
    )


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=reports.MAX_COMMENT,
        widget=forms.Textarea,
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[(answer, answer) for answer in invitations.ANSWERS])
    reason = forms.CharField(required=False, max_length=2000)


def _user(request: HttpRequest) -> Any:
    """The user, with the memberships every policy reads fetched once for the whole page."""
    user: Any = request.user
    if user.is_authenticated:
        prefetch_related_objects([user], "memberships")
    return user


def _deployment_or_404(user: Any, deployment_id: int) -> Deployment:
    deployment = (
        policies.visible_deployments(user)
        .select_related(
            "expert__user",
            "expert__institution",
            "activity__action",
            "activity__country",
            "activity__activity_type",
        )
        .filter(pk=deployment_id)
        .first()
    )
    if deployment is None:
        raise Http404(_("No such deployment."))
    return deployment


def _history(deployment: Deployment, report: MissionReport | None) -> list[dict[str, Any]]:
    """The deployment's audit events, and its report's, oldest first."""
    condition = Q(object_type=object_type_of(deployment), object_id=str(deployment.pk))
    if report is not None:
        condition |= Q(object_type=object_type_of(report), object_id=str(report.pk))
    events = AuditEvent.objects.filter(condition).select_related("actor").order_by("occurred_at")
    return [
        {
            "event": event,
            "label": VERB_LABELS.get(event.verb, event.verb),
            "actor": (event.actor.get_full_name() or event.actor.username) if event.actor else "",
        }
        for event in events
    ]


def _detail_context(user: Any, deployment: Deployment, **extra: Any) -> dict[str, Any]:
    report = MissionReport.objects.filter(deployment=deployment).first()
    activity = deployment.activity
    expert_user_id = deployment.expert.user_id
    feedback = None
    if expert_user_id is not None:
        feedback = Feedback.objects.filter(activity=activity, author_id=expert_user_id).first()
    is_expert = user.pk == expert_user_id
    return {
        "nav": "deployments",
        "deployment": deployment,
        "activity": activity,
        "transitions": [
            t
            for t in transitions_from(deployment.status)
            if policies.can_take_transition(user, deployment, t)
        ],
        "history": _history(deployment, report),
        # Staff go on from here to the expert's roster page and the activity's team.
        "staff_links": policies.can_manage_roster.test(user),
        "report": report,
        "can_write_report": policies.can_write_report.test(user, deployment),
        "expert_feedback": feedback,
        "can_give_feedback": is_expert
        and policies.is_deployed_on_activity.test(user, activity)
        and policies.activity_has_ended.test(user, activity),
        "feedback_form": FeedbackForm(
            initial={"score": feedback.score, "comment": feedback.comment} if feedback else None
        ),
        **extra,
    }


@require_GET
@role_page(policies.can_view_own_deployments)
def deployment_list(request: HttpRequest) -> HttpResponse:
    """The signed-in expert's own deployments."""
    deployments = deployments_of(request.user).select_related("activity__country")
    return render(
        request,
        "experts/deployment_list.html",
        {"deployments": deployments, "nav": "deployments"},
    )


@login_required
@require_GET
def deployment_detail(request: HttpRequest, deployment_id: int) -> HttpResponse:
    user = _user(request)
    deployment = _deployment_or_404(user, deployment_id)
    return render(request, "experts/deployments/detail.html", _detail_context(user, deployment))


@login_required
@require_POST
def deployment_transition(request: HttpRequest, deployment_id: int) -> HttpResponse:
    user = _user(request)
    deployment = _deployment_or_404(user, deployment_id)
    detail_url = reverse("experts:deployment_detail", args=[deployment.pk])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That step could not be understood. Nothing was changed."))
        return redirect(detail_url)
    name = form.cleaned_data["transition"]
    try:
        services.deployment_transition(
            actor=user,
            deployment_id=deployment.pk,
            transition=name,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainPermissionDenied as error:
        raise PermissionDeniedPage(error.message) from error
    except DomainError as error:
        # Stale version, a step not possible now, an overlap: shown on the page, nothing changed.
        deployment = _deployment_or_404(user, deployment_id)
        context = _detail_context(user, deployment, transition_error=error)
        return render(request, "experts/deployments/detail.html", context, status=error.status)
    messages.success(request, str(TRANSITIONS[name].done))
    return redirect(detail_url)


def _carry_version(form: forms.Form, version: int) -> None:
    """Show the form again with what the user typed but the current version, so that saving it
    again is a deliberate choice to replace what is saved now."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data.setlist("version", [str(version)])
    form.data = data


@login_required
@require_http_methods(["GET", "POST"])
def deployment_report(request: HttpRequest, deployment_id: int) -> HttpResponse:
    """The mission report's form, for the expert or staff once the mission is over."""
    user = _user(request)
    deployment = _deployment_or_404(user, deployment_id)
    detail_url = reverse("experts:deployment_detail", args=[deployment.pk])
    report = MissionReport.objects.filter(deployment=deployment).first()
    if not policies.can_write_report.test(user, deployment):
        messages.info(request, _("The mission report can be written once the mission is over."))
        return redirect(detail_url)
    initial = {name: getattr(report, name) for name in reports.REPORT_FIELDS} if report else {}
    initial["version"] = deployment.version
    form = MissionReportForm(request.POST or None, initial=initial)
    error: DomainError | None = None
    stale: list[str] | None = None
    if request.method == "POST" and form.is_valid():
        texts = dict(form.cleaned_data)
        expected_version = texts.pop("version")
        try:
            reports.mission_report_submit(
                actor=user,
                deployment_id=deployment.pk,
                expected_version=expected_version,
                **texts,
            )
        except NotFound as not_found:
            raise Http404(not_found.message) from not_found
        except DomainPermissionDenied as denied:
            raise PermissionDeniedPage(denied.message) from denied
        except Conflict as conflict:
            error = conflict
            if conflict.code == ErrorCode.CONCURRENT_UPDATE:
                # Someone else saved first: what this user typed stays in the form, which now
                # carries the current version, and the page says where the saved report differs.
                deployment = _deployment_or_404(user, deployment_id)
                report = MissionReport.objects.filter(deployment=deployment).first()
                stale = [
                    str(form.fields[name].label)
                    for name in reports.REPORT_FIELDS
                    if (getattr(report, name) if report else "") != texts[name]
                ]
                _carry_version(form, deployment.version)
        except DomainError as domain_error:
            error = domain_error
            if domain_error.field in form.fields:
                form.add_error(domain_error.field, domain_error.message)
        else:
            messages.success(request, _("The mission report was saved."))
            return redirect(detail_url)
    elif request.method == "POST" and "version" in form.errors:
        _carry_version(form, deployment.version)
    status = 200
    if request.method == "POST":
        status = error.status if error is not None else 400
    context = {
        "nav": "deployments",
        "deployment": deployment,
        "activity": deployment.activity,
        "report": report,
        "form": form,
        "error": error,
        "stale": stale,
    }
    return render(request, "experts/deployments/report_form.html", context, status=status)


def _respond_page(request: HttpRequest, template: str, context: dict, status: int) -> HttpResponse:
    response = render(request, template, context, status=status)
    # The token is in the URL: no other site learns it from the Referer header. Not
    # "no-referrer": with it, browsers send "Origin: null" with the page's own form, and the
    # CSRF check refuses the answer (the browser test shows it).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def deployment_respond(request: HttpRequest, deployment_id: int, token: str) -> HttpResponse:
    """The invitation's answer page: GET shows it, POST accepts or declines. No sign-in."""
    try:
        deployment, _version = invitations.read_token(deployment_id, token)
    except DomainError as error:
        return _respond_page(
            request, "experts/deployments/respond_invalid.html", {"error": error}, error.status
        )
    context: dict[str, Any] = {
        "deployment": deployment,
        "activity": deployment.activity,
        "place": invitations.place_of(deployment.activity),
        "chosen": request.GET.get("answer", ""),
    }
    if request.method == "GET":
        return _respond_page(request, "experts/deployments/respond.html", context, 200)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        context["error"] = DomainError(_("Choose to accept or to decline the invitation."))
        return _respond_page(request, "experts/deployments/respond.html", context, 400)
    try:
        answered = invitations.respond_with_token(
            deployment_id=deployment.pk,
            token=token,
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        template = "experts/deployments/respond.html"
        if isinstance(error, invitations.InvalidInvitation | invitations.InvitationGone):
            template = "experts/deployments/respond_invalid.html"
        context["error"] = error
        return _respond_page(request, template, context, error.status)
    context["answered"] = answered
    return _respond_page(request, "experts/deployments/respond_done.html", context, 200)


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
@require_http_methods(["GET", "POST"])
def activity_feedback(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Feedback on an activity: partners of the action and deployed experts give theirs; staff
    read everyone's. The activity's action not visible: 404; visible but none of these: 403."""
    user = _user(request)
    try:
        activity: Activity = reports.visible_activity(user, activity_id)
        visible = reports.feedback_visible_to(user, activity)
    except NotFound as not_found:
        raise Http404(not_found.message) from not_found
    except DomainPermissionDenied as denied:
        raise PermissionDeniedPage(denied.message) from denied
    source = reports.feedback_source(user, activity)
    own = next((f for f in visible if f.author_id == user.pk), None) if source else None
    initial = {"score": own.score, "comment": own.comment} if own else None
    form = FeedbackForm(request.POST or None, initial=initial)
    error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            reports.feedback_give(
                actor=user,
                activity_id=activity.pk,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except DomainPermissionDenied as denied:
            raise PermissionDeniedPage(denied.message) from denied
        except DomainError as domain_error:
            error = domain_error
        else:
            messages.success(request, _("Thank you: your feedback was saved."))
            return redirect(_safe_next(request) or request.path)
    status = 200
    if request.method == "POST":
        status = error.status if error is not None else 400
    context = {
        "activity": activity,
        "action": activity.action,
        "source": source,
        "own": own,
        "form": form,
        "error": error,
        "can_give": source is not None and policies.activity_has_ended.test(user, activity),
        "all_feedback": visible if policies.can_read_all_feedback.test(user) else None,
    }
    return render(request, "experts/deployments/feedback.html", context, status=status)


urlpatterns = [
    path("deployments/", deployment_list, name="deployment_list"),
    path("deployments/<int:deployment_id>/", deployment_detail, name="deployment_detail"),
    path(
        "deployments/<int:deployment_id>/transition/",
        deployment_transition,
        name="deployment_transition",
    ),
    path("deployments/<int:deployment_id>/report/", deployment_report, name="deployment_report"),
    path(
        "deployments/<int:deployment_id>/respond/<str:token>/",
        deployment_respond,
        name="deployment_respond",
    ),
    path("activities/<int:activity_id>/feedback/", activity_feedback, name="activity_feedback"),
]
