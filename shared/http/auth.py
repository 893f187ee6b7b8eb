"""The one "current user" dependency and the role checks every function uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.domain.authentication import Principal, authenticate
from shared.errors import Forbidden, Unauthorized

_bearer = HTTPBearer(auto_error=False, description="An access token from POST /auth/login")


def current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthorized("Send an access token: Authorization: Bearer <token>.",
                           code="not_authenticated")  # fmt: skip
    return authenticate(credentials.credentials)


CurrentUser = Annotated[Principal, Depends(current_user)]


def require_role(*roles: str) -> Callable[[Principal], Principal]:
    """A dependency that lets only the given roles through (403 `wrong_role`)."""

    def check(user: CurrentUser) -> Principal:
        if user.role not in roles:
            raise Forbidden(f"Only a {' or '.join(roles)} can do this.", code="wrong_role")
        return user

    return check


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


def optional_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """The caller if they sent a token (a bad token is still a 401), else None."""
    return authenticate(credentials.credentials) if credentials is not None else None


MaybeUser = Annotated[Principal | None, Depends(optional_user)]
TherapistUser = Annotated[Principal, Depends(require_role("therapist"))]
ClientUser = Annotated[Principal, Depends(require_role("client"))]
