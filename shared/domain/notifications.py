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

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Session

from shared import clock, outbox
from shared.db import get_session
from shared.errors import NotFound
from shared.models import Notification
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


# One statement: the live accounts among the recipients, a notification each, and (when asked)
# an email each as an outbox effect keyed by its notification.
_NOTIFY = text(
    """
    WITH live AS (
        SELECT id, email FROM users WHERE id = ANY(:ids) AND deleted_at IS NULL
    ),
    noted AS (
        INSERT INTO notifications (id, user_id, type, title, message, related_id)
        SELECT gen_random_uuid(), id, :kind, :title, :message, :related_id FROM live
        RETURNING id, user_id
    ),
    mailed AS (
        INSERT INTO outbox_effects (id, kind, idempotency_key, payload, priority, next_attempt_at)
        SELECT gen_random_uuid(), 'email', 'email-' || n.id,
               jsonb_build_object('to', l.email, 'subject', CAST(:title AS text),
                                  'body', CAST(:body AS text)),
               CAST(:priority AS smallint), CAST(:now AS timestamptz)
        FROM noted n JOIN live l ON l.id = n.user_id
        WHERE CAST(:email AS boolean)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
    )
    SELECT id FROM mailed
    """
).bindparams(
    bindparam("ids", type_=ARRAY(UUID(as_uuid=True))),
    bindparam("related_id", type_=UUID(as_uuid=True)),
)


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
    in the same transaction — all in one statement."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return
    emailed = session.scalars(
        _NOTIFY,
        {"ids": ids, "kind": kind, "title": title, "message": message, "related_id": related_id,
         "body": f"{message}\n\n— Attune\n", "priority": outbox.NORMAL, "now": clock.now(),
         "email": email},
    ).all()  # fmt: skip
    outbox.remember(session, emailed)


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
