"""Booking: services, schedules, overrides, appointments and their therapists; no-overlap rules.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "availability_overrides",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("therapist_id", sa.UUID(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("intervals", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["users.id"],
            name=op.f("fk_availability_overrides_therapist_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_overrides")),
        sa.UniqueConstraint(
            "therapist_id",
            "local_date",
            name=op.f("uq_availability_overrides_therapist_id_local_date"),
        ),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("therapist_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("package_type", sa.String(length=20), nullable=False),
        sa.Column("sessions_included", sa.Integer(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("requires_confirmation", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column(
            "images", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False
        ),
        sa.Column("availability", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("currency ~ '^[a-z]{3}$'", name=op.f("ck_services_currency_iso")),
        sa.CheckConstraint(
            "package_type <> 'single' OR sessions_included = 1",
            name=op.f("ck_services_single_is_one_session"),
        ),
        sa.CheckConstraint(
            "package_type IN ('single', 'monthly', 'intensive')",
            name=op.f("ck_services_package_type_known"),
        ),
        sa.CheckConstraint(
            "duration_minutes > 0 AND duration_minutes <= 480",
            name=op.f("ck_services_duration_sane"),
        ),
        sa.CheckConstraint("price_cents > 0", name=op.f("ck_services_price_positive")),
        sa.CheckConstraint("sessions_included > 0", name=op.f("ck_services_sessions_positive")),
        sa.CheckConstraint(
            "validity_days IS NULL OR validity_days > 0", name=op.f("ck_services_validity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["users.id"],
            name=op.f("fk_services_therapist_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
    )
    op.create_index("ix_services_category", "services", ["category"], unique=False)
    op.create_index("ix_services_therapist_id", "services", ["therapist_id"], unique=False)
    op.create_table(
        "therapist_schedules",
        sa.Column("therapist_id", sa.UUID(), nullable=False),
        sa.Column("weekly", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), server_default="720", nullable=False),
        sa.Column("horizon_days", sa.Integer(), server_default="60", nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "buffer_minutes BETWEEN 0 AND 240", name=op.f("ck_therapist_schedules_buffer_sane")
        ),
        sa.CheckConstraint(
            "horizon_days BETWEEN 1 AND 365", name=op.f("ck_therapist_schedules_horizon_sane")
        ),
        sa.CheckConstraint(
            "min_notice_minutes BETWEEN 0 AND 43200",
            name=op.f("ck_therapist_schedules_notice_sane"),
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["users.id"],
            name=op.f("fk_therapist_schedules_therapist_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("therapist_id", name=op.f("pk_therapist_schedules")),
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("client_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("package_type", sa.String(length=20), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payment_status", sa.String(length=20), nullable=False),
        sa.Column("requires_confirmation", sa.Boolean(), nullable=False),
        sa.Column("therapist_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pre_session_message", sa.Text(), nullable=True),
        sa.Column("client_notes", sa.Text(), nullable=True),
        sa.Column("meeting_url", sa.String(length=500), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.UUID(), nullable=True),
        sa.Column("cancellation_reason", sa.Text(), nullable=True),
        sa.Column("late_cancellation", sa.Boolean(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        postgresql.ExcludeConstraint(
            (sa.column("client_id"), "="),
            (sa.text("tstzrange(starts_at, ends_at)"), "&&"),
            where=sa.text("status IN ('pending', 'confirmed')"),
            using="gist",
            name="ex_appointments_client_overlap",
        ),
        sa.CheckConstraint(
            "package_type IN ('single', 'monthly', 'intensive')",
            name=op.f("ck_appointments_package_type_known"),
        ),
        sa.CheckConstraint(
            "payment_status IN ('unpaid', 'paid', 'credit', 'refunded')",
            name=op.f("ck_appointments_payment_known"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'completed', 'cancelled')",
            name=op.f("ck_appointments_status_known"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_appointments_ends_after_start")),
        sa.CheckConstraint("price_cents > 0", name=op.f("ck_appointments_price_positive")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_appointments_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_appointments_service_id_services"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    op.create_index(
        "ix_appointments_client_id_starts_at",
        "appointments",
        ["client_id", "starts_at"],
        unique=False,
    )
    op.create_index(
        "ix_appointments_confirmed_starts_at",
        "appointments",
        ["starts_at"],
        unique=False,
        postgresql_where=sa.text("status = 'confirmed'"),
    )
    op.create_index(
        "ix_appointments_hold_expires_at",
        "appointments",
        ["hold_expires_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index("ix_appointments_service_id", "appointments", ["service_id"], unique=False)
    op.create_table(
        "appointment_therapists",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("appointment_id", sa.UUID(), nullable=False),
        sa.Column("therapist_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("during", postgresql.TSTZRANGE(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        postgresql.ExcludeConstraint(
            (sa.column("therapist_id"), "="),
            (sa.column("during"), "&&"),
            where=sa.text("active"),
            using="gist",
            name="ex_appointment_therapists_overlap",
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_therapists_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["users.id"],
            name=op.f("fk_appointment_therapists_therapist_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_therapists")),
        sa.UniqueConstraint(
            "appointment_id",
            "therapist_id",
            name=op.f("uq_appointment_therapists_appointment_id_therapist_id"),
        ),
    )
    op.create_index(
        "ix_appointment_therapists_therapist_id",
        "appointment_therapists",
        ["therapist_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_appointment_therapists_therapist_id", table_name="appointment_therapists")
    op.drop_table("appointment_therapists")
    op.drop_index("ix_appointments_service_id", table_name="appointments")
    op.drop_index(
        "ix_appointments_hold_expires_at",
        table_name="appointments",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_index(
        "ix_appointments_confirmed_starts_at",
        table_name="appointments",
        postgresql_where=sa.text("status = 'confirmed'"),
    )
    op.drop_index("ix_appointments_client_id_starts_at", table_name="appointments")
    op.drop_table("appointments")
    op.drop_table("therapist_schedules")
    op.drop_index("ix_services_therapist_id", table_name="services")
    op.drop_index("ix_services_category", table_name="services")
    op.drop_table("services")
    op.drop_table("availability_overrides")
