"""The expert's own profile page (`experts:my_profile`, routed in `views.roster`).

One page, several small forms, each posting an `intent`: the profile with its languages, an
unavailable period to add or remove, the CV, consent. A user with the expert role and no profile
yet creates it here. Every write goes through `mieux.experts.profiles`; a refused change
re-renders the page with what the user typed and the service's message on the field.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mieux.accounts.decorators import role_page
from mieux.core.errors import DomainError, NotFound
from mieux.core.errors import PermissionDenied as DomainPermissionDenied
from mieux.experts import policies, profiles, services
from mieux.experts.forms import ConsentForm, CVForm, LanguageFormSet, PeriodForm, ProfileForm
from mieux.experts.models import Expert
from mieux.experts.selectors import deployments_of


def signed_in_user(request: HttpRequest) -> Any:
    """The user, with the memberships every policy reads fetched once for the whole page."""
    user: Any = request.user
    prefetch_related_objects([user], "memberships")
    return user


def page_error(error: DomainError) -> Exception | None:
    """The page's answer to a service's NotFound or PermissionDenied (None for other errors)."""
    if isinstance(error, NotFound):
        return Http404(error.message)
    if isinstance(error, DomainPermissionDenied):
        return PermissionDeniedPage(error.message)
    return None


def _show_on(form: forms.Form, error: DomainError) -> None:
    if (answer := page_error(error)) is not None:
        raise answer from error
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _save_profile(user: Any, expert: Expert | None, form: ProfileForm, languages: Any) -> None:
    """Create or update the profile and its languages: all of it, or nothing."""
    data = form.cleaned_data
    fields = {
        "full_name": data["full_name"],
        "email": data["email"],
        "institution": data["institution"],
        "expert_type": data["expert_type"],
        "thematic_areas": list(data["thematic_areas"]),
        "keywords": data["keywords"],
        "countries_of_experience": list(data["countries_of_experience"]),
        "regions_of_experience": list(data["regions_of_experience"]),
        "max_days_per_year": data["max_days_per_year"],
        "biography": data["biography"],
    }
    with transaction.atomic():
        if expert is None:
            expert = services.expert_create(actor=user, user=user, **fields)
        else:
            profiles.expert_update(actor=user, expert_id=expert.pk, **fields)
        profiles.expert_update(actor=user, expert_id=expert.pk, publish_name=data["publish_name"])
        profiles.expert_set_languages(
            actor=user, expert_id=expert.pk, languages=languages.languages()
        )


def _handle(request: HttpRequest, user: Any, expert: Expert | None, page: dict[str, Any]) -> bool:
    """Carry out the posted intent; True when done, False when the page shows an error."""
    intent = request.POST.get("intent", "")
    if intent == "profile":
        form = page["profile_form"] = ProfileForm(request.POST)
        languages = page["language_formset"] = LanguageFormSet(request.POST, prefix="languages")
        if not (form.is_valid() and languages.is_valid()):
            return False
        try:
            _save_profile(user, expert, form, languages)
        except DomainError as error:
            if error.field == "languages":
                if (answer := page_error(error)) is not None:
                    raise answer from error
                page["languages_error"] = error.message
            else:
                _show_on(form, error)
            return False
        messages.success(request, _("Your profile is saved."))
        return True
    if expert is None:
        messages.error(request, _("Create your profile first."))
        return True
    try:
        if intent == "period_add":
            period_form = page["period_form"] = PeriodForm(request.POST)
            if not period_form.is_valid():
                return False
            try:
                profiles.unavailable_period_add(
                    actor=user, expert_id=expert.pk, **period_form.cleaned_data
                )
            except DomainError as error:
                _show_on(period_form, error)
                return False
            messages.success(request, _("The period is added."))
        elif intent == "period_remove":
            profiles.unavailable_period_remove(
                actor=user, period_id=_number(request.POST.get("period_id"))
            )
            messages.success(request, _("The period is removed."))
        elif intent == "cv_upload":
            cv_form = page["cv_form"] = CVForm(request.POST, request.FILES)
            if not cv_form.is_valid():
                return False
            try:
                profiles.expert_upload_cv(
                    actor=user, expert_id=expert.pk, upload=cv_form.cleaned_data["cv"]
                )
            except DomainError as error:
                _show_on(cv_form, error)
                return False
            messages.success(request, _("Your CV is saved."))
        elif intent == "cv_remove":
            profiles.expert_remove_cv(actor=user, expert_id=expert.pk)
            messages.success(request, _("Your CV is removed."))
        elif intent == "consent_give":
            consent_form = page["consent_form"] = ConsentForm(request.POST)
            if not consent_form.is_valid():
                return False
            profiles.expert_give_consent(actor=user, expert_id=expert.pk)
            messages.success(request, _("Thank you: your consent is recorded."))
        elif intent == "consent_withdraw":
            profiles.expert_withdraw_consent(actor=user, expert_id=expert.pk)
            messages.success(
                request,
                _(
                    "Your consent is withdrawn. Your profile stays, but the facility can no "
                    "longer propose you for activities."
                ),
            )
        else:
            messages.error(request, _("That could not be understood. Nothing was changed."))
    except DomainError as error:
        if (answer := page_error(error)) is not None:
            raise answer from error
        messages.error(request, error.message)
    return True


def _number(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404(_("No such period.")) from None


def _page(expert: Expert | None) -> dict[str, Any]:
    """The page's forms, unbound, filled from the stored profile."""
    if expert is not None:
        prefetch_related_objects(
            [expert],
            "languages",
            "unavailable_periods",
            "thematic_areas",
            "countries_of_experience",
            "regions_of_experience",
        )
    initial_languages = (
        [{"code": language.code, "level": language.level} for language in expert.languages.all()]
        if expert is not None
        else []
    )
    return {
        "profile_form": ProfileForm(initial=ProfileForm.initial_for(expert) if expert else None),
        "language_formset": LanguageFormSet(initial=initial_languages, prefix="languages"),
        "languages_error": "",
        "period_form": PeriodForm(),
        "cv_form": CVForm(),
        "consent_form": ConsentForm(),
    }


@require_http_methods(["GET", "POST"])
@role_page(policies.can_edit_own_profile)
def my_profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    expert = Expert.objects.select_related("institution__country").filter(user=user).first()
    page = _page(expert)
    if request.method == "POST":
        if _handle(request, user, expert, page):
            return redirect("experts:my_profile")
        expert = Expert.objects.select_related("institution__country").filter(user=user).first()
    context = {
        "nav": "profile",
        "expert": expert,
        "periods": list(expert.unavailable_periods.order_by("start", "id")) if expert else [],
        "consent_withdrawn_at": profiles.consent_withdrawn_at(expert) if expert else None,
        # The expert's deployments, each linking to its page (answer, report) if they may open it.
        "deployments": [
            {
                "deployment": deployment,
                "linked": policies.can_view_deployment.test(user, deployment),
            }
            for deployment in deployments_of(user)
        ]
        if expert
        else [],
        **page,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "experts/roster/my_profile.html", context, status=status)
