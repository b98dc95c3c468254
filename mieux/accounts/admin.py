from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from mieux.accounts.models import ApiToken, Institution, Membership, User
from mieux.core.admin import AuditedModelAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("institution",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = (MembershipInline,)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (None, {"fields": ("preferred_language",)}),
    )


@admin.register(Institution)
class InstitutionAdmin(AuditedModelAdmin):
    list_display = ("name", "acronym", "kind", "country", "region")
    list_filter = ("kind", "region")
    search_fields = ("name", "acronym")
    list_select_related = ("country", "region")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `mieux create_api_token`; here staff can only see and revoke them."""

    list_display = ("token_prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "token_prefix", "token_hash", "created_at", "last_used_at")
    list_select_related = ("user",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
