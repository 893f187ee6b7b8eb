"""Therapists by declared concern: matching takes the nearest bios of the therapists declaring
one of an entry's concerns as candidates too (a GIN index on therapist_profiles.concerns).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_therapist_profiles_concerns",
        "therapist_profiles",
        ["concerns"],
        postgresql_using="gin",
    )


def downgrade() -> None:
    op.drop_index("ix_therapist_profiles_concerns", table_name="therapist_profiles")
