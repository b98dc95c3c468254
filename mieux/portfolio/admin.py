from django.contrib import admin

from mieux.core.admin import AuditedModelAdmin
from mieux.portfolio.models import Action, Activity, Measurement, Output, ResultIndicator


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("title", "activity_type", "start_date", "end_date", "status", "participants_total")


class OutputInline(admin.TabularInline):
    model = Output
    extra = 0
    fields = ("title", "output_type", "status", "delivered_on", "adopted_on")


@admin.register(Action)
class ActionAdmin(AuditedModelAdmin):
    list_display = ("name", "region", "pillar", "status", "start_date", "end_date", "is_public")
    list_filter = ("region", "status", "pillar", "is_public")
    search_fields = ("name", "title", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = (
        "countries",
        "partner_institutions",
        "thematic_areas",
        "gcm_objectives",
        "sectors",
    )
    list_select_related = ("region", "pillar")
    inlines = (ActivityInline, OutputInline)


@admin.register(Activity)
class ActivityAdmin(AuditedModelAdmin):
    list_display = ("title", "action", "activity_type", "start_date", "status")
    list_filter = ("status", "activity_type")
    search_fields = ("title", "action__name")
    list_select_related = ("action", "activity_type")
    raw_id_fields = ("action",)


@admin.register(Output)
class OutputAdmin(AuditedModelAdmin):
    list_display = ("title", "action", "output_type", "status", "adopted_on")
    list_filter = ("status", "output_type")
    list_select_related = ("action", "output_type")
    raw_id_fields = ("action",)


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(ResultIndicator)
class ResultIndicatorAdmin(AuditedModelAdmin):
    list_display = ("name", "action", "kind", "target")
    list_select_related = ("action",)
    raw_id_fields = ("action",)
    inlines = (MeasurementInline,)
