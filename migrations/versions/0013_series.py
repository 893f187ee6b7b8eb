"""Weekly series: the series an appointment belongs to.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("appointments", sa.Column("series_id", sa.UUID(), nullable=True))
    op.create_index(
        "ix_appointments_series_id",
        "appointments",
        ["series_id"],
        postgresql_where=sa.text("series_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_appointments_series_id", table_name="appointments")
    op.drop_column("appointments", "series_id")
