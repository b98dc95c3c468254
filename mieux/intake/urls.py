"""Request pages. Each views module declares its own `urlpatterns`; names are `intake:<name>`."""

from mieux.intake.views import history as history_views
from mieux.intake.views import requests as request_views
from mieux.intake.views import staff as staff_views

app_name = "intake"
urlpatterns = [*request_views.urlpatterns, *staff_views.urlpatterns, *history_views.urlpatterns]
