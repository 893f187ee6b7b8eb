"""POST /auth/*: register, verify, log in, refresh, log out, reset the password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from shared.domain import accounts, authentication
from shared.http.auth import CurrentUser, client_ip
from shared.schemas.auth import (
    AcceptedOut,
    EmailIn,
    LoginIn,
    PasswordResetConfirmIn,
    RefreshIn,
    RegisterIn,
    TokenIn,
    TokenPairOut,
    UserOut,
)

router = APIRouter(prefix="/auth", tags=["auth"])


def _pair(pair: authentication.TokenPair) -> TokenPairOut:
    return TokenPairOut(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=UserOut)
def register(body: RegisterIn) -> accounts.Account:
    return accounts.register(accounts.Registration(**body.model_dump()))


@router.post("/verify-email", response_model=UserOut)
def verify_email(body: TokenIn) -> accounts.Account:
    return accounts.verify_email(body.token)


@router.post("/resend-verification", status_code=status.HTTP_202_ACCEPTED)
def resend_verification(body: EmailIn) -> AcceptedOut:
    accounts.resend_verification(body.email)
    return AcceptedOut()


@router.post("/login")
def login(body: LoginIn, ip: Annotated[str, Depends(client_ip)]) -> TokenPairOut:
    return _pair(authentication.login(body.email, body.password, ip))


@router.post("/refresh")
def refresh(body: RefreshIn) -> TokenPairOut:
    return _pair(authentication.refresh(body.refresh_token))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(body: RefreshIn, user: CurrentUser) -> Response:
    authentication.logout(user.id, body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/password-reset/request", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(body: EmailIn) -> AcceptedOut:
    authentication.request_password_reset(body.email)
    return AcceptedOut()


@router.post("/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_password_reset(body: PasswordResetConfirmIn) -> Response:
    authentication.confirm_password_reset(body.token, body.new_password)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
