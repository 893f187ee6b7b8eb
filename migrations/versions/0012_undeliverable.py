"""Addresses SES reported undeliverable (a permanent bounce) or that complained: no more mail to
them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "undeliverable_addresses",
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('bounce', 'complaint')", name=op.f("ck_undeliverable_addresses_kind_known")
        ),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_undeliverable_addresses")),
    )


def downgrade() -> None:
    op.drop_table("undeliverable_addresses")
