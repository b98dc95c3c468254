"""Pages for requests: the list, the multi-step form with drafts, the detail page with transitions.

Every page needs a signed-in user. Whether a user may see, edit, create or move a request is asked
of `mieux.intake.policies`; every write goes through `mieux.intake.services`, whose errors are
shown as form errors (bad input) or messages (someone else acted first). A request the user may
not see is a 404, as if it did not exist.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mieux.accounts.decorators import role_page
from mieux.accounts.models import Institution
from mieux.core.errors import Conflict, DomainError, NotFound
from mieux.core.errors import PermissionDenied as DomainPermissionDenied
from mieux.intake import check_notes, policies, services
from mieux.intake.forms import (
    FIELD_STEPS,
    ContactForm,
    ProblemForm,
    ScopeForm,
    StepForm,
    TransitionForm,
    WhoForm,
    form_problem,
)
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.intake.workflow import TRANSITIONS, RequestStatus, Transition, transitions_from
from mieux.portfolio.selectors import visible_actions

PAGE_SIZE = getattr(settings, "REQUEST_PAGE_SIZE", 25)
SUBMISSION_TRANSITIONS = ("submit", "resubmit")


@dataclass(frozen=True)
class Step:
    number: int
    title: Promise


STEPS = (
    Step(1, gettext_lazy("Who asks")),
    Step(2, gettext_lazy("Problem and objective")),
    Step(3, gettext_lazy("Scope")),
    Step(4, gettext_lazy("Contact and files")),
    Step(5, gettext_lazy("Review and submit")),
)
LAST_STEP = len(STEPS)

CHECK_LABELS = {
    "country_eligible": gettext_lazy("Country eligible"),
    "requester_type_eligible": gettext_lazy("Requesting institutions eligible"),
    "civil_society_jointly": gettext_lazy("Civil society only jointly with a public body"),
    "thematic_fit": gettext_lazy("Thematic fit"),
    "possible_duplication": gettext_lazy("No duplication with actions or open requests"),
}


def _signed_in_user(request: HttpRequest) -> Any:
    """The user, with the memberships every policy reads fetched once for the whole page."""
    user: Any = request.user
    prefetch_related_objects([user], "memberships")
    return user


def _visible(user: Any) -> QuerySet[AssistanceRequest]:
    return policies.visible_requests(user).select_related(
        "country", "region", "lead_institution__country", "lead_institution__region"
    )


def _request_or_404(user: Any, request_id: int) -> AssistanceRequest:
    """The request with what the form and review pages show, if the user may see it."""
    assistance_request = (
        _visible(user)
        .prefetch_related(
            Prefetch(
                "requesting_institutions",
                queryset=Institution.objects.select_related("country", "region"),
            ),
            "thematic_areas",
            "attachments",
        )
        .filter(pk=request_id)
        .first()
    )
    if assistance_request is None:
        raise Http404(_("No such request."))
    return assistance_request


def _detail_or_404(user: Any, request_id: int) -> AssistanceRequest:
    """The request with everything the detail page shows, in a fixed number of queries."""
    assistance_request = (
        _visible(user)
        .select_related("action", "assessment__assessed_by", "created_by")
        .prefetch_related(
            Prefetch(
                "requesting_institutions",
                queryset=Institution.objects.select_related("country", "region"),
            ),
            Prefetch("thematic_areas"),
            Prefetch(
                "transitions",
                queryset=RequestTransition.objects.select_related("actor").order_by(
                    "occurred_at", "id"
                ),
            ),
            "attachments",
        )
        .filter(pk=request_id)
        .first()
    )
    if assistance_request is None:
        raise Http404(_("No such request."))
    return assistance_request


def _assessment(assistance_request: AssistanceRequest) -> Any:
    try:
        return assistance_request.assessment
    except AssistanceRequest.assessment.RelatedObjectDoesNotExist:
        return None


def _allowed_transitions(user: Any, assistance_request: AssistanceRequest) -> list[Transition]:
    return [
        transition
        for transition in transitions_from(assistance_request.status)
        if policies.can_take_transition(user, assistance_request, transition)
    ]


def language_names(codes: list[str]) -> list[str]:
    """The names of language codes in the active language; a code Django does not name, as is."""
    names = []
    for code in codes:
        try:
            names.append(get_language_info(code)["name_translated"])
        except KeyError:
            names.append(code)
    return names


def _detail_context(
    user: Any,
    assistance_request: AssistanceRequest,
    *,
    failed_transition: str = "",
    typed_reason: str = "",
    transition_error: DomainError | None = None,
) -> dict[str, Any]:
    allowed = _allowed_transitions(user, assistance_request)
    action_visible = (
        assistance_request.action_id is not None
        and visible_actions(user).filter(pk=assistance_request.action_id).exists()
    )
    areas = list(assistance_request.thematic_areas.all())
    can_view_assessment = policies.can_view_assessment.test(user, assistance_request)
    assessment = _assessment(assistance_request)
    checks = assessment.checks if assessment and can_view_assessment else []
    return {
        "nav": "requests",
        "assistance_request": assistance_request,
        "institutions": list(assistance_request.requesting_institutions.all()),
        "thematic_areas": areas,
        "language_names": language_names(list(assistance_request.languages or [])),
        "timeline": list(assistance_request.transitions.all()),
        "attachments": list(assistance_request.attachments.all()),
        "can_view_assessment": can_view_assessment,
        "assessment": assessment,
        "assessment_checks": check_notes.worded_lists(
            checks, countries=[assistance_request.country], thematic_areas=areas
        )[0],
        "check_labels": CHECK_LABELS,
        "can_edit": policies.can_edit_request.test(user, assistance_request),
        "transitions": [
            {
                "definition": transition,
                "reason": typed_reason if transition.name == failed_transition else "",
                "error": transition_error if transition.name == failed_transition else None,
            }
            for transition in allowed
        ],
        "transition_error": transition_error,
        "error_step": FIELD_STEPS.get(transition_error.field or "") if transition_error else None,
        "action_visible": action_visible,
    }


@require_GET
@role_page(policies.can_list_requests)
def request_list(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    status = (request.GET.get("status") or "").strip()
    requests = _visible(user).order_by("-updated_at", "-id")
    error = None
    if status and status not in RequestStatus.values:
        error = _("There is no status “%s”.") % status
    elif status:
        requests = requests.filter(status=status)
    paginator = Paginator(requests, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "nav": "requests",
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "statuses": RequestStatus.choices,
        "selected_status": status,
        "error": error,
        "can_create": policies.can_create_request.test(user),
    }
    return render(request, "intake/requests/list.html", context, status=400 if error else 200)


@login_required
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    assistance_request = _detail_or_404(user, request_id)
    return render(request, "intake/requests/detail.html", _detail_context(user, assistance_request))


@login_required
@require_POST
def request_transition(request: HttpRequest, request_id: int) -> HttpResponse:
    user = _signed_in_user(request)
    assistance_request = _detail_or_404(user, request_id)
    detail_url = reverse("intake:request_detail", args=[assistance_request.pk])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        message, field = form_problem(
            form, _("That step could not be understood. Nothing was changed.")
        )
        if field is None:
            messages.error(request, message)
            return redirect(detail_url)
        # A reason that breaks a rule is shown back with what was typed, like a service's refusal.
        context = _detail_context(
            user,
            assistance_request,
            failed_transition=request.POST.get("transition", ""),
            typed_reason=request.POST.get("reason", ""),
            transition_error=DomainError(message, field=field),
        )
        return render(request, "intake/requests/detail.html", context, status=400)
    name = form.cleaned_data["transition"]
    reason = form.cleaned_data["reason"]
    try:
        services.request_transition(
            actor=user,
            request_id=assistance_request.pk,
            transition=name,
            reason=reason,
            expected_version=form.cleaned_data["version"],
        )
    except Conflict as error:
        messages.error(
            request,
            _(
                "Someone else acted first, or this step is not possible now. Nothing was "
                "changed. %(detail)s"
            )
            % {"detail": error.message},
        )
        return redirect(detail_url)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainPermissionDenied as error:
        raise PermissionDeniedPage(error.message) from error
    except DomainError as error:
        context = _detail_context(
            user,
            assistance_request,
            failed_transition=name,
            typed_reason=reason,
            transition_error=error,
        )
        return render(request, "intake/requests/detail.html", context, status=400)
    messages.success(request, str(TRANSITIONS[name].done))
    return redirect(detail_url)


@login_required
@require_GET
def attachment_download(request: HttpRequest, request_id: int, attachment_id: int) -> FileResponse:
    user = _signed_in_user(request)
    assistance_request = policies.visible_requests(user).filter(pk=request_id).first()
    if assistance_request is None:
        raise Http404(_("No such request."))
    attachment = assistance_request.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    if not policies.can_create_request.test(user):
        raise PermissionDeniedPage(_("Only a partner focal point of an institution may request."))
    return _form_step(request, user, 1, None)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, request_id: int, step: int) -> HttpResponse:
    user = _signed_in_user(request)
    if not 1 <= step <= LAST_STEP:
        raise Http404(_("No such step."))
    assistance_request = _request_or_404(user, request_id)
    if not policies.can_edit_request.test(
        user, assistance_request
    ) and not _saved_over_a_later_version(request, step, assistance_request):
        messages.info(request, _("This request cannot be edited now."))
        return redirect("intake:request_detail", assistance_request.pk)
    if step == LAST_STEP:
        if request.method != "GET":
            return HttpResponse(status=405, headers={"Allow": "GET"})
        return _review_step(request, user, assistance_request)
    return _form_step(request, user, step, assistance_request)


def _saved_over_a_later_version(
    request: HttpRequest, step: int, assistance_request: AssistanceRequest
) -> bool:
    """A step saved from a page read before the request moved on (someone submitted it, say):
    the save goes on to be refused as stale, and the page shows back what the user typed."""
    posted = request.POST.get("version", "") if request.method == "POST" else ""
    return step < LAST_STEP and posted.isdigit() and int(posted) != assistance_request.version


def _own_institutions(user: Any) -> list[Institution]:
    ids = policies.partner_institution_ids(user)
    return list(Institution.objects.filter(pk__in=ids).order_by("pk"))


def _step_form(
    user: Any, step: int, assistance_request: AssistanceRequest | None, data: Any, files: Any
) -> StepForm:
    """The step's form, bound to what was posted, or filled from the stored draft; a step of
    an existing draft carries the draft's version."""
    if step == 1:
        lead = assistance_request.lead_institution if assistance_request else None
        initial = {}
        if assistance_request is not None:
            initial["requesting_institutions"] = [
                institution.pk
                for institution in assistance_request.requesting_institutions.all()
                if institution.pk != assistance_request.lead_institution_id
            ]
        return WhoForm(
            data,
            initial=initial,
            own_institutions=_own_institutions(user),
            lead=lead,
            version=assistance_request.version if assistance_request else None,
        )
    if assistance_request is None:  # Only step 1 exists before the draft does.
        raise Http404(_("No such request."))
    version = assistance_request.version
    if step == 2:
        return ProblemForm(
            data,
            initial={
                "title": assistance_request.title,
                "context": assistance_request.context,
                "objective": assistance_request.objective,
                "text_language": assistance_request.text_language,
            },
            version=version,
        )
    if step == 3:
        return ScopeForm(data, initial=ScopeForm.initial_for(assistance_request), version=version)
    return ContactForm(
        data,
        files,
        initial={
            "contact_name": assistance_request.contact_name,
            "contact_email": assistance_request.contact_email,
            "contact_phone": assistance_request.contact_phone,
        },
        version=version,
    )


