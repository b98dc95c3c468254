"""Django's admin app with mieux's site (`admin_site`), in a module of its own: INSTALLED_APPS
imports it before any model may be imported."""

from django.contrib.admin.apps import AdminConfig


class MieuxAdminConfig(AdminConfig):
    default_site = "mieux.navigation.admin_site.MieuxAdminSite"
