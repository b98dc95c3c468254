from django.contrib import admin

from mieux.core.admin import AuditedModelAdmin
from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, Sector, ThematicArea


@admin.register(ThematicArea)
class ThematicAreaAdmin(AuditedModelAdmin):
    list_display = ("code", "name_en", "parent", "sort_order")
    list_filter = ("parent",)
    list_select_related = ("parent",)


@admin.register(GCMObjective)
class GCMObjectiveAdmin(AuditedModelAdmin):
    list_display = ("number", "title")


@admin.register(Sector)
class SectorAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "category", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")


@admin.register(ActivityType)
class ActivityTypeAdmin(AuditedModelAdmin):
    list_display = ("code", "name_en", "sort_order")


@admin.register(OutputType)
class OutputTypeAdmin(AuditedModelAdmin):
    list_display = ("code", "name_en", "sort_order")
