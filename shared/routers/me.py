"""GET/PATCH/DELETE /me: the caller's own account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from shared.domain import accounts, audit, export
from shared.http.auth import CurrentUser
from shared.http.pagination import PageQuery
from shared.schemas.admin import AuditEventOut
from shared.schemas.auth import ProfilePatch, UserOut
from shared.schemas.common import Page

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


@router.get("/me/audit", response_model=Page[AuditEventOut])
def my_audit(user: CurrentUser, page: PageQuery) -> Page[AuditEventOut]:
    """Every time someone other than you read or changed your data, newest first."""
    found = audit.my_audit(user.id, limit=page.limit, cursor=page.cursor)
    return Page(
        items=[AuditEventOut.model_validate(e, from_attributes=True) for e in found.items],
        next_cursor=found.next_cursor,
    )


@router.get("/me/export")
def export_me(user: CurrentUser) -> dict[str, Any]:
    """Every record about you, as one JSON document (secrets such as password hashes aside)."""
    return export.export_account(user.id)
