"""Journal entries and their therapist matches (seed 000 `entries`, `matches`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from shared.embeddings import EMBEDDING_DIMENSIONS
from shared.models import users as _users  # noqa: F401 - tables our foreign keys name
from shared.models.base import Base, created_at_column, uuid_pk

MAX_ENTRY_CHARS = 20_000


class Entry(Base):
    """A client's journal entry: private to its author."""

    __tablename__ = "entries"
    __table_args__ = (
        CheckConstraint(f"char_length(content) <= {MAX_ENTRY_CHARS}", name="content_capped"),
        Index("ix_entries_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    content: Mapped[str] = mapped_column(Text, nullable=False)
    language_code: Mapped[str] = mapped_column(String(16), nullable=False)
    embedding: Mapped[list[float]] = mapped_column(Vector(EMBEDDING_DIMENSIONS), nullable=False)
    embedding_model: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = created_at_column()


class Match(Base):
    """One therapist ranked for one entry; a new match run replaces the entry's previous ones."""

    __tablename__ = "matches"
    __table_args__ = (
        UniqueConstraint("entry_id", "therapist_id"),
        UniqueConstraint("entry_id", "rank"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        CheckConstraint("match_score BETWEEN -1 AND 1", name="score_is_cosine"),
        Index("ix_matches_therapist_id", "therapist_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("entries.id", ondelete="CASCADE"), nullable=False
    )
    therapist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    match_score: Mapped[float] = mapped_column(Float, nullable=False)
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
    language_code: Mapped[str] = mapped_column(String(16), nullable=False)
    # Why this therapist (`shared.domain.matching.explain`, as JSON); null for a ranking stored
    # before reasons existed.
    reasons: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = created_at_column()
