"""Session recordings (seed 000 `session_recordings`): one row per uploaded (or announced)
recording of an appointment, its object in the recordings bucket under `s3_key`.

A row is written when the therapist asks for an upload URL and lives until `expires_at`; the
hourly recording-expiry job deletes the S3 object first and the row only after that succeeded,
so a row is the job's to-do list and no object outlives its row unnoticed.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from shared.models import booking as _booking  # noqa: F401 - tables our foreign keys name
from shared.models import users as _users  # noqa: F401 - tables our foreign keys name
from shared.models.base import Base, created_at_column, uuid_pk


class SessionRecording(Base):
    """A recording of one appointment, kept until `expires_at`."""

    __tablename__ = "session_recordings"
    __table_args__ = (
        CheckConstraint("max_bytes > 0", name="max_bytes_positive"),
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
        Index("ix_session_recordings_appointment_id_created_at", "appointment_id", "created_at"),
        Index("ix_session_recordings_expires_at", "expires_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    appointment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False
    )
    # The therapist who uploaded it; kept NULL (not cascaded) if that account row ever goes, so
    # the expiry job still finds and deletes the object.
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")
    )
    s3_key: Mapped[str] = mapped_column(String(255), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(50), nullable=False)
    max_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # Set the first time a listing found the object in S3; until then it is not listed.
    uploaded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at_column()
