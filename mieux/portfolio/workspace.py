"""The portfolio workspace: officers create, edit, publish and unpublish actions in pages.

Views gather what a template shows and hand every write to `services` or `publication`; who may
see a page is decided by `policies`. An edit carries the version the officer read: when another
officer saved in between, the service refuses it (409) and the page shows both versions, field
by field, with what this officer typed still in the form, so that nothing typed is lost.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mieux.accounts.decorators import role_page
from mieux.core.errors import Conflict, DomainError
from mieux.portfolio import policies, services
from mieux.portfolio.forms import EDITED_FIELDS, ActionCreateForm, ActionForm, PublicationForm
from mieux.portfolio.models import Action
from mieux.portfolio.publication import action_publish, action_unpublish, publication_checklist

PAGE_SIZE = 50


def _action_or_404(slug: str) -> Action:
    action = Action.objects.filter(slug=slug).first()
    if action is None:
        raise Http404(_("No action with the slug “%s”.") % slug)
    return action


def _add_domain_error(form: Any, error: DomainError) -> None:
    """A service's refusal shown on the field it names (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@require_http_methods(["GET"])
@role_page(policies.can_view_workspace)
def workspace_action_list(request: HttpRequest) -> HttpResponse:
    """Every action, public or not, the most recently changed first."""
    actions = (
        Action.objects.select_related("region")
        .annotate(activity_count=Count("activities"))
        .order_by("-updated_at", "id")
    )
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "workspace",
        "page": page,
        "can_manage": policies.can_manage_portfolio.test(request.user),
    }
    return render(request, "portfolio/workspace/action_list.html", context)


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_action_create(request: HttpRequest) -> HttpResponse:
    form = ActionCreateForm(request.POST or None, instance=Action())
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                actor=request.user,
                slug=form.cleaned_data["slug"],
                is_public=False,
                **form.changes(),
            )
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The action “%s” was created. It is not public until you publish it.")
                % action.name,
            )
            return redirect("portfolio:workspace_action_edit", slug=action.slug)
    status = 400 if form.errors else 200
    context = {"nav": "workspace", "form": form, "action": None}
    return render(request, "portfolio/workspace/action_form.html", context, status=status)


@dataclass(frozen=True)
class Difference:
    """A field this editor typed differently from the version saved in the meantime."""

    label: str
    saved: str
    typed: str


def _display(form: ActionForm, name: str, value: Any) -> str:
    field = form.fields[name]
    if value is None or value == "":
        return "—"
    if hasattr(value, "all") or isinstance(value, (list, tuple, set)):
        items = list(value.all() if hasattr(value, "all") else value)
        return ", ".join(sorted(str(item) for item in items)) or "—"
    choices = dict(getattr(field, "choices", ()) or ())
    return str(choices.get(value, value))


def _differences(form: ActionForm, saved: Action) -> list[Difference]:
    differences = []
    for name in EDITED_FIELDS:
        typed = form.cleaned_data[name]
        current = getattr(saved, name)
        if hasattr(current, "all"):
            same = {item.pk for item in current.all()} == {item.pk for item in typed}
        else:
            same = current == typed
        if not same:
            differences.append(
                Difference(
                    label=str(form.fields[name].label),
                    saved=_display(form, name, current),
                    typed=_display(form, name, typed),
                )
            )
    return differences


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_action_edit(request: HttpRequest, slug: str) -> HttpResponse:
    action = _action_or_404(slug)
    if request.method != "POST":
        form = ActionForm(instance=action, initial={"version": action.version})
        return _edit_page(request, action, form)
    form = ActionForm(request.POST, instance=action)
    if not form.is_valid():
        return _edit_page(request, action, form, status=400)
    try:
        updated = services.action_update(
            actor=request.user,
            action=action,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        )
    except Conflict as conflict:
        if conflict.field != "version":
            _add_domain_error(form, conflict)
            return _edit_page(request, action, form, status=409)
        return _merge_page(request, form, slug)
    except DomainError as error:
        _add_domain_error(form, error)
        return _edit_page(request, action, form, status=400)
    messages.success(request, _("Saved: “%s”.") % updated.name)
    return redirect("portfolio:workspace_action_edit", slug=updated.slug)


def _edit_page(
    request: HttpRequest, action: Action, form: ActionForm, status: int = 200
) -> HttpResponse:
    context = {
        "nav": "workspace",
        "form": form,
        "action": action,
        "public_url": reverse("portfolio:action_detail", args=[action.slug]),
    }
    return render(request, "portfolio/workspace/action_form.html", context, status=status)


def _merge_page(request: HttpRequest, form: ActionForm, slug: str) -> HttpResponse:
    """Another officer saved first: both versions side by side, this officer's values still in
    the form, now carrying the saved version, so that saving again is a deliberate choice."""
    saved = Action.objects.prefetch_related(*services.ACTION_RELATIONS).get(slug=slug)
    differences = _differences(form, saved)
    data = request.POST.copy()
    data["version"] = str(saved.version)
    merged = ActionForm(data, instance=saved)
    merged.is_valid()
    context = {
        "nav": "workspace",
        "form": merged,
        "action": saved,
        "differences": differences,
        "public_url": reverse("portfolio:action_detail", args=[saved.slug]),
    }
    return render(request, "portfolio/workspace/action_merge.html", context, status=409)


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_action_publication(request: HttpRequest, slug: str) -> HttpResponse:
    action = _action_or_404(slug)
    form = PublicationForm(request.POST or None, initial={"version": action.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            publish = action_publish if form.cleaned_data["publish"] else action_unpublish
            try:
                action = publish(
                    actor=request.user, action=action, expected_version=form.cleaned_data["version"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("“%s” is now public.") % action.name
                    if action.is_public
                    else _("“%s” is no longer public.") % action.name,
                )
                return redirect("portfolio:workspace_action_publication", slug=action.slug)
        else:
            status = 400
        action.refresh_from_db()
    checklist = publication_checklist(action)
    context = {
        "nav": "workspace",
        "action": action,
        "form": form,
        "checklist": checklist,
        "ready": all(item.ok for item in checklist),
        "version": action.version,
        "public_url": reverse("portfolio:action_detail", args=[action.slug]),
        "edit_url": reverse("portfolio:workspace_action_edit", args=[action.slug]),
    }
    return render(request, "portfolio/workspace/publication.html", context, status=status)
