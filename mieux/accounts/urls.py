"""Sign-in, sign-out and two-factor pages (names `accounts:<name>`)."""

from django.urls import URLPattern

app_name = "accounts"
urlpatterns: list[URLPattern] = []
