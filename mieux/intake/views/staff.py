"""Staff pages: assessment, steering agenda, programme manager's dashboard, object history."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
