"""The transactional outbox: every effect outside PostgreSQL that a committed change asked for.

A use case writes its effects (a Stripe refund, an email, an S3 delete) as rows here in its own
transaction, so they exist exactly when the change does. `shared.outbox` carries them out after
the commit and retries them until they succeed; the unique `idempotency_key` keeps one effect
from being asked for twice (and is the key Stripe sees, so a retry never refunds twice).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, SmallInteger, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base, created_at_column, uuid_pk

EFFECT_KINDS = ("refund", "email", "blob_delete")
EFFECT_STATUSES = ("pending", "done", "dead")


class OutboxEffect(Base):
    """One side effect: pending until carried out (`done`), or `dead` after too many failures."""

    __tablename__ = "outbox_effects"
    __table_args__ = (
        CheckConstraint("kind IN ('refund', 'email', 'blob_delete')", name="kind_known"),
        CheckConstraint("status IN ('pending', 'done', 'dead')", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_positive"),
        # What the runs claim: the most urgent due effect first.
        Index(
            "ix_outbox_effects_due",
            "priority",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    idempotency_key: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    # Lower goes first: a 1 h reminder (0) before account mail (2), notifications (5), 24 h (7).
    priority: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default="5")
    status: Mapped[str] = mapped_column(String(10), nullable=False, server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
