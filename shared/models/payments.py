"""Payments (seed 000 and seed 003 `payments`), Stripe events applied once, package credits."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from shared.models import booking as _booking  # noqa: F401 - tables our foreign keys name
from shared.models import users as _users  # noqa: F401 - tables our foreign keys name
from shared.models.base import Base, created_at_column, updated_at_column, uuid_pk

PAYMENT_STATUSES = ("pending", "succeeded", "failed", "refunded")


class Payment(Base):
    """One Stripe PaymentIntent: for an appointment, or for a package (a service)."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed', 'refunded')", name="status_known"
        ),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(
            "refund_status IS NULL OR refund_status IN ('pending', 'succeeded', 'failed')",
            name="refund_status_known",
        ),
        CheckConstraint(
            "refund_amount_cents IS NULL OR "
            "(refund_amount_cents > 0 AND refund_amount_cents <= amount_cents)",
            name="refund_within_amount",
        ),
        CheckConstraint("currency ~ '^[a-z]{3}$'", name="currency_iso"),
        # The same unpaid appointment always maps to one payment.
        Index(
            "uq_payments_open_per_appointment",
            "appointment_id",
            unique=True,
            postgresql_where=text("status IN ('pending', 'succeeded')"),
        ),
        Index("ix_payments_user_id_created_at", "user_id", "created_at"),
        Index("ix_payments_appointment_id", "appointment_id"),  # seed 003 Payment.sessionId
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("appointments.id", ondelete="SET NULL")
    )
    service_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("services.id", ondelete="RESTRICT"), nullable=False
    )
    package_type: Mapped[str] = mapped_column(String(20), nullable=False)
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="pending")
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_client_secret: Mapped[str | None] = mapped_column(String(255))
    # The refund, once one was decided: pending until Stripe says succeeded (or failed).
    refund_status: Mapped[str | None] = mapped_column(String(10))
    refund_amount_cents: Mapped[int | None] = mapped_column(Integer)
    refund_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class StripeEvent(Base):
    """Every Stripe event id we applied: a redelivery finds its id here and changes nothing."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    received_at: Mapped[datetime] = created_at_column()


class PackageCredit(Base):
    """Sessions bought as a monthly or intensive package, spendable until `expires_at`."""

    __tablename__ = "package_credits"
    __table_args__ = (
        CheckConstraint("remaining >= 0 AND remaining <= sessions_total", name="remaining_sane"),
        Index("ix_package_credits_user_id_service_id", "user_id", "service_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    service_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("services.id", ondelete="RESTRICT"), nullable=False
    )
    payment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("payments.id", ondelete="CASCADE"), unique=True
    )
    package_type: Mapped[str] = mapped_column(String(20), nullable=False)
    sessions_total: Mapped[int] = mapped_column(Integer, nullable=False)
    remaining: Mapped[int] = mapped_column(Integer, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = created_at_column()
