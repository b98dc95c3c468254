"""Notification pages; names are `inbox:<name>`."""

from mieux.inbox import views

app_name = "inbox"
urlpatterns = views.urlpatterns
