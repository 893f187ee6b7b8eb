"""GET/PATCH/DELETE /me: the caller's own account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from shared.domain import accounts, audit, export
from shared.errors import Unprocessable
from shared.http.auth import CurrentUser
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.pagination import Page
from shared.schemas.auth import ProfilePatch

router = APIRouter(tags=["me"])


@router.get("/me")
def get_my_account(user: CurrentUser) -> accounts.Account:
    """Read my profile

    A logged-in user: their own account, whatever the role.
    """
    return accounts.get_account(user.id)


@router.patch("/me")
@raises((Unprocessable, "validation_error"))
def update_my_account(body: ProfilePatch, user: CurrentUser) -> accounts.Account:
    """Change my profile

    A logged-in user. Only the fields sent change; `null` removes an optional field. The name,
    time zone and language cannot be removed (422). Emails use the language and time zone.
    """
    return accounts.update_profile(user.id, body.model_dump(exclude_unset=True))


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_my_account(user: CurrentUser) -> Response:
    """Delete my account

    A logged-in user. A soft delete that anonymises personal data: messages they wrote keep
    their place in the thread with their text erased; future appointments are cancelled, settled
    by the money policy and notified to the other participants; every session ends.
    """
    accounts.delete_account(user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me/audit")
def list_my_audit_events(user: CurrentUser, page: PageQuery) -> Page[audit.AuditView]:
    """Who else read or changed my data

    A logged-in user. Every time someone other than the caller read or changed an appointment
    they take part in, a message they wrote, a recording of their session, or (an admin) their
    account, newest first.
    """
    return audit.my_audit(user.id, limit=page.limit, cursor=page.cursor)


@router.get("/me/export")
def export_my_data(user: CurrentUser) -> dict[str, Any]:
    """Export every record about me

    A logged-in user. One JSON document: profile, entries, matches, appointments, own notes,
    messages, payments, credits, notifications, login attempts and audit events (secrets such
    as password hashes aside).
    """
    return export.export_account(user.id)
