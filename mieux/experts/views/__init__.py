"""Expert pages, by concern: the roster and profiles, deployments, matching and planning.

Each module declares its own `urlpatterns` beside its views; `mieux.experts.urls` joins them."""
