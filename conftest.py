"""Project-wide pytest setup."""

import os

# Playwright's sync API runs an event loop in the test thread; the live server and the database
# fixtures are still used synchronously, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
