"""Expert pages; names are `experts:<name>`."""

from django.urls import path

from mieux.experts import views

app_name = "experts"
urlpatterns = [
    path("deployments/", views.deployment_list, name="deployment_list"),
]
