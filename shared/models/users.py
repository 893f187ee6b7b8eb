"""Accounts (seed 002 `user`, seed 004 `users`) and their profiles (seed 002 `profile`)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.models.base import Base, created_at_column, updated_at_column, uuid_pk

ROLES = ("client", "therapist", "admin")


class User(Base):
    """A login. Soft-deleted accounts keep their row (anonymised) so history stays consistent."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('client', 'therapist', 'admin')", name="role_known"),
        # One live account per email; a deleted account frees its email (API.md DELETE /me).
        Index(
            "uq_users_email_live",
            "email",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # An admin's suspension: no login, no tokens, out of the directory (shared.domain.admin).
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suspension_reason: Mapped[str | None] = mapped_column(Text)

    profile: Mapped[Profile] = relationship(back_populates="user", uselist=False)


class Profile(Base):
    """What a user tells about themselves; time zone and language drive scheduling and matching."""

    __tablename__ = "profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    display_name: Mapped[str | None] = mapped_column(String(100))
    bio: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, server_default="UTC")
    language: Mapped[str] = mapped_column(String(16), nullable=False, server_default="en")
    phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    user: Mapped[User] = relationship(back_populates="profile")
