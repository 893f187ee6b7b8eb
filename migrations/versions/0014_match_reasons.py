"""Matching on declared concerns, with reasons: the concepts a therapist's specialties and focus
areas declare, and the reasons stored with each match.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The concept names of the lexicon when this revision was written: a slug that is one of them
# declares it. Other slugs are read by the lexicon on the next PUT /therapists/me or
# `make reembed` (shared.domain.concerns.declared_concerns).
CONCEPTS = (
    "addiction", "adhd", "adolescents", "anger", "anxiety", "burnout", "cbt", "chronic-pain",
    "couples", "depression", "eating-disorders", "emdr", "family", "grief", "health", "identity",
    "lgbtq", "life-transitions", "loneliness", "mindfulness", "ocd", "panic", "parenting",
    "perinatal", "ptsd", "relationships", "self-esteem", "sleep", "stress", "trauma", "work",
)  # fmt: skip


def upgrade() -> None:
    op.add_column(
        "therapist_profiles",
        sa.Column("concerns", postgresql.ARRAY(sa.String(64)), nullable=False, server_default="{}"),
    )
    op.execute(
        sa.text(
            """
            UPDATE therapist_profiles t SET concerns = ARRAY(
                SELECT s.slug FROM unnest(t.specialties || t.focus_areas)
                     WITH ORDINALITY AS s(slug, n)
                WHERE s.slug = ANY(CAST(:concepts AS text[]))
                GROUP BY s.slug ORDER BY min(s.n))
            """
        ).bindparams(concepts=list(CONCEPTS))
    )
    op.add_column("matches", sa.Column("reasons", postgresql.JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("matches", "reasons")
    op.drop_column("therapist_profiles", "concerns")
