"""Public pages: home, portfolio, action, country and region pages."""

from django.urls import path

from mieux.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("", views.home, name="home"),
    path("actions/", views.action_list_page, name="action_list"),
    path("actions/<slug:slug>/", views.action_page, name="action_detail"),
    path("countries/<str:iso2>/", views.country_page, name="country_detail"),
    path("regions/", views.region_list_page, name="region_list"),
    path("regions/<str:code>/", views.region_page, name="region_detail"),
]
