"""Lifecycle and outbox: each therapist's consent, why an appointment ended, refunds on payments,
and the transactional outbox of side effects (refunds, emails).

Reminder emails now go through the outbox, so `reminder_deliveries.emailed_at` goes. Recordings
learn when their object was first seen in S3 (`uploaded_at`): they are listed only from then on.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_effects",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("priority", sa.SmallInteger(), server_default="5", nullable=False),
        sa.Column("status", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('refund', 'email', 'blob_delete')", name=op.f("ck_outbox_effects_kind_known")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'dead')", name=op.f("ck_outbox_effects_status_known")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_effects_attempts_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_effects")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_effects_idempotency_key")),
    )
    op.create_index(
        "ix_outbox_effects_due",
        "outbox_effects",
        ["priority", "next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )

    op.add_column(
        "appointment_therapists",
        sa.Column("consent", sa.String(length=10), server_default="pending", nullable=False),
    )
    op.add_column(
        "appointment_therapists",
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_check_constraint(
        "consent_known", "appointment_therapists", "consent IN ('pending', 'accepted', 'declined')"
    )
    # Existing rows: the primary therapist agreed when the service needed no confirmation or
    # they confirmed; before consents, co-therapists were never asked, so they count as agreed.
    op.execute(
        """
        UPDATE appointment_therapists t
        SET consent = CASE
                WHEN t.position > 0 THEN 'accepted'
                WHEN NOT a.requires_confirmation OR a.therapist_confirmed_at IS NOT NULL
                    THEN 'accepted'
                ELSE 'pending' END,
            consent_at = COALESCE(a.therapist_confirmed_at, a.created_at)
        FROM appointments a WHERE a.id = t.appointment_id
        """
    )
    op.add_column("appointments", sa.Column("end_cause", sa.String(length=30), nullable=True))

    op.add_column("payments", sa.Column("refund_status", sa.String(length=10), nullable=True))
    op.add_column("payments", sa.Column("refund_amount_cents", sa.Integer(), nullable=True))
    op.add_column("payments", sa.Column("stripe_refund_id", sa.String(length=255), nullable=True))
    op.create_check_constraint(
        "refund_status_known",
        "payments",
        "refund_status IS NULL OR refund_status IN ('pending', 'succeeded', 'failed')",
    )
    op.create_check_constraint(
        "refund_within_amount",
        "payments",
        "refund_amount_cents IS NULL OR "
        "(refund_amount_cents > 0 AND refund_amount_cents <= amount_cents)",
    )
    op.execute(
        """
        UPDATE payments SET refund_amount_cents = amount_cents,
            refund_status = CASE WHEN status = 'refunded' THEN 'succeeded' ELSE 'pending' END,
            refund_requested_at = COALESCE(refund_requested_at, updated_at)
        WHERE status = 'refunded' OR refund_requested_at IS NOT NULL
        """
    )
    # Refunds decided before the outbox existed, and never carried out: carry them out now.
    op.execute(
        """
        INSERT INTO outbox_effects (kind, idempotency_key, payload, priority, next_attempt_at)
        SELECT 'refund', 'attune-refund-' || id, jsonb_build_object('payment_id', id::text), 3,
               now()
        FROM payments WHERE refund_status = 'pending'
        """
    )

    op.drop_index("ix_reminder_deliveries_unsent", table_name="reminder_deliveries")
    op.drop_column("reminder_deliveries", "emailed_at")
    op.add_column(
        "session_recordings", sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("session_recordings", "uploaded_at")
    op.add_column(
        "reminder_deliveries",
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.execute("UPDATE reminder_deliveries SET emailed_at = created_at")
    op.create_index(
        "ix_reminder_deliveries_unsent",
        "reminder_deliveries",
        ["created_at"],
        postgresql_where=sa.text("emailed_at IS NULL"),
    )
    op.drop_constraint("refund_within_amount", "payments", type_="check")
    op.drop_constraint("refund_status_known", "payments", type_="check")
    op.drop_column("payments", "stripe_refund_id")
    op.drop_column("payments", "refund_amount_cents")
    op.drop_column("payments", "refund_status")
    op.drop_column("appointments", "end_cause")
    op.drop_constraint("consent_known", "appointment_therapists", type_="check")
    op.drop_column("appointment_therapists", "consent_at")
    op.drop_column("appointment_therapists", "consent")
    op.drop_index("ix_outbox_effects_due", table_name="outbox_effects")
    op.drop_table("outbox_effects")
