"""What the workspace's edit pages share: a form that carries the version the editor read, the
service's refusals shown on their fields, and the merge page when another editor saved first.

On a stale version the page answers 409 with both versions side by side, field by field, and the
form still holding what this editor typed, now carrying the saved version: saving again is a
deliberate choice, and nothing typed is lost.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mieux.core.errors import Conflict, DomainError

# Whole sentences per kind of object, so that each language can agree them.
MERGE_NOTICES = {
    "action": _(
        "Someone else saved this action while you were editing it. Nothing of yours was saved "
        "yet, and nothing you typed is lost."
    ),
    "activity": _(
        "Someone else saved this activity while you were editing it. Nothing of yours was saved "
        "yet, and nothing you typed is lost."
    ),
    "output": _(
        "Someone else saved this output while you were editing it. Nothing of yours was saved "
        "yet, and nothing you typed is lost."
    ),
    "resultindicator": _(
        "Someone else saved this indicator while you were editing it. Nothing of yours was "
        "saved yet, and nothing you typed is lost."
    ),
}


@dataclass(frozen=True)
class Difference:
    """A field this editor typed differently from the version saved in the meantime."""

    label: str
    saved: str
    typed: str


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """A service's refusal shown on the field it names (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _display(form: forms.BaseForm, name: str, value: Any) -> str:
    field = form.fields[name]
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if hasattr(value, "all") or isinstance(value, (list, tuple, set)):
        items = list(value.all() if hasattr(value, "all") else value)
        return ", ".join(sorted(str(item) for item in items)) or "—"
    choices = dict(getattr(field, "choices", ()) or ())
    return str(choices.get(value, value))


def differences(form: Any, saved: models.Model, fields: Any) -> list[Difference]:
    """The `fields` whose typed value (the form is valid) differs from what the `saved` object
    holds (`form.saved_value`, see forms.VersionedForm)."""
    found = []
    for name in fields:
        typed = form.cleaned_data[name]
        current = form.saved_value(saved, name)
        if hasattr(current, "all"):
            same = {item.pk for item in current.all()} == {item.pk for item in typed}
        else:
            same = current == typed
        if not same:
            found.append(
                Difference(
                    label=str(form.fields[name].label),
                    saved=_display(form, name, current),
                    typed=_display(form, name, typed),
                )
            )
    return found


def edit_page(
    request: HttpRequest,
    *,
    form_class: Any,
    instance: Any,
    template: str,
    context: dict[str, Any],
    save: Callable[[Any], Any],
    reload: Callable[[], Any],
) -> Any:
    """The edit page of a versioned object: on GET its form with the version read; on POST the
    saved object (`save(form)` calls the update service with the form's version), or the page
    to answer: 400 with the errors on their fields, 409 with the merge page when another editor
    saved first (`reload()` reads the saved object anew). `context` gives the page's `heading`
    and `discard_url` (where the saved version is read)."""
    if request.method != "POST":
        form = form_class(instance=instance, initial={"version": instance.version})
        return render_edit(request, template, {**context, "form": form})
    form = form_class(request.POST, instance=instance)

    def page(form: Any, status: int, extra: dict[str, Any] | None = None) -> HttpResponse:
        return render_edit(request, template, {**context, "form": form}, status, extra)

    if not form.is_valid():
        return page(form, 400)
    try:
        return save(form)
    except Conflict as conflict:
        if conflict.field != "version":
            add_domain_error(form, conflict)
            return page(form, 409)
        saved = reload()
        found = differences(form, saved, form_class.Meta.fields)
        data = request.POST.copy()
        data["version"] = str(saved.version)
        merged = form_class(data, instance=saved)
        merged.is_valid()
        notice = MERGE_NOTICES[str(saved._meta.model_name)]
        return page(merged, 409, {"differences": found, "notice": notice, "saved": saved})
    except DomainError as error:
        add_domain_error(form, error)
        return page(form, 400)


def render_edit(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """An edit page, or the merge page when `extra` holds the differences (see `post_edit`).
    `context` gives both a `heading` and a `discard_url` (where the saved version is read)."""
    extra = extra or {}
    if "differences" in extra:
        template = "portfolio/workspace/merge.html"
    return render(request, template, {**context, **extra}, status=status)


def object_or_404(queryset: Any, message: str, **lookup: Any) -> Any:
    """The one object of `queryset` matching `lookup`, or a 404 saying what was not found."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404(message)
    return found
