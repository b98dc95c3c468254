"""Roster and profile pages: staff's roster, an expert's page, the CV download, the invitation,
status changes; the expert's own profile (`views.own_profile`); the page where an invited person
chooses a password.

Contact data (e-mail, CV, notes on unavailable periods) reaches only staff and the expert
themself: every page reads experts through `policies.visible_experts`, so anyone else gets a 404
(the roster list and the invitation are staff pages: a 403).
"""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mieux.accounts.decorators import role_page
from mieux.accounts.password_forms import FirstPasswordForm
from mieux.core.errors import Conflict, DomainError
from mieux.experts import policies, profile_status, profiles
from mieux.experts.forms import InviteForm, RosterFilterForm, StatusForm, language_name
from mieux.experts.models import Deployment, Expert, ExpertStatus
from mieux.experts.selectors import filter_roster
from mieux.experts.views import own_profile
from mieux.experts.views.own_profile import page_error, signed_in_user

PAGE_SIZE = 25
CV_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
STATUS_SERVICES: dict[str, Callable[..., Expert]] = {
    "verify": profile_status.expert_verify,
    "deactivate": profile_status.expert_deactivate,
    "reactivate": profile_status.expert_reactivate,
}


def _staff_only(user: Any) -> None:
    if not policies.can_manage_roster.test(user):
        raise PermissionDeniedPage(_("Only facility staff may manage the roster."))


def _expert_or_404(user: Any, expert_id: int) -> Expert:
    expert = policies.visible_experts(user).filter(pk=expert_id).first()
    if expert is None:
        raise Http404(_("No such expert."))
    return expert


def _status_actions(expert: Expert) -> list[str]:
    if expert.erased_at is not None:
        return []
    if expert.status == ExpertStatus.DEACTIVATED:
        return ["reactivate"]
    if expert.status == ExpertStatus.ACTIVE and expert.verified_at is not None:
        return ["deactivate"]
    return ["verify", "deactivate"]


def _detail_context(
    user: Any,
    expert: Expert,
    *,
    status_error: DomainError | None = None,
    typed: dict[str, str] | None = None,
) -> dict[str, Any]:
    expert = (
        Expert.objects.select_related("institution__country", "user")
        .prefetch_related(
            "languages",
            "unavailable_periods",
            "thematic_areas",
            "countries_of_experience",
            "regions_of_experience",
            Prefetch(
                "deployments",
                queryset=Deployment.objects.select_related(
                    "activity__action", "activity__country"
                ).order_by("-activity__start_date", "-id"),
            ),
        )
        .get(pk=expert.pk)
    )
    return {
        "nav": "experts",
        "expert": expert,
        "expert_languages": [
            (language_name(language.code), language) for language in expert.languages.all()
        ],
        # Each deployment links to its page (transitions, report) for whoever may open it.
        "deployments": [
            {
                "deployment": deployment,
                "linked": policies.can_view_deployment.test(user, deployment),
            }
            for deployment in expert.deployments.all()
        ],
        "status_actions": _status_actions(expert),
        "status_error": status_error,
        "typed": typed or {},
        "consent_withdrawn_at": profiles.consent_withdrawn_at(expert),
    }


