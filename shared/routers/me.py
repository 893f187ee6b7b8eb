"""GET/PATCH/DELETE /me: the caller's own account."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from shared.domain import accounts
from shared.http.auth import CurrentUser
from shared.schemas.auth import ProfilePatch, UserOut

router = APIRouter(tags=["me"])


@router.get("/me", response_model=UserOut)
def get_me(user: CurrentUser) -> accounts.Account:
    return accounts.get_account(user.id)


@router.patch("/me", response_model=UserOut)
def patch_me(body: ProfilePatch, user: CurrentUser) -> accounts.Account:
    return accounts.update_profile(user.id, body.model_dump(exclude_unset=True))


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser) -> Response:
    accounts.delete_account(user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
