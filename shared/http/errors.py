"""The one mapping from failures to HTTP answers `{"detail": ..., "code": ...}`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import DomainError, Throttled
from shared.http.headers import ANSWER_HEADERS
from shared.observability import logger

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "throttled",
    503: "service_unavailable",
}


def error_response(
    status: int, detail: str, code: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code}, status_code=status, headers=headers)


def _describe_validation(errors: list[Any]) -> str:
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "The request is not valid."


class ErrorWhileReading(StarletteHTTPException):
    """A domain error raised while the request body is read (from an ASGI `receive`). FastAPI
    lets only HTTPExceptions out of its body parsing (anything else becomes a 400), so this
    carries the domain error through to its own answer."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.status, error.detail)
        self.error = error


def domain_error_response(exc: DomainError) -> JSONResponse:
    """The answer to a domain error, also for middleware that answers before the app does."""
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Throttled) else None
    return error_response(exc.status, exc.detail, exc.code, headers)


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return domain_error_response(exc)


async def _error_while_reading(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ErrorWhileReading)
    return domain_error_response(exc.error)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "The body is not valid JSON.", "malformed_json")
    return error_response(422, _describe_validation(errors), "validation_error")


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, detail, code, dict(exc.headers or {}))


async def _database_error(_: Request, exc: Exception) -> JSONResponse:
    logger.exception("database unavailable")
    return error_response(503, "The database is unavailable; try again.", "database_unavailable")


def _sqlstate(exc: DBAPIError) -> str:
    details = exc.orig.args[0] if exc.orig is not None and exc.orig.args else None
    return str(details.get("C", "")) if isinstance(details, dict) else ""


async def _database_refusal(request: Request, exc: Exception) -> JSONResponse:
    """The database refused a value the validation let through: still the caller's input.
    Data exceptions (class 22) are a 422, integrity violations (class 23) a 409; anything else
    is our bug, except a statement the server cancelled at the role's statement_timeout
    (57014): the database was too busy, a 503 like an outage."""
    assert isinstance(exc, DBAPIError)
    state = _sqlstate(exc)
    if state == "57014":
        logger.warning("statement cancelled at the statement timeout")
        return error_response(503, "The database is busy; try again.", "database_unavailable")
    if state.startswith("22"):
        logger.warning("database refused a value", extra={"sqlstate": state})
        return error_response(422, "A value is not acceptable.", "invalid_value")
    if state.startswith("23"):
        logger.warning("database refused a change", extra={"sqlstate": state})
        return error_response(409, "That conflicts with existing data.", "conflict")
    return await _unexpected_error(request, exc)


async def _unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error")
    # Starlette sends this answer from outside every middleware, so it carries their headers.
    headers = {name.decode(): value.decode() for name, value in ANSWER_HEADERS}
    return error_response(500, "Something went wrong on our side.", "internal_error", headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(ErrorWhileReading, _error_while_reading)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(InterfaceError, _database_error)  # pg8000: cannot connect
    app.add_exception_handler(DBAPIError, _database_refusal)
    app.add_exception_handler(Exception, _unexpected_error)
