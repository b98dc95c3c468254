"""Conversation pages; names are `conversations:<name>`."""

from mieux.conversations import views

app_name = "conversations"
urlpatterns = views.urlpatterns
