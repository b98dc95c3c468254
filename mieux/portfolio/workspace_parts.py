"""The tabs of an action that hold its parts: activities, outputs and result indicators. In each,
officers list the action's parts, add one and edit one; an indicator's measurements are
recorded on a page of their own.

Every kind of part is an `ActionPart`: its form, its rows (a selector), its create and update
services (which apply the rules and audit) and its wording; the three views below serve them
all. An edit carries the version the officer read, and a stale one opens the merge page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mieux.accounts.decorators import role_page
from mieux.core.errors import DomainError
from mieux.portfolio import policies, selectors, services
from mieux.portfolio.editing import add_domain_error, edit_page, object_or_404
from mieux.portfolio.forms import (
    ActivityForm,
    IndicatorForm,
    MeasurementForm,
    OutputForm,
    VersionedForm,
)
from mieux.portfolio.models import Action
from mieux.portfolio.workspace import action_or_404

FORM_TEMPLATE = "portfolio/workspace/part_form.html"


@dataclass(frozen=True)
class ActionPart:
    """One kind of part of an action, edited in a tab of its own (`tab`, also the start of its
    URL names: "activity" → portfolio:workspace_activity_list, _create, _edit)."""

    tab: str
    name: str
    form_class: type[VersionedForm]
    rows: Callable[[Action], QuerySet[Any]]
    create: Callable[..., Model]
    # (actor, part, expected_version, changes) -> the saved part
    update: Callable[[Any, Any, int, dict[str, Any]], Model]
    initial: Callable[[Action], dict[str, Any]]
    list_heading: Promise  # with %(name)s: the action's
    new_heading: Promise
    edit_heading: Promise  # with %s: the part
    added: Promise  # with %s: the part
    not_found: Promise  # with %(action)s and %(id)d
    submit_new: Promise

    def url(self, view: str, *args: Any) -> str:
        return reverse(f"portfolio:workspace_{self.name}_{view}", args=args)


ACTIVITIES = ActionPart(
    tab="activities",
    name="activity",
    form_class=ActivityForm,
    rows=selectors.workspace_activities,
    create=services.activity_create,
    update=lambda actor, activity, version, changes: services.activity_update(
        actor=actor, activity=activity, expected_version=version, **changes
    ),
    initial=lambda action: {"start_date": action.start_date, "language": action.language},
    list_heading=gettext_lazy("Activities of %(name)s"),
    new_heading=gettext_lazy("New activity"),
    edit_heading=gettext_lazy("Edit the activity “%s”"),
    added=gettext_lazy("The activity “%s” was added."),
    not_found=gettext_lazy("“%(action)s” has no activity %(id)d."),
    submit_new=gettext_lazy("Add the activity"),
)

OUTPUTS = ActionPart(
    tab="outputs",
    name="output",
    form_class=OutputForm,
    rows=selectors.workspace_outputs,
    create=services.output_create,
    update=lambda actor, output, version, changes: services.output_update(
        actor=actor, output=output, expected_version=version, **changes
    ),
    initial=lambda action: {"language": action.language},
    list_heading=gettext_lazy("Outputs of %(name)s"),
    new_heading=gettext_lazy("New output"),
    edit_heading=gettext_lazy("Edit the output “%s”"),
    added=gettext_lazy("The output “%s” was added."),
    not_found=gettext_lazy("“%(action)s” has no output %(id)d."),
    submit_new=gettext_lazy("Add the output"),
)


INDICATORS = ActionPart(
    tab="indicators",
    name="indicator",
    form_class=IndicatorForm,
    rows=selectors.workspace_indicators,
    create=services.indicator_create,
    update=lambda actor, indicator, version, changes: services.indicator_update(
        actor=actor, indicator=indicator, expected_version=version, **changes
    ),
    initial=lambda action: {},
    list_heading=gettext_lazy("Results of %(name)s"),
    new_heading=gettext_lazy("New result indicator"),
    edit_heading=gettext_lazy("Edit the indicator “%s”"),
    added=gettext_lazy("The indicator “%s” was added."),
    not_found=gettext_lazy("“%(action)s” has no result indicator %(id)d."),
    submit_new=gettext_lazy("Add the indicator"),
)


def _context(part: ActionPart, action: Action, **extra: Any) -> dict[str, Any]:
    return {
        "nav": "workspace",
        "action": action,
        "tab": part.tab,
        "public_url": reverse("portfolio:action_detail", args=[action.slug]),
        "list_url": part.url("list", action.slug),
        **extra,
    }


def list_view(part: ActionPart) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET"])
    @role_page(policies.can_manage_portfolio)
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        action = action_or_404(slug)
        context = _context(
            part,
            action,
            rows=list(part.rows(action)),
            heading=str(part.list_heading) % {"name": action.name},
            create_url=part.url("create", action.slug),
        )
        return render(request, f"portfolio/workspace/{part.name}_list.html", context)

    return view


def create_view(part: ActionPart) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @role_page(policies.can_manage_portfolio)
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        action = action_or_404(slug)
        form = part.form_class(request.POST or None, initial=part.initial(action), creating=True)
        if request.method == "POST" and form.is_valid():
            try:
                created = part.create(actor=request.user, action=action, **form.changes())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, str(part.added) % created)
                return redirect(part.url("list", action.slug))
        context = _context(
            part, action, form=form, heading=part.new_heading, submit=part.submit_new
        )
        return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)

    return view


def edit_view(part: ActionPart) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @role_page(policies.can_manage_portfolio)
    def view(request: HttpRequest, slug: str, **ids: int) -> HttpResponse:
        # The path names the id after the kind (activity_id, output_id): see urls.part_urls.
        part_id = ids[f"{part.name}_id"]
        action = action_or_404(slug)
        rows = part.rows(action)
        message = str(part.not_found) % {"action": action.name, "id": part_id}
        instance = object_or_404(rows, message, pk=part_id)
        context = _context(
            part,
            action,
            heading=str(part.edit_heading) % instance,
            submit=_("Save"),
            discard_url=part.url("edit", action.slug, instance.pk),
        )
        result = edit_page(
            request,
            form_class=part.form_class,
            instance=instance,
            template=FORM_TEMPLATE,
            context=context,
            save=lambda form: part.update(
                request.user, instance, form.cleaned_data["version"], form.changes()
            ),
            reload=lambda: rows.get(pk=instance.pk),
        )
        if isinstance(result, HttpResponse):
            return result
        messages.success(request, _("Saved: “%s”.") % result)
        return redirect(part.url("list", action.slug))

    return view


@require_http_methods(["GET", "POST"])
@role_page(policies.can_manage_portfolio)
def workspace_measurement_record(
    request: HttpRequest, slug: str, indicator_id: int
) -> HttpResponse:
    """Record the value of one of the action's indicators on a date."""
    action = action_or_404(slug)
    message = str(INDICATORS.not_found) % {"action": action.name, "id": indicator_id}
    indicator = object_or_404(INDICATORS.rows(action), message, pk=indicator_id)
    form = MeasurementForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.measurement_record(
                    actor=request.user, indicator=indicator, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("Measurement recorded for “%s”.") % indicator.name)
                return redirect(INDICATORS.url("list", action.slug))
    context = _context(
        INDICATORS,
        action,
        form=form,
        heading=_("New measurement of “%s”") % indicator.name,
        submit=_("Record the measurement"),
        indicator=indicator,
    )
    return render(request, FORM_TEMPLATE, context, status=status)
