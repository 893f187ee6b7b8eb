"""POST /auth/*: register, verify, log in, refresh, log out, reset the password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from shared.domain import accounts, authentication
from shared.errors import BadRequest, Conflict, Forbidden, Gone, Throttled, Unauthorized
from shared.http.auth import CurrentUser, client_ip
from shared.http.openapi import raises
from shared.schemas.auth import (
    AcceptedOut,
    EmailIn,
    LoginIn,
    PasswordResetConfirmIn,
    RefreshIn,
    RegisterIn,
    TokenIn,
)

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED)
@raises((Conflict, "email_taken"), (BadRequest, "role_not_allowed"))
def register_account(body: RegisterIn) -> accounts.Account:
    """Register an account

    Anyone. A `client` or a `therapist` (admins are not self-service); the password has at least
    10 characters. Sends a verification email whose link carries a token for
    `POST /auth/verify-email` (valid 48 h). The account can log in at once; booking and paying
    wait for the verified address.
    """
    return accounts.register(accounts.Registration(**body.model_dump()))


@router.post("/verify-email")
@raises((BadRequest, "token_invalid"), (Gone, "token_expired"))
def verify_email(body: TokenIn) -> accounts.Account:
    """Verify an email address

    Anyone holding the emailed token. The token is single-use and expires after 48 h (410
    `token_expired`); an unknown or spent one is a 400 `token_invalid`.
    """
    return accounts.verify_email(body.token)


@router.post("/resend-verification", status_code=status.HTTP_202_ACCEPTED)
def resend_verification_email(body: EmailIn) -> AcceptedOut:
    """Send the verification email again

    Anyone. Always 202, whether or not an unverified account has this address (no account
    enumeration); at most 3 emails per address per hour.
    """
    accounts.resend_verification(body.email)
    return AcceptedOut()


@router.post("/login")
@raises(
    (Unauthorized, "invalid_credentials"),
    (Forbidden, "account_suspended"),
    (Throttled, "too_many_attempts"),
)
def log_in(body: LoginIn, ip: Annotated[str, Depends(client_ip)]) -> authentication.TokenPair:
    """Log in with email and password

    Anyone. Answers an access token (15 minutes) and a refresh token. After 5 failed attempts
    for one email within 15 minutes (or 20 from one address) every attempt is a 429
    `too_many_attempts` with `Retry-After`, whatever the password.
    """
    return authentication.login(body.email, body.password, ip)


@router.post("/refresh")
@raises((Unauthorized, "invalid_refresh_token", "refresh_token_reused"))
def refresh_tokens(body: RefreshIn) -> authentication.TokenPair:
    """Exchange a refresh token for a new pair

    Anyone holding a refresh token. The old refresh token is spent; presenting a spent one
    again revokes its whole family (401 `refresh_token_reused`): someone else may hold it.
    """
    return authentication.refresh(body.refresh_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def log_out(body: RefreshIn, user: CurrentUser) -> Response:
    """Log out: spend a refresh token

    A logged-in user. The refresh token stops working (a token of someone else is left alone);
    access tokens run out by themselves within 15 minutes.
    """
    authentication.logout(user.id, body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/password-reset/request", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(body: EmailIn) -> AcceptedOut:
    """Email a password-reset link

    Anyone. Always 202, in the same time, whether or not an account has this address (no account
    enumeration); at most 3 emails per address per hour. The link's token is valid 24 h.
    """
    authentication.request_password_reset(body.email)
    return AcceptedOut()


@router.post("/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
@raises((BadRequest, "token_invalid"), (Gone, "token_expired"))
def confirm_password_reset(body: PasswordResetConfirmIn) -> Response:
    """Set a new password with a reset token

    Anyone holding the emailed token: single-use, valid 24 h. Every refresh token of the account
    is revoked, so every session ends.
    """
    authentication.confirm_password_reset(body.token, body.new_password)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
