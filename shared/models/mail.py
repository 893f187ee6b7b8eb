"""Mail that must not be sent: addresses SES reported as undeliverable or complaining."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from shared.models.base import Base


class UndeliverableAddress(Base):
    """A permanent bounce or a complaint: the outbox stops mailing the address (and SES's
    reputation, and the person's patience, are spared)."""

    __tablename__ = "undeliverable_addresses"
    __table_args__ = (CheckConstraint("kind IN ('bounce', 'complaint')", name="kind_known"),)

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