def _save_step(
    user: Any, step: int, assistance_request: AssistanceRequest | None, form: StepForm
) -> AssistanceRequest:
    """Save the draft through the services, in one transaction: all of the step or nothing.

    The version the page showed is checked by the first write; a file attached after it, in
    the same transaction, follows the version that write made."""
    data = form.cleaned_data
    with transaction.atomic():
        if assistance_request is None:
            # Step 1 of a new request: the draft is created here.
            lead = data.get("lead_institution") or getattr(form, "lead", None)
            return services.request_create(
                actor=user,
                # A working title the requester replaces in the next step.
                title=_("New request from %(institution)s") % {"institution": lead},
                lead_institution=lead,
                requesting_institutions=list(data["requesting_institutions"]),
            )
        request_id = assistance_request.pk
        if step == 1:
            return services.request_update(
                actor=user,
                request_id=request_id,
                expected_version=data["version"],
                requesting_institutions=list(data["requesting_institutions"]),
            )
        if step == 2:
            return services.request_update(
                actor=user,
                request_id=request_id,
                expected_version=data["version"],
                title=data["title"],
                context=data["context"],
                objective=data["objective"],
                text_language=data["text_language"],
            )
        if step == 3:
            return services.request_update(
                actor=user,
                request_id=request_id,
                expected_version=data["version"],
                country=data["country"],
                thematic_areas=list(data["thematic_areas"]),
                languages=data["all_languages"],
                desired_start=data["desired_start"],
                desired_end=data["desired_end"],
                timing_note=data["timing_note"],
                expected_participants=data["expected_participants"],
            )
        updated = services.request_update(
            actor=user,
            request_id=request_id,
            expected_version=data["version"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
        )
        if data.get("file"):
            services.attachment_add(actor=user, request_id=request_id, upload=data["file"])
        return updated


def _add_domain_error(form: StepForm, error: DomainError) -> None:
    field = error.field
    if field == "languages" and "other_languages" in form.fields:
        field = "other_languages"
    form.add_error(field if field in form.fields else None, error.message)


def _carry_version(form: StepForm, version: int) -> None:
    """Show the form again with what the user typed but the request's current version, so
    that saving it again is a deliberate choice to replace what is saved now."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data.setlist("version", [str(version)])
    form.data = data


def _stale_save(
    request: HttpRequest, user: Any, step: int, form: StepForm, current: AssistanceRequest
) -> dict[str, Any]:
    """What the page tells a user whose save came after someone else's: nothing of theirs was
    saved, what they typed is still in the form, where the saved request now says something
    else, and whether they may save again (the request may have moved on)."""
    compared = _step_form(user, step, current, form.data, form.files)
    differs = [
        str(compared.fields[name].label)
        for name in compared.changed_data
        if name not in {"version", "file"}
    ]
    _carry_version(form, current.version)
    return {
        "version": current.version,
        "fields": differs,
        "file_dropped": bool(request.FILES.get("file")),
        "editable": policies.can_edit_request.test(user, current),
    }


def _form_step(
    request: HttpRequest, user: Any, step: int, assistance_request: AssistanceRequest | None
) -> HttpResponse:
    posted = request.method == "POST"
    form = _step_form(
        user,
        step,
        assistance_request,
        request.POST if posted else None,
        request.FILES if posted else None,
    )
    status = 200
    stale: dict[str, Any] | None = None
    if posted:
        status = 400
        if form.is_valid():
            try:
                saved = _save_step(user, step, assistance_request, form)
            except NotFound as error:
                raise Http404(error.message) from error
            except DomainPermissionDenied as error:
                raise PermissionDeniedPage(error.message) from error
            except Conflict as error:
                # Someone else saved first (only an edit of an existing draft checks a version).
                assert assistance_request is not None  # noqa: S101
                assistance_request = _request_or_404(user, assistance_request.pk)
                stale = _stale_save(request, user, step, form, assistance_request)
                status = error.status
            except DomainError as error:
                _add_domain_error(form, error)
            else:
                messages.success(request, _("Draft saved."))
                next_step = step if request.POST.get("intent") == "save" else step + 1
                return redirect("intake:request_edit", saved.pk, next_step)
        elif "version" in form.errors and assistance_request is not None:
            _carry_version(form, assistance_request.version)
    context = {
        "nav": "requests",
        "assistance_request": assistance_request,
        "steps": STEPS,
        "step": STEPS[step - 1],
        "form": form,
        "stale": stale,
        "attachments": list(assistance_request.attachments.all()) if assistance_request else [],
        "previous_step": step - 1 if step > 1 else None,
    }
    return render(request, f"intake/requests/step_{step}.html", context, status=status)


def _review_step(
    request: HttpRequest, user: Any, assistance_request: AssistanceRequest
) -> HttpResponse:
    problems = [
        {"field": field, "message": message, "step": FIELD_STEPS.get(field, 1)}
        for field, message in services.submission_problems(assistance_request)
    ]
    context = {
        "nav": "requests",
        "assistance_request": assistance_request,
        "steps": STEPS,
        "step": STEPS[LAST_STEP - 1],
        "problems": problems,
        "institutions": list(assistance_request.requesting_institutions.all()),
        "thematic_areas": list(assistance_request.thematic_areas.all()),
        "language_names": language_names(list(assistance_request.languages or [])),
        "attachments": list(assistance_request.attachments.all()),
        "submissions": [
            transition
            for transition in _allowed_transitions(user, assistance_request)
            if transition.name in SUBMISSION_TRANSITIONS
        ],
        "previous_step": LAST_STEP - 1,
    }
    return render(request, "intake/requests/review.html", context)


urlpatterns = [
    path("requests/", request_list, name="request_list"),
    path("requests/new/", request_create, name="request_create"),
    path("requests/<int:request_id>/", request_detail, name="request_detail"),
    path("requests/<int:request_id>/edit/<int:step>/", request_edit, name="request_edit"),
    path("requests/<int:request_id>/transition/", request_transition, name="request_transition"),
    path(
        "requests/<int:request_id>/attachments/<int:attachment_id>/",
        attachment_download,
        name="request_attachment",
    ),
]
