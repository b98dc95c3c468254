"""My work pages; names are `mywork:<name>`."""

from mieux.mywork import views

app_name = "mywork"
urlpatterns = views.urlpatterns
