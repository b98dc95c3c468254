"""Pages for requests: partners' list, the multi-step form, the detail page with its transitions."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
