from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

# Browsers ask for /favicon.ico whatever the page says; send them to the site's SVG icon.
# Lazy, so the static files storage is asked only when the first request comes.
favicon = RedirectView.as_view(url=lazy(static, str)("mieux/favicon.svg"))

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("mieux.api.urls")),
    path("accounts/", include("mieux.accounts.urls")),
    path("", include("mieux.intake.urls")),
    path("", include("mieux.conversations.urls")),
    path("", include("mieux.experts.urls")),
    path("", include("mieux.mywork.urls")),
    path("", include("mieux.inbox.urls")),
    path("", include("mieux.portfolio.urls")),
]
