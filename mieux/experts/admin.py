from django.contrib import admin

from mieux.core.admin import AuditedModelAdmin
from mieux.experts.models import Deployment, Expert, ExpertLanguage, UnavailablePeriod


class ExpertLanguageInline(admin.TabularInline):
    model = ExpertLanguage
    extra = 0


class UnavailablePeriodInline(admin.TabularInline):
    model = UnavailablePeriod
    extra = 0


@admin.register(Expert)
class ExpertAdmin(AuditedModelAdmin):
    list_display = ("full_name", "expert_type", "institution", "status", "consent_given_at")
    list_filter = ("status", "expert_type")
    search_fields = ("full_name", "email", "user__username")
    list_select_related = ("institution",)
    raw_id_fields = ("user", "institution")
    filter_horizontal = ("thematic_areas", "countries_of_experience", "regions_of_experience")
    inlines = (ExpertLanguageInline, UnavailablePeriodInline)


@admin.register(ExpertLanguage)
class ExpertLanguageAdmin(AuditedModelAdmin):
    list_display = ("expert", "code", "level")
    list_filter = ("level",)
    list_select_related = ("expert",)
    raw_id_fields = ("expert",)


@admin.register(UnavailablePeriod)
class UnavailablePeriodAdmin(AuditedModelAdmin):
    list_display = ("expert", "start", "end", "note")
    list_select_related = ("expert",)
    raw_id_fields = ("expert",)


@admin.register(Deployment)
class DeploymentAdmin(AuditedModelAdmin):
    list_display = ("expert", "activity", "role", "status", "version", "created_at")
    list_filter = ("status", "role")
    list_select_related = ("expert", "activity")
    raw_id_fields = ("expert", "activity", "proposed_by")
    # Status moves only through `mieux.experts.services.deployment_transition`.
    readonly_fields = ("status", "version")
