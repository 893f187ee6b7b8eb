"""Notifications (seed 000, seed 003 typed), reminder deliveries, message threads (seed 003)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from shared.models import booking as _booking  # noqa: F401 - tables our foreign keys name
from shared.models import users as _users  # noqa: F401 - tables our foreign keys name
from shared.models.base import Base, created_at_column, uuid_pk

NOTIFICATION_TYPES = (
    "booking", "confirmation", "declined", "cancellation", "reschedule", "reminder", "payment",
    "refund", "message", "vetting",
)  # fmt: skip
MAX_MESSAGE_CHARS = 5000


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(
            "type IN ('booking', 'confirmation', 'declined', 'cancellation', 'reschedule', "
            "'reminder', 'payment', 'refund', 'message', 'vetting')",
            name="type_known",
        ),
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),  # seed 003
        Index("ix_notifications_unread", "user_id", postgresql_where=text("NOT is_read")),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    related_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    is_read: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    created_at: Mapped[datetime] = created_at_column()


class ReminderDelivery(Base):
    """One reminder of one appointment at one start time: the unique key makes it exactly once,
    and a rescheduled appointment (a new start) gets its own."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("appointment_id", "kind", "starts_at"),
        CheckConstraint("kind IN ('24h', '1h')", name="kind_known"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    appointment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(4), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = created_at_column()


class Thread(Base):
    """A conversation; `participant_key` (the sorted ids) keeps one thread per set of people."""

    __tablename__ = "threads"

    id: Mapped[uuid.UUID] = uuid_pk()
    participant_key: Mapped[str] = mapped_column(String(400), nullable=False, unique=True)
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at_column()


class ThreadParticipant(Base):
    """Seed 003's `participants` and per-user `unreadCount`."""

    __tablename__ = "thread_participants"
    __table_args__ = (
        Index("ix_thread_participants_user_id", "user_id"),  # seed 003 Thread.participants
        CheckConstraint("unread_count >= 0", name="unread_positive"),
    )

    thread_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    unread_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    last_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_thread_id_created_at", "thread_id", "created_at"),
        CheckConstraint(f"char_length(content) <= {MAX_MESSAGE_CHARS}", name="content_capped"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    thread_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("threads.id", ondelete="CASCADE"), nullable=False
    )
    sender_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    content: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at_column()
