"""Mounted at /api/ by the project urls. The API helper fills this in (v1 NinjaAPI)."""

urlpatterns: list = []
