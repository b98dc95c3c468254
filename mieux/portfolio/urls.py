"""Public pages (home, portfolio, action, country and region pages) and the staff workspace."""

from django.urls import path

from mieux.portfolio import views, workspace, workspace_activities

app_name = "portfolio"

urlpatterns = [
    path("", views.home, name="home"),
    path("actions/", views.action_list_page, name="action_list"),
    path("actions/<slug:slug>/", views.action_page, name="action_detail"),
    path("countries/<str:iso2>/", views.country_page, name="country_detail"),
    path("regions/", views.region_list_page, name="region_list"),
    path("regions/<str:code>/", views.region_page, name="region_detail"),
    path("manage/actions/", workspace.workspace_action_list, name="workspace_action_list"),
    path("manage/actions/new/", workspace.workspace_action_create, name="workspace_action_create"),
    path(
        "manage/actions/<slug:slug>/edit/",
        workspace.workspace_action_edit,
        name="workspace_action_edit",
    ),
    path(
        "manage/actions/<slug:slug>/publication/",
        workspace.workspace_action_publication,
        name="workspace_action_publication",
    ),
    path(
        "manage/actions/<slug:slug>/activities/",
        workspace_activities.workspace_activity_list,
        name="workspace_activity_list",
    ),
    path(
        "manage/actions/<slug:slug>/activities/new/",
        workspace_activities.workspace_activity_create,
        name="workspace_activity_create",
    ),
    path(
        "manage/actions/<slug:slug>/activities/<int:activity_id>/edit/",
        workspace_activities.workspace_activity_edit,
        name="workspace_activity_edit",
    ),
]
