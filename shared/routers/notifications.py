"""The caller's notifications: list (optionally unread only), mark one or all read."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from shared.domain import notifications
from shared.errors import NotFound
from shared.http.auth import CurrentUser
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.pagination import Page

router = APIRouter(tags=["notifications"])


@router.get("/notifications")
def list_notifications(
    user: CurrentUser, page: PageQuery, unread: bool = False
) -> Page[notifications.NotificationView]:
    """List my notifications

    A logged-in user: newest first; `?unread=true` for the unread ones only.
    """
    return notifications.list_notifications(
        user.id, unread_only=unread, limit=page.limit, cursor=page.cursor
    )


@router.post("/notifications/read-all", status_code=status.HTTP_204_NO_CONTENT)
def mark_all_notifications_read(user: CurrentUser) -> Response:
    """Mark all my notifications read

    A logged-in user: every notification of theirs, so `?unread=true` lists none.
    """
    notifications.mark_all_read(user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/notifications/{id}/read", status_code=status.HTTP_204_NO_CONTENT)
@raises(NotFound)
def mark_notification_read(id: uuid.UUID, user: CurrentUser) -> Response:
    """Mark one of my notifications read

    Its recipient (anyone else gets a 404).
    """
    notifications.mark_read(user.id, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
