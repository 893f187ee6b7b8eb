"""Message threads (seed 003): between people who share an appointment or a match, one thread
per set of participants, unread counts per participant, newest messages first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from shared import clock
from shared.db import get_session
from shared.domain.notifications import Notice, notify
from shared.errors import Forbidden, NotFound, Unprocessable
from shared.models import (
    Appointment,
    AppointmentTherapist,
    Entry,
    Match,
    Message,
    Thread,
    ThreadParticipant,
    User,
)
from shared.pagination import Page, paginate

MAX_PARTICIPANTS = 10


@dataclass(frozen=True)
class LastMessage:
    content: str
    sender_id: uuid.UUID
    created_at: datetime


@dataclass(frozen=True)
class ThreadView:
    id: uuid.UUID
    participant_ids: list[uuid.UUID]
    last_message: LastMessage | None
    unread_count: int
    created_at: datetime


@dataclass(frozen=True)
class MessageView:
    id: uuid.UUID
    thread_id: uuid.UUID
    sender_id: uuid.UUID
    content: str
    created_at: datetime

    @classmethod
    def of(cls, m: Message) -> MessageView:
        return cls(m.id, m.thread_id, m.sender_id, m.content, m.created_at)


def _related(session: Session, a: uuid.UUID, b: uuid.UUID) -> bool:
    """Whether a and b have a real relationship: an appointment of theirs that was confirmed,
    or is pending with every therapist's consent given (a booking a therapist never agreed to
    unlocks nothing), or a stored match."""

    def shares_appointment(client: uuid.UUID, therapist: uuid.UUID) -> Any:
        other = aliased(AppointmentTherapist)
        unanswered = exists().where(
            other.appointment_id == Appointment.id, other.consent != "accepted"
        )
        return exists().where(
            Appointment.client_id == client,
            AppointmentTherapist.appointment_id == Appointment.id,
            AppointmentTherapist.therapist_id == therapist,
            or_(
                Appointment.confirmed_at.is_not(None),
                and_(Appointment.status == "pending", ~unanswered),
            ),
        )

    def shares_match(client: uuid.UUID, therapist: uuid.UUID) -> Any:
        return exists().where(
            Entry.user_id == client, Match.entry_id == Entry.id, Match.therapist_id == therapist
        )

    return bool(
        session.scalar(
            select(
                or_(
                    shares_appointment(a, b),
                    shares_appointment(b, a),
                    shares_match(a, b),
                    shares_match(b, a),
                )
            )
        )
    )


def _view(session: Session, thread: Thread, user_id: uuid.UUID) -> ThreadView:
    participants = session.scalars(
        select(ThreadParticipant).where(ThreadParticipant.thread_id == thread.id)
    ).all()
    last = session.scalar(
        select(Message)
        .where(Message.thread_id == thread.id)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )
    mine = next(p for p in participants if p.user_id == user_id)
    return ThreadView(
        id=thread.id,
        participant_ids=sorted(p.user_id for p in participants),
        last_message=LastMessage(last.content, last.sender_id, last.created_at) if last else None,
        unread_count=mine.unread_count,
        created_at=thread.created_at,
    )


def open_thread(
    user_id: uuid.UUID, participant_ids: Sequence[uuid.UUID]
) -> tuple[ThreadView, bool]:
    """The thread of exactly these people (the caller included), made if new: (thread, created).

    Everyone else must share an appointment or a match with the caller (403 otherwise).
    """
    people = sorted(set(participant_ids) | {user_id})
    if len(people) < 2:
        raise Unprocessable("A thread needs someone besides you.", code="no_participants")
    if len(people) > MAX_PARTICIPANTS:
        raise Unprocessable(f"At most {MAX_PARTICIPANTS} participants.", code="too_many")
    key = ",".join(str(p) for p in people)
    try:
        with get_session() as session:
            live = set(
                session.scalars(
                    select(User.id).where(User.id.in_(people), User.deleted_at.is_(None))
                )
            )
            if live != set(people):
                raise NotFound("No such user.")
            for other in people:
                if other != user_id and not _related(session, user_id, other):
                    raise Forbidden(
                        "You can message only people you have an appointment or a match with.",
                        code="no_relationship",
                    )
            existing = session.scalar(select(Thread).where(Thread.participant_key == key))
            if existing is not None:
                return _view(session, existing, user_id), False
            thread = Thread(participant_key=key)
            session.add(thread)
            session.flush()
            session.add_all(ThreadParticipant(thread_id=thread.id, user_id=p) for p in people)
            session.flush()
            session.refresh(thread, ["created_at"])
            return _view(session, thread, user_id), True
    except IntegrityError:  # the same thread was made concurrently
        with get_session() as session:
            made = session.scalar(select(Thread).where(Thread.participant_key == key))
            assert made is not None
            return _view(session, made, user_id), False


def _membership(session: Session, user_id: uuid.UUID, thread_id: uuid.UUID) -> ThreadParticipant:
    member = session.get(ThreadParticipant, (thread_id, user_id))
    if member is None:
        raise NotFound("No such thread.")
    return member


def list_threads(user_id: uuid.UUID, *, limit: int, cursor: str | None) -> Page[ThreadView]:
    mine = exists().where(
        and_(ThreadParticipant.thread_id == Thread.id, ThreadParticipant.user_id == user_id)
    )
    with get_session() as session:
        return paginate(
            session,
            select(Thread).where(mine),
            keys=[Thread.created_at, Thread.id],
            limit=limit,
            cursor=cursor,
            to_item=lambda t: _view(session, t, user_id),
        )


def list_messages(
    user_id: uuid.UUID, thread_id: uuid.UUID, *, limit: int, cursor: str | None
) -> Page[MessageView]:
    """A thread's messages, newest first."""
    with get_session() as session:
        _membership(session, user_id, thread_id)
        page = paginate(
            session,
            select(Message).where(Message.thread_id == thread_id),
            keys=[Message.created_at, Message.id],
            limit=limit,
            cursor=cursor,
            to_item=MessageView.of,
        )
        # Reading what someone else wrote is an event of theirs (GET /me/audit).
        from shared.domain import audit

        audit.record_many(session, audit.Access(user_id, "participant"), "read", "message",
                          [(m.id, [m.sender_id]) for m in page.items])  # fmt: skip
        return page


def post_message(user_id: uuid.UUID, thread_id: uuid.UUID, content: str) -> MessageView:
    """Add a message; every other participant's unread count goes up and they are notified."""
    now = clock.now()
    with get_session() as session:
        _membership(session, user_id, thread_id)
        message = Message(thread_id=thread_id, sender_id=user_id, content=content, created_at=now)
        session.add(message)
        session.execute(update(Thread).where(Thread.id == thread_id).values(last_message_at=now))
        others = session.scalars(
            update(ThreadParticipant)
            .where(ThreadParticipant.thread_id == thread_id, ThreadParticipant.user_id != user_id)
            .values(unread_count=ThreadParticipant.unread_count + 1)
            .returning(ThreadParticipant.user_id)
        ).all()
        notify(session, others,
               Notice("message", "message", related_id=thread_id, names={"sender": user_id},
                      context={"preview": content[:200], "thread_id": str(thread_id)}),
               email=True)  # fmt: skip
        session.flush()
        return MessageView.of(message)


def mark_thread_read(user_id: uuid.UUID, thread_id: uuid.UUID) -> None:
    with get_session() as session:
        member = _membership(session, user_id, thread_id)
        member.unread_count = 0
        member.last_read_at = clock.now()
