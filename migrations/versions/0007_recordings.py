"""Recordings: session_recordings, deleted from S3 and here once past expires_at.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_recordings",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("appointment_id", sa.UUID(), nullable=False),
        sa.Column("uploaded_by", sa.UUID(), nullable=True),
        sa.Column("s3_key", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("max_bytes", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("max_bytes > 0", name=op.f("ck_session_recordings_max_bytes_positive")),
        sa.CheckConstraint(
            "expires_at > created_at", name=op.f("ck_session_recordings_expires_after_created")
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_session_recordings_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
            name=op.f("fk_session_recordings_uploaded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_recordings")),
        sa.UniqueConstraint("s3_key", name=op.f("uq_session_recordings_s3_key")),
    )
    op.create_index(
        "ix_session_recordings_appointment_id_created_at",
        "session_recordings",
        ["appointment_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_session_recordings_expires_at", "session_recordings", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_session_recordings_expires_at", table_name="session_recordings")
    op.drop_index(
        "ix_session_recordings_appointment_id_created_at", table_name="session_recordings"
    )
    op.drop_table("session_recordings")
