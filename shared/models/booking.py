"""Services, availability and appointments.

Seeds: 004 `services` and `bookings` (checks on price, duration, status), 000 `appointments`
(package type, pre-session message) and `therapist_availability` (by date), 001 sessions with
several therapists (unique per session), 002 availability in UTC and local time, 003 both sides'
notes and the meeting link.

No double booking is the database's job: `appointment_therapists` holds one row per therapist per
appointment with its time range, and an exclusion constraint (btree_gist) forbids two active rows
of one therapist from overlapping; `appointments` has the same per client.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

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
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSTZRANGE, UUID, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.models import payments as _payments  # noqa: F401 - tables our foreign keys name
from shared.models import users as _users  # noqa: F401 - tables our foreign keys name
from shared.models.base import Base, created_at_column, updated_at_column, uuid_pk

PACKAGE_TYPES = ("single", "monthly", "intensive")
APPOINTMENT_STATUSES = ("pending", "confirmed", "completed", "cancelled")
ACTIVE_STATUSES = ("pending", "confirmed")
PAYMENT_STATUSES = ("unpaid", "paid", "credit", "refunded")


class Service(Base):
    """What a therapist sells: one session or a package of sessions (seed 004 `services`)."""

    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint("price_cents > 0", name="price_positive"),
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 480", name="duration_sane"),
        CheckConstraint("sessions_included > 0", name="sessions_positive"),
        CheckConstraint("validity_days IS NULL OR validity_days > 0", name="validity_positive"),
        CheckConstraint("currency ~ '^[a-z]{3}$'", name="currency_iso"),
        CheckConstraint(
            "package_type IN ('single', 'monthly', 'intensive')", name="package_type_known"
        ),
        CheckConstraint(
            "package_type <> 'single' OR sessions_included = 1", name="single_is_one_session"
        ),
        Index("ix_services_therapist_id", "therapist_id"),  # seed 004 idx_services_provider_id
        Index("ix_services_category", "category"),  # seed 004 idx_services_category
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    therapist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    title: Mapped[str] = mapped_column(String(100), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    category: Mapped[str] = mapped_column(String(50), nullable=False)
    package_type: Mapped[str] = mapped_column(String(20), nullable=False)
    sessions_included: Mapped[int] = mapped_column(Integer, nullable=False)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    price_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    requires_confirmation: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default="false"
    )
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")
    images: Mapped[list[str]] = mapped_column(JSONB, nullable=False, server_default="[]")
    # Seed 004's per-service weekly hours; they narrow the therapist's (null: no narrowing).
    availability: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class TherapistSchedule(Base):
    """Weekly hours (in the therapist's profile time zone) and booking rules."""

    __tablename__ = "therapist_schedules"
    __table_args__ = (
        CheckConstraint("buffer_minutes BETWEEN 0 AND 240", name="buffer_sane"),
        CheckConstraint("min_notice_minutes BETWEEN 0 AND 43200", name="notice_sane"),
        CheckConstraint("horizon_days BETWEEN 1 AND 365", name="horizon_sane"),
    )

    therapist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    weekly: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    buffer_minutes: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    min_notice_minutes: Mapped[int] = mapped_column(Integer, nullable=False, server_default="720")
    horizon_days: Mapped[int] = mapped_column(Integer, nullable=False, server_default="60")
    updated_at: Mapped[datetime] = updated_at_column()


class AvailabilityOverride(Base):
    """Seed 000 `therapist_availability` by date: other hours on one local date ([] = day off)."""

    __tablename__ = "availability_overrides"
    __table_args__ = (UniqueConstraint("therapist_id", "local_date"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    therapist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    local_date: Mapped[date] = mapped_column(Date, nullable=False)
    intervals: Mapped[list[dict[str, str]]] = mapped_column(JSONB, nullable=False)
    created_at: Mapped[datetime] = created_at_column()


class Appointment(Base):
    """A booked session (seed 000 `appointments`, seed 004 `bookings`, seed 003 `Session`)."""

    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'confirmed', 'completed', 'cancelled')", name="status_known"
        ),
        CheckConstraint(
            "payment_status IN ('unpaid', 'paid', 'credit', 'refunded')", name="payment_known"
        ),
        CheckConstraint(
            "package_type IN ('single', 'monthly', 'intensive')", name="package_type_known"
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("price_cents > 0", name="price_positive"),
        ExcludeConstraint(
            ("client_id", "="),
            (text("tstzrange(starts_at, ends_at)"), "&&"),
            name="ex_appointments_client_overlap",
            using="gist",
            where=text("status IN ('pending', 'confirmed')"),
        ),
        Index("ix_appointments_client_id_starts_at", "client_id", "starts_at"),
        Index("ix_appointments_service_id", "service_id"),
        Index(
            "ix_appointments_series_id",
            "series_id",
            postgresql_where=text("series_id IS NOT NULL"),
        ),
        Index(
            "ix_appointments_hold_expires_at",
            "hold_expires_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index(
            "ix_appointments_confirmed_starts_at",
            "starts_at",
            postgresql_where=text("status = 'confirmed'"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    client_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    service_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("services.id", ondelete="RESTRICT"), nullable=False
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    package_type: Mapped[str] = mapped_column(String(20), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    price_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    payment_status: Mapped[str] = mapped_column(String(20), nullable=False)
    requires_confirmation: Mapped[bool] = mapped_column(Boolean, nullable=False)
    therapist_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hold_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pre_session_message: Mapped[str | None] = mapped_column(Text)
    client_notes: Mapped[str | None] = mapped_column(Text)
    meeting_url: Mapped[str | None] = mapped_column(String(500))
    # The package credit this appointment spent, returned if it is cancelled in time.
    credit_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("package_credits.id", ondelete="SET NULL")
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    late_cancellation: Mapped[bool | None] = mapped_column(Boolean)
    # The weekly series it belongs to (POST /appointments/series), if any.
    series_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # Why it ended (shared.domain.lifecycle.EndCause), for history and support.
    end_cause: Mapped[str | None] = mapped_column(String(30))
    # The iCalendar SEQUENCE of its event (shared.calendars): up by one with each reschedule
    # and with its cancellation, so calendars take the newest invitation.
    sequence: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0", default=0)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    therapists: Mapped[list[AppointmentTherapist]] = relationship(
        back_populates="appointment",
        cascade="all, delete-orphan",
        order_by="AppointmentTherapist.position",
    )


class AppointmentTherapist(Base):
    """One therapist taking part in an appointment (seed 001 `SessionTherapists`).

    `during` is the appointment's range extended by the therapist's buffer after it, so the
    exclusion constraint keeps that gap free whichever of two appointments comes first.
    """

    __tablename__ = "appointment_therapists"
    __table_args__ = (
        UniqueConstraint("appointment_id", "therapist_id"),
        CheckConstraint("consent IN ('pending', 'accepted', 'declined')", name="consent_known"),
        ExcludeConstraint(
            ("therapist_id", "="),
            ("during", "&&"),
            name="ex_appointment_therapists_overlap",
            using="gist",
            where=text("active"),
        ),
        Index("ix_appointment_therapists_therapist_id", "therapist_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    appointment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False
    )
    therapist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)  # 0: the service's therapist
    during: Mapped[Any] = mapped_column(TSTZRANGE, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")
    notes: Mapped[str | None] = mapped_column(Text)  # this therapist's private notes
    # This therapist's own answer to the booking (API.md "Consent").
    consent: Mapped[str] = mapped_column(String(10), nullable=False, server_default="pending")
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    appointment: Mapped[Appointment] = relationship(back_populates="therapists")
