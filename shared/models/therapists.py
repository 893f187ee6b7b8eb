"""Therapists: the professional profile (seed 000 `therapists`, seed 003 `ProfessionalProfile`),
their experience (seed 003), and one bio per language (seed 000 `therapist_bios`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.embeddings import EMBEDDING_DIMENSIONS
from shared.models import users as _users  # noqa: F401 - tables our foreign keys name
from shared.models.base import Base, created_at_column, updated_at_column, uuid_pk


class TherapistProfile(Base):
    """What a therapist publishes. Name and time zone live in the user's profile."""

    __tablename__ = "therapist_profiles"
    __table_args__ = (
        CheckConstraint("years_experience IS NULL OR years_experience >= 0", name="years_positive"),
        CheckConstraint(
            "vetting_status IN ('pending', 'approved', 'rejected')", name="vetting_known"
        ),
        Index("ix_therapist_profiles_vetting_status", "vetting_status"),
        # The directory lists public therapists; matching wants public and accepting ones.
        Index("ix_therapist_profiles_public_accepting", "is_public", "accepting_clients"),
        Index("ix_therapist_profiles_languages", "languages", postgresql_using="gin"),
        Index("ix_therapist_profiles_specialties", "specialties", postgresql_using="gin"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    profile_picture_url: Mapped[str | None] = mapped_column(String(2048))
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(16)), nullable=False)
    specialties: Mapped[list[str]] = mapped_column(ARRAY(String(64)), nullable=False)
    focus_areas: Mapped[list[str]] = mapped_column(
        ARRAY(String(64)), nullable=False, server_default="{}"
    )
    # The concepts the specialties and focus areas declare (shared.domain.concerns), which the
    # matching formula compares with an entry's concerns.
    concerns: Mapped[list[str]] = mapped_column(
        ARRAY(String(64)), nullable=False, server_default="{}"
    )
    years_experience: Mapped[int | None] = mapped_column(Integer)
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    accepting_clients: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")
    # The licence an admin checks before the therapist is listed (THERAPIST_VETTING=required).
    license_number: Mapped[str | None] = mapped_column(String(100))
    license_jurisdiction: Mapped[str | None] = mapped_column(String(100))
    vetting_status: Mapped[str] = mapped_column(
        String(10), nullable=False, server_default="pending"
    )
    vetting_reason: Mapped[str | None] = mapped_column(Text)
    vetted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    experiences: Mapped[list[TherapistExperience]] = relationship(
        cascade="all, delete-orphan", order_by="TherapistExperience.start_date.desc()"
    )
    bios: Mapped[list[TherapistBio]] = relationship(
        cascade="all, delete-orphan", order_by="TherapistBio.language_code"
    )


class TherapistExperience(Base):
    """Seed 003 `experience`: a past or current position."""

    __tablename__ = "therapist_experiences"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        Index("ix_therapist_experiences_therapist_id", "therapist_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    therapist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("therapist_profiles.user_id", ondelete="CASCADE"),
        nullable=False,
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)


class TherapistBio(Base):
    """One bio per language, embedded for matching. The bio in the therapist's first language is
    their default bio (`bio` in PUT /therapists/me)."""

    __tablename__ = "therapist_bios"
    __table_args__ = (
        UniqueConstraint("therapist_id", "language_code"),
        Index(
            "ix_therapist_bios_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    therapist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("therapist_profiles.user_id", ondelete="CASCADE"),
        nullable=False,
    )
    language_code: Mapped[str] = mapped_column(String(16), nullable=False)
    bio: Mapped[str] = mapped_column(Text, nullable=False)
    embedding: Mapped[list[float]] = mapped_column(Vector(EMBEDDING_DIMENSIONS), nullable=False)
    embedding_model: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
