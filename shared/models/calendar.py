"""Calendar feeds: one secret feed URL per user (GET /calendar/{token}.ics).

Only the token's SHA-256 is stored, as for every other token: a leaked database row does not
open anyone's calendar. A new URL replaces the row, so the old URL stops working at once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from shared.models import users as _users  # noqa: F401 - the table our foreign key names
from shared.models.base import Base, created_at_column


class CalendarFeed(Base):
    __tablename__ = "calendar_feeds"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = created_at_column()
