from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from mieux.core.audit import record_event, snapshot
from mieux.core.models import AuditEvent


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits write an audit event in the same transaction, like the services do."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record_event(
            actor=request.user,
            verb="admin_change" if change else "admin_create",
            instance=obj,
            before=before,
            after=snapshot(obj),
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows are audited one by one, like the parent."""
        befores = {
            obj.pk: snapshot(type(obj).objects.get(pk=obj.pk))
            for obj in formset.get_queryset()
            if obj.pk is not None
        }
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_event(
                actor=request.user, verb="admin_delete", instance=obj, before=snapshot(obj)
            )
            obj.delete()
        for obj in instances:
            is_new = obj.pk is None
            obj.save()
            record_event(
                actor=request.user,
                verb="admin_create" if is_new else "admin_change",
                instance=obj,
                before=None if is_new else befores.get(obj.pk),
                after=snapshot(obj),
            )
        formset.save_m2m()

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        record_event(actor=request.user, verb="admin_delete", instance=obj, before=snapshot(obj))
        super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "actor", "verb", "object_type", "object_id", "object_repr")
    list_filter = ("verb", "object_type")
    search_fields = ("object_id", "object_repr", "actor__username")
    list_select_related = ("actor",)
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
