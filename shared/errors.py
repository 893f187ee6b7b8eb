"""Domain errors and their one mapping to HTTP answers `{"detail", "code"}` (API.md).

Domain services raise these; they never import FastAPI. `shared.http.errors` maps them to answers.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the product said no. `status` is the HTTP status it maps to."""

    status: int = 400
    code: str = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    """Missing, or belonging to someone else: the two are never told apart."""

    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class Gone(DomainError):
    status, code = 410, "gone"


class Unprocessable(DomainError):
    status, code = 422, "validation_error"


class InvalidText(Unprocessable):
    """Text that is not valid Unicode (a lone surrogate, bytes that are not UTF-8), in a body,
    query, path or cursor: the database could not store it (shared.text)."""

    code = "invalid_text"


class Throttled(DomainError):
    status, code = 429, "throttled"

    def __init__(self, detail: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.retry_after = max(1, retry_after)


class ServiceUnavailable(DomainError):
    status, code = 503, "service_unavailable"
