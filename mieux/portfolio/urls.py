"""Public pages. Filled in by the public-pages work."""

urlpatterns: list = []
