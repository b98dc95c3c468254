from django.contrib import admin

from mieux.core.admin import AuditedModelAdmin
from mieux.geo.models import Country, Grouping, Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name_en", "sort_order")


@admin.register(Country)
class CountryAdmin(AuditedModelAdmin):
    list_display = ("iso2", "iso3", "name_en", "region", "is_oda_eligible")
    list_filter = ("region", "is_oda_eligible")
    search_fields = ("iso2", "iso3", "name_en", "name_es", "name_pt", "name_fr")
    list_select_related = ("region",)


@admin.register(Grouping)
class GroupingAdmin(AuditedModelAdmin):
    list_display = ("code", "name_en", "region")
    filter_horizontal = ("members",)
    list_select_related = ("region",)
