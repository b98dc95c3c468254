"""The portfolio workspace: officers create, edit, publish and unpublish actions in pages.

Views gather what a template shows and hand every write to `services` or `publication`; who may
see a page is decided by `policies`. An edit carries the version the officer read: when another
officer saved in between, the service refuses it (409) and the merge page of `editing` shows
both versions, field by field, with what this officer typed still in the form.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mieux.accounts.decorators import role_page
from mieux.core.errors import DomainError
from mieux.portfolio import policies, services
from mieux.portfolio.editing import add_domain_error, edit_page, object_or_404
from mieux.portfolio.forms import ActionCreateForm, ActionForm, ActionTextsForm, PublicationForm
from mieux.portfolio.models import Action
from mieux.portfolio.publication import action_publish, action_unpublish, publication_checklist

PAGE_SIZE = 50


def action_or_404(slug: str) -> Action:
    return object_or_404(Action.objects, _("No action with the slug “%s”.") % slug, slug=slug)


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
            add_domain_error(form, error)
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


def _action_edit(
    request: HttpRequest,
    action: Action,
    *,
    page: str,
    form_class: Any,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """An edit page of the action (`page`: its URL name) saved through `action_update` with the
    version read; after saving, the same page again."""
    url = reverse(page, args=[action.slug])
    context = {
        "nav": "workspace",
        "action": action,
        "discard_url": url,
        "public_url": reverse("portfolio:action_detail", args=[action.slug]),
        **context,
    }
    result = edit_page(
        request,
        form_class=form_class,
        instance=action,
        template=template,
        context=context,
        save=lambda form: services.action_update(
            actor=request.user,
            action=action,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        ),
        reload=lambda: Action.objects.prefetch_related(*services.ACTION_RELATIONS).get(
            pk=action.pk
        ),
    )
    if isinstance(result, HttpResponse):
        return result
    messages.success(request, _("Saved: “%s”.") % result)
    return redirect(page, slug=result.slug)


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_action_edit(request: HttpRequest, slug: str) -> HttpResponse:
    action = action_or_404(slug)
    return _action_edit(
        request,
        action,
        page="portfolio:workspace_action_edit",
        form_class=ActionForm,
        template="portfolio/workspace/action_form.html",
        context={"heading": _("Edit %(name)s") % {"name": action.name}},
    )


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_action_publication(request: HttpRequest, slug: str) -> HttpResponse:
    action = action_or_404(slug)
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


@require_http_methods(["GET", "POST"])
@role_page(policies.can_edit_texts)
def workspace_action_texts(request: HttpRequest, slug: str) -> HttpResponse:
    """Context, objective and result (and the title) in the source language and in the other
    languages, saved through `action_update` with the version read, like the details."""
    action = action_or_404(slug)
    context = {
        "tab": "texts",
        # Knowledge managers edit the texts only: the other tabs are not theirs.
        "texts_only": not policies.can_manage_portfolio.test(request.user),
        "heading": _("Texts of %(name)s") % {"name": action.name},
    }
    return _action_edit(
        request,
        action,
        page="portfolio:workspace_action_texts",
        form_class=ActionTextsForm,
        template="portfolio/workspace/action_texts.html",
        context=context,
    )
