"""Notifications: typed, stored per user, and emailed for the ones that matter.

Use cases call `notify(session, ...)` inside their own transaction. Its emails are outbox
effects of that transaction: sent after the commit and retried until the mailer takes them, and
never sent for a change that rolled back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shared import outbox
from shared.db import get_session
from shared.email import email_payload
from shared.errors import NotFound
from shared.models import Notification, User
from shared.pagination import Page, paginate


@dataclass(frozen=True)
class NotificationView:
    id: uuid.UUID
    type: str
    title: str
    message: str
    related_id: uuid.UUID | None
    is_read: bool
    created_at: datetime

    @classmethod
    def of(cls, n: Notification) -> NotificationView:
        return cls(n.id, n.type, n.title, n.message, n.related_id, n.is_read, n.created_at)


def notify(
    session: Session,
    user_ids: Iterable[uuid.UUID],
    kind: str,
    title: str,
    message: str,
    related_id: uuid.UUID | None = None,
    *,
    email: bool = False,
) -> None:
    """Store a notification for each user (live accounts only), and, if asked, queue its email
    in the same transaction."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return
    live = session.execute(
        select(User.id, User.email).where(User.id.in_(ids), User.deleted_at.is_(None))
    ).all()
    emails = []
    for user_id, address in live:
        notification_id = uuid.uuid4()
        session.add(Notification(id=notification_id, user_id=user_id, type=kind, title=title,
                                 message=message, related_id=related_id))  # fmt: skip
        if email:
            emails.append(
                {"kind": "email", "key": f"email-{notification_id}", "priority": outbox.NORMAL,
                 "payload": email_payload(address, title, f"{message}\n\n— Attune\n")}
            )  # fmt: skip
    if emails:
        from shared import clock

        outbox.enqueue_many(session, emails, clock.now())


def list_notifications(
    user_id: uuid.UUID, *, unread_only: bool, limit: int, cursor: str | None
) -> Page[NotificationView]:
    statement = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        statement = statement.where(Notification.is_read.is_(False))
    with get_session() as session:
        return paginate(
            session,
            statement,
            keys=[Notification.created_at, Notification.id],
            limit=limit,
            cursor=cursor,
            to_item=NotificationView.of,
        )


def mark_read(user_id: uuid.UUID, notification_id: uuid.UUID) -> None:
    with get_session() as session:
        done = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.user_id == user_id)
            .values(is_read=True)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound("No such notification.")


def mark_all_read(user_id: uuid.UUID) -> None:
    with get_session() as session:
        session.execute(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.is_read.is_(False))
            .values(is_read=True)
        )
