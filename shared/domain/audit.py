"""The audit trail: who read or changed what of someone else's (API.md `GET /me/audit`), and
every admin action. Events are written in the transaction of the access they record, so an
access that happened is never missing from it; the table is append-only (migration 0010).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from shared import clock
from shared.db import get_session
from shared.models import AuditEvent
from shared.pagination import Page, paginate


@dataclass(frozen=True)
class Access:
    """Who is acting."""

    actor_id: uuid.UUID | None
    actor_role: str


@dataclass(frozen=True)
class AuditView:
    id: uuid.UUID
    actor_id: uuid.UUID | None
    actor_role: str
    action: str
    object_type: str
    object_id: uuid.UUID | None
    at: datetime

    @classmethod
    def of(cls, e: AuditEvent) -> AuditView:
        return cls(e.id, e.actor_id, e.actor_role, e.action, e.object_type, e.object_id, e.at)


def record(
    session: Session,
    who: Access,
    action: str,
    object_type: str,
    object_id: uuid.UUID | None,
    subjects: Iterable[uuid.UUID | None],
    detail: str | None = None,
) -> None:
    """One event per subject other than the actor (reading your own data is not audited), in
    the caller's transaction."""
    record_many(session, who, action, object_type, [(object_id, subjects)], detail)


def record_many(
    session: Session,
    who: Access,
    action: str,
    object_type: str,
    objects: Iterable[tuple[uuid.UUID | None, Iterable[uuid.UUID | None]]],
    detail: str | None = None,
) -> None:
    """`record` for several objects (a page of them) in one statement."""
    now = clock.now()
    rows = [
        {"id": uuid.uuid4(), "actor_id": who.actor_id, "actor_role": who.actor_role,
         "subject_id": subject, "action": action, "object_type": object_type,
         "object_id": object_id, "detail": detail, "at": now}
        for object_id, subjects in objects
        for subject in dict.fromkeys(subjects)
        if subject != who.actor_id
    ]  # fmt: skip
    if rows:
        session.execute(insert(AuditEvent), rows)


def admin_action(
    session: Session,
    admin_id: uuid.UUID,
    action: str,
    object_type: str,
    object_id: uuid.UUID,
    subject_id: uuid.UUID | None,
    detail: str | None = None,
) -> None:
    """Every admin action is an event, whoever its subject is."""
    session.execute(
        insert(AuditEvent).values(
            id=uuid.uuid4(), actor_id=admin_id, actor_role="admin", subject_id=subject_id,
            action=action, object_type=object_type, object_id=object_id, detail=detail,
            at=clock.now(),
        )
    )  # fmt: skip


def my_audit(user_id: uuid.UUID, *, limit: int, cursor: str | None) -> Page[AuditView]:
    """What others did with the caller's data, newest first."""
    with get_session() as session:
        return paginate(
            session,
            select(AuditEvent).where(AuditEvent.subject_id == user_id),
            keys=[AuditEvent.at, AuditEvent.id],
            limit=limit,
            cursor=cursor,
            to_item=AuditView.of,
        )


@dataclass(frozen=True)
class AuditFilter:
    subject_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    start: datetime | None = None
    end: datetime | None = None


def all_audit(filters: AuditFilter, *, limit: int, cursor: str | None) -> Page[AuditView]:
    """Everyone's events, for admins, newest first."""
    statement = select(AuditEvent)
    if filters.subject_id:
        statement = statement.where(AuditEvent.subject_id == filters.subject_id)
    if filters.actor_id:
        statement = statement.where(AuditEvent.actor_id == filters.actor_id)
    if filters.start:
        statement = statement.where(AuditEvent.at >= filters.start)
    if filters.end:
        statement = statement.where(AuditEvent.at < filters.end)
    with get_session() as session:
        return paginate(
            session, statement, keys=[AuditEvent.at, AuditEvent.id], limit=limit, cursor=cursor,
            to_item=AuditView.of,
        )  # fmt: skip
