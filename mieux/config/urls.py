from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("mieux.api.urls")),
    path("accounts/", include("mieux.accounts.urls")),
    path("", include("mieux.intake.urls")),
    path("", include("mieux.experts.urls")),
    path("", include("mieux.portfolio.urls")),
]
