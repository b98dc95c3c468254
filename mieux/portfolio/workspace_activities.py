"""The activities tab of an action in the workspace: officers list, add and edit its activities.

Every write goes through `services.activity_create` / `activity_update`, which apply the rules
(dates inside the action's period, women and men within the total, no city when online) and
audit; an edit carries the version the officer read, and a stale one opens the merge page.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mieux.accounts.decorators import role_page
from mieux.core.errors import DomainError
from mieux.portfolio import policies, selectors, services
from mieux.portfolio.editing import add_domain_error, edit_page, object_or_404
from mieux.portfolio.forms import ActivityForm
from mieux.portfolio.models import Action, Activity
from mieux.portfolio.workspace import action_or_404

FORM_TEMPLATE = "portfolio/workspace/activity_form.html"


def _context(action: Action, **extra: Any) -> dict[str, Any]:
    return {
        "nav": "workspace",
        "action": action,
        "tab": "activities",
        "public_url": reverse("portfolio:action_detail", args=[action.slug]),
        "list_url": reverse("portfolio:workspace_activity_list", args=[action.slug]),
        **extra,
    }


@require_http_methods(["GET"])
@role_page(policies.can_manage_portfolio)
def workspace_activity_list(request: HttpRequest, slug: str) -> HttpResponse:
    action = action_or_404(slug)
    context = _context(action, activities=list(selectors.workspace_activities(action)))
    return render(request, "portfolio/workspace/activity_list.html", context)


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    action = action_or_404(slug)
    initial = {"start_date": action.start_date, "language": action.language}
    form = ActivityForm(request.POST or None, initial=initial, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, action=action, **form.changes())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The activity “%s” was added.") % activity.title)
            return redirect("portfolio:workspace_activity_list", slug=action.slug)
    context = _context(action, form=form, activity=None, heading=_("New activity"))
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_activity_edit(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    action = action_or_404(slug)
    activity = object_or_404(
        action.activities.select_related("activity_type", "country"),
        _("“%(action)s” has no activity %(id)d.") % {"action": action.name, "id": activity_id},
        pk=activity_id,
    )
    context = _context(
        action,
        activity=activity,
        heading=_("Edit the activity “%s”") % activity.title,
        discard_url=reverse("portfolio:workspace_activity_edit", args=[action.slug, activity.pk]),
    )
    result = edit_page(
        request,
        form_class=ActivityForm,
        instance=activity,
        template=FORM_TEMPLATE,
        context=context,
        save=lambda form: services.activity_update(
            actor=request.user,
            activity=activity,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        ),
        reload=lambda: Activity.objects.select_related("activity_type", "country").get(
            pk=activity.pk
        ),
    )
    if isinstance(result, HttpResponse):
        return result
    messages.success(request, _("Saved: “%s”.") % result)
    return redirect("portfolio:workspace_activity_list", slug=action.slug)
