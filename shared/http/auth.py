"""The one "current user" dependency and the role checks every function uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared import clock
from shared.domain.authentication import Principal, authenticate
from shared.errors import Forbidden, Unauthorized
from shared.http.openapi import raises
from shared.security.tokens import AccessClaims, read_access_token

_bearer = HTTPBearer(auto_error=False, description="An access token from POST /auth/login")
# The same header where it is optional. Its own name only marks those operations for
# `document_optional_auth`; the OpenAPI document shows the one scheme above.
_optional_bearer = HTTPBearer(auto_error=False, scheme_name="OptionalHTTPBearer")


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None:
        raise Unauthorized("Send an access token: Authorization: Bearer <token>.",
                           code="not_authenticated")  # fmt: skip
    return credentials.credentials


@raises((Unauthorized, "not_authenticated", "invalid_token"))
def current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    return authenticate(_token(credentials))


CurrentUser = Annotated[Principal, Depends(current_user)]


@raises((Unauthorized, "not_authenticated", "invalid_token"))
def token_holder(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AccessClaims:
    """The claims of a valid access token, read without looking the account up: for the use
    cases that check the live account in their own first statement (booking), so the request
    costs no transaction of its own for it. 401 as `current_user` for a missing or bad token."""
    return read_access_token(_token(credentials), clock.now())


TokenHolder = Annotated[AccessClaims, Depends(token_holder)]


def require_role(*roles: str) -> Callable[[Principal], Principal]:
    """A dependency that lets only the given roles through (403 `wrong_role`)."""

    @raises((Forbidden, "wrong_role"))
    def check(user: CurrentUser) -> Principal:
        if user.role not in roles:
            raise Forbidden(f"Only a {' or '.join(roles)} can do this.", code="wrong_role")
        return user

    return check


@raises((Forbidden, "email_not_verified"))
def require_verified(user: CurrentUser) -> Principal:
    """Booking and payments need a verified email (403 `email_not_verified`)."""
    if not user.email_verified:
        raise Forbidden("Verify your email address first.", code="email_not_verified")
    return user


VerifiedUser = Annotated[Principal, Depends(require_verified)]


def client_ip(request: Request) -> str:
    """The caller's address as API Gateway (or the local server) saw it; never X-Forwarded-For,
    which a client can write."""
    return request.client.host if request.client else "unknown"


@raises((Unauthorized, "invalid_token"))
def optional_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_bearer)],
) -> Principal | None:
    """The caller if they sent a token (a bad token is still a 401), else None."""
    return authenticate(credentials.credentials) if credentials is not None else None


MaybeUser = Annotated[Principal | None, Depends(optional_user)]
TherapistUser = Annotated[Principal, Depends(require_role("therapist"))]
ClientUser = Annotated[Principal, Depends(require_role("client"))]


def document_optional_auth(schema: dict[str, Any]) -> None:
    """Declare the operations where a token is optional (`MaybeUser`) as such: FastAPI declares
    every operation that reads a bearer scheme as requiring it, but these also serve a caller
    without one. "No token, or a bearer token" is `security: [{}, {HTTPBearer: []}]`."""
    required, optional = _bearer.scheme_name, _optional_bearer.scheme_name
    schemes = schema.get("components", {}).get("securitySchemes", {})
    if schemes.pop(optional, None) is not None:
        schemes.setdefault(
            required, jsonable_encoder(_bearer.model, by_alias=True, exclude_none=True)
        )
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            names = [name for entry in operation.get("security", []) for name in entry]
            if optional not in names:
                continue
            # Also asking for the required scheme means a token is required after all.
            operation["security"] = [{required: []}] if required in names else [{}, {required: []}]
