"""Domain errors: every rule a service enforces fails with a stable code and a readable message."""

from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    INVALID_INPUT = "invalid_input"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    CONFLICT = "conflict"
    ILLEGAL_TRANSITION = "illegal_transition"
    CONCURRENT_UPDATE = "concurrent_update"
    OVERLAPPING_DEPLOYMENT = "overlapping_deployment"
    EXPERT_UNAVAILABLE = "expert_unavailable"
    INVALID_FILE = "invalid_file"
    FILE_TOO_LARGE = "file_too_large"


class DomainError(Exception):
    """A rule was broken; nothing was changed."""

    code: ErrorCode = ErrorCode.INVALID_INPUT
    status = 400

    def __init__(self, message: str, *, code: ErrorCode | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND
    status = 404


class PermissionDenied(DomainError):
    code = ErrorCode.PERMISSION_DENIED
    status = 403


class Conflict(DomainError):
    code = ErrorCode.CONFLICT
    status = 409
