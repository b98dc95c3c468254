"""Expert pages; names are `experts:<name>`. Each view module lists its own routes."""

from mieux.experts.views import deployments, matching, roster

app_name = "experts"
urlpatterns = [*roster.urlpatterns, *deployments.urlpatterns, *matching.urlpatterns]
