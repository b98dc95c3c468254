"""Public pages (home, portfolio, action, country and region pages) and the staff workspace."""

from django.urls import URLPattern, path

from mieux.portfolio import views, workspace, workspace_parts

app_name = "portfolio"


def part_urls(part: workspace_parts.ActionPart) -> list[URLPattern]:
    """The list, new and edit pages of one kind of part of an action."""
    base = f"manage/actions/<slug:slug>/{part.tab}/"
    name = f"workspace_{part.name}"
    return [
        path(base, workspace_parts.list_view(part), name=f"{name}_list"),
        path(f"{base}new/", workspace_parts.create_view(part), name=f"{name}_create"),
        path(
            f"{base}<int:{part.name}_id>/edit/",
            workspace_parts.edit_view(part),
            name=f"{name}_edit",
        ),
    ]


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
        "manage/actions/<slug:slug>/texts/",
        workspace.workspace_action_texts,
        name="workspace_action_texts",
    ),
    *part_urls(workspace_parts.ACTIVITIES),
    *part_urls(workspace_parts.OUTPUTS),
    *part_urls(workspace_parts.INDICATORS),
    path(
        "manage/actions/<slug:slug>/indicators/<int:indicator_id>/measurements/new/",
        workspace_parts.workspace_measurement_record,
        name="workspace_measurement_record",
    ),
]
