"""Practice: therapists' licences and vetting, suspended accounts, and the append-only audit
trail (a trigger refuses UPDATE and DELETE on it).

Therapists who were already published count as approved: they were listed before vetting.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("therapist_profiles", sa.Column("license_number", sa.String(100), nullable=True))
    op.add_column(
        "therapist_profiles", sa.Column("license_jurisdiction", sa.String(100), nullable=True)
    )
    op.add_column(
        "therapist_profiles",
        sa.Column("vetting_status", sa.String(10), server_default="pending", nullable=False),
    )
    op.add_column("therapist_profiles", sa.Column("vetting_reason", sa.Text(), nullable=True))
    op.add_column(
        "therapist_profiles", sa.Column("vetted_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_check_constraint(
        "vetting_known",
        "therapist_profiles",
        "vetting_status IN ('pending', 'approved', 'rejected')",
    )
    op.execute("UPDATE therapist_profiles SET vetting_status = 'approved', vetted_at = now()")
    op.create_index(
        "ix_therapist_profiles_vetting_status", "therapist_profiles", ["vetting_status"]
    )
    op.drop_constraint("type_known", "notifications", type_="check")
    op.create_check_constraint(
        "type_known",
        "notifications",
        "type IN ('booking', 'confirmation', 'declined', 'cancellation', 'reschedule', "
        "'reminder', 'payment', 'refund', 'message', 'vetting')",
    )
    op.add_column("users", sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("suspension_reason", sa.Text(), nullable=True))
    op.create_table(
        "audit_events",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.UUID(), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(30), nullable=False),
        sa.Column("object_id", sa.UUID(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_subject_id_at", "audit_events", ["subject_id", "at"])
    op.create_index("ix_audit_events_actor_id_at", "audit_events", ["actor_id", "at"])
    op.execute(
        """
        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events can be added, never changed or deleted'
                USING ERRCODE = 'insufficient_privilege';
        END $$
        """
    )
    op.execute(
        # UPDATE and DELETE, what any connection of the application could send. TRUNCATE is the
        # table owner's (migrations, and the tests' cleanup between cases).
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE "
        "ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION audit_events_append_only()")
    op.drop_index("ix_audit_events_actor_id_at", table_name="audit_events")
    op.drop_index("ix_audit_events_subject_id_at", table_name="audit_events")
    op.drop_table("audit_events")
    op.execute("DELETE FROM notifications WHERE type = 'vetting'")
    op.drop_constraint("type_known", "notifications", type_="check")
    op.create_check_constraint(
        "type_known",
        "notifications",
        "type IN ('booking', 'confirmation', 'declined', 'cancellation', 'reschedule', "
        "'reminder', 'payment', 'refund', 'message')",
    )
    op.drop_column("users", "suspension_reason")
    op.drop_column("users", "suspended_at")
    op.drop_index("ix_therapist_profiles_vetting_status", table_name="therapist_profiles")
    op.drop_constraint("vetting_known", "therapist_profiles", type_="check")
    for column in ("vetted_at", "vetting_reason", "vetting_status", "license_jurisdiction",
                   "license_number"):  # fmt: skip
        op.drop_column("therapist_profiles", column)