@require_GET
@role_page(policies.can_manage_roster)
def roster(request: HttpRequest) -> HttpResponse:
    form = RosterFilterForm(request.GET or None)
    experts = (
        Expert.objects.select_related("institution__country")
        .prefetch_related("languages", "thematic_areas")
        .order_by("full_name", "id")
    )
    valid = not form.is_bound or form.is_valid()
    experts = filter_roster(experts, form.roster_filter()) if form.is_bound and valid else experts
    paginator = Paginator(experts if valid else experts.none(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "nav": "experts",
        "form": form,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "filtered": form.is_bound and form.is_filtered(),
    }
    return render(request, "experts/roster/list.html", context, status=200 if valid else 400)


@login_required
@require_GET
def expert_detail(request: HttpRequest, expert_id: int) -> HttpResponse:
    user = signed_in_user(request)
    expert = _expert_or_404(user, expert_id)
    if not policies.can_manage_roster.test(user):
        # The expert themself: their own profile is the page where they maintain it.
        return redirect("experts:my_profile")
    return render(request, "experts/roster/detail.html", _detail_context(user, expert))


@login_required
@require_GET
def expert_cv(request: HttpRequest, expert_id: int) -> FileResponse:
    user = signed_in_user(request)
    expert = _expert_or_404(user, expert_id)
    if not expert.cv:
        raise Http404(_("This expert has no CV."))
    suffix = PurePath(expert.cv.name or "").suffix.lower()
    response = FileResponse(
        expert.cv.open("rb"),
        as_attachment=True,
        filename=f"cv-{slugify(expert.full_name) or expert.pk}{suffix}",
        content_type=CV_CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def expert_invite(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _staff_only(user)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            expert = profile_status.expert_invite(
                actor=user,
                full_name=data["full_name"],
                email=data["email"],
                expert_type=data["expert_type"],
                institution=data["institution"],
                language=data["language"],
                site_url=request.build_absolute_uri("/"),
            )
        except DomainError as error:
            if (answer := page_error(error)) is not None:
                raise answer from error
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if expert.user_id is not None:
                message = _("%(name)s is on the roster; an invitation was sent to %(email)s.")
            else:
                message = _(
                    "%(name)s is on the roster as invited. Without an e-mail address, no "
                    "invitation was sent."
                )
            messages.success(request, message % {"name": expert, "email": expert.email})
            return redirect("experts:expert_detail", expert.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "experts/roster/invite.html", {"nav": "experts", "form": form}, status=status
    )


@login_required
@require_POST
def expert_status(request: HttpRequest, expert_id: int) -> HttpResponse:
    user = signed_in_user(request)
    expert = _expert_or_404(user, expert_id)
    _staff_only(user)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That step could not be understood. Nothing was changed."))
        return redirect("experts:expert_detail", expert.pk)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    arguments: dict[str, Any] = {"actor": user, "expert_id": expert.pk}
    if action != "verify":
        arguments["reason"] = reason
    try:
        changed = STATUS_SERVICES[action](**arguments)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect("experts:expert_detail", expert.pk)
    except DomainError as error:
        if (answer := page_error(error)) is not None:
            raise answer from error
        context = _detail_context(
            user, expert, status_error=error, typed={"action": action, "reason": reason}
        )
        return render(request, "experts/roster/detail.html", context, status=400)
    messages.success(
        request,
        _("%(name)s is now “%(status)s”.")
        % {"name": changed, "status": changed.get_status_display()},
    )
    still_open = profile_status.open_deployments(changed) if action == "deactivate" else []
    if still_open:
        messages.warning(
            request,
            _("These deployments are still open; settle them one by one: %s.")
            % "; ".join(
                f"“{deployment.activity}” ({deployment.get_status_display()})"
                for deployment in still_open
            ),
        )
    return redirect("experts:expert_detail", changed.pk)


class SetPasswordView(PasswordResetConfirmView):
    """An invited expert chooses a password with the link of the invitation e-mail (Django's
    password-reset tokens: one use, limited in time); then they sign in."""

    template_name = "experts/roster/set_password.html"
    # The accounts form: bounded lengths, and the password set (and audited) by its service.
    form_class = FirstPasswordForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password is set. Sign in to complete your profile."))
        return super().form_valid(form)


urlpatterns = [
    path("experts/", roster, name="roster"),
    path("experts/invite/", expert_invite, name="expert_invite"),
    path("experts/me/", own_profile.my_profile, name="my_profile"),
    path("experts/<int:expert_id>/", expert_detail, name="expert_detail"),
    path("experts/<int:expert_id>/cv/", expert_cv, name="expert_cv"),
    path("experts/<int:expert_id>/status/", expert_status, name="expert_status"),
    path(
        "experts/welcome/<uidb64>/<token>/",
        SetPasswordView.as_view(),
        name="set_password",
    ),
]
