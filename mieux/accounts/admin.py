from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mieux.accounts.models import (
    ApiToken,
    ApiTokenStatus,
    EmailOptOut,
    Institution,
    Membership,
    User,
)
from mieux.accounts.selectors import api_tokens_with_status
from mieux.accounts.tokens import api_token_revoke
from mieux.core.admin import AuditedModelAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("institution",)


class EmailOptOutInline(admin.TabularInline):
    """Which e-mails the user turned off, shown so an administrator can answer "why did I get
    no e-mail?"; read-only, because the choice is the user's own (account settings)."""

    model = EmailOptOut
    extra = 0
    fields = readonly_fields = ("topic", "created_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = (MembershipInline, EmailOptOutInline)
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


class ApiTokenStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return ApiTokenStatus.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        value = self.value()
        if value not in ApiTokenStatus.values:
            return queryset
        return api_tokens_with_status(queryset, ApiTokenStatus(value))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their users (the page "API tokens") or with `mieux create_api_token`;
    here staff see them and revoke them with the action, which is audited. Every field is read-only
    so that no edit bypasses the audit trail."""

    list_display = (
        "token_prefix",
        "user",
        "name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = (ApiTokenStatusFilter,)
    search_fields = ("token_prefix", "name", "user__username")
    readonly_fields = (
        "user",
        "name",
        "token_prefix",
        "token_hash",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_select_related = ("user",)
    actions = ("revoke_tokens",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for api_token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, api_token=api_token)
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
