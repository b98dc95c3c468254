"""Logging filters, used by `settings.LOGGING`."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx is the caller's mistake, not ours: log its line, never a traceback.

    Django logs a refused page (403, from `PermissionDenied`) with the exception attached, which
    printed a traceback for every forbidden URL and buried the server errors that matter. Records
    that carry a `status_code` below 500 keep their message and lose the exception; server errors
    keep everything.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int) and status_code < 500:
            record.exc_info = None
            record.exc_text = None
        return True
