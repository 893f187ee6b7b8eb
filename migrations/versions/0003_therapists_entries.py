"""Therapists (profile, experience, bios with embeddings), journal entries, matches.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("language_code", sa.String(length=16), nullable=False),
        sa.Column("embedding", Vector(1024), nullable=False),
        sa.Column("embedding_model", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("char_length(content) <= 20000", name=op.f("ck_entries_content_capped")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_entries_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
    )
    op.create_index(
        "ix_entries_user_id_created_at", "entries", ["user_id", "created_at"], unique=False
    )
    op.create_table(
        "therapist_profiles",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("profile_picture_url", sa.String(length=2048), nullable=True),
        sa.Column("languages", postgresql.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("specialties", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column(
            "focus_areas",
            postgresql.ARRAY(sa.String(length=64)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("years_experience", sa.Integer(), nullable=True),
        sa.Column("is_public", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("accepting_clients", sa.Boolean(), server_default="true", nullable=False),
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
        sa.CheckConstraint(
            "years_experience IS NULL OR years_experience >= 0",
            name=op.f("ck_therapist_profiles_years_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_therapist_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_therapist_profiles")),
    )
    op.create_index(
        "ix_therapist_profiles_languages",
        "therapist_profiles",
        ["languages"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_therapist_profiles_public_accepting",
        "therapist_profiles",
        ["is_public", "accepting_clients"],
        unique=False,
    )
    op.create_index(
        "ix_therapist_profiles_specialties",
        "therapist_profiles",
        ["specialties"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "matches",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("entry_id", sa.UUID(), nullable=False),
        sa.Column("therapist_id", sa.UUID(), nullable=False),
        sa.Column("match_score", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("language_code", sa.String(length=16), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("match_score BETWEEN -1 AND 1", name=op.f("ck_matches_score_is_cosine")),
        sa.CheckConstraint("rank >= 1", name=op.f("ck_matches_rank_positive")),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_matches_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["users.id"],
            name=op.f("fk_matches_therapist_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
        sa.UniqueConstraint("entry_id", "rank", name=op.f("uq_matches_entry_id_rank")),
        sa.UniqueConstraint(
            "entry_id", "therapist_id", name=op.f("uq_matches_entry_id_therapist_id")
        ),
    )
    op.create_index("ix_matches_therapist_id", "matches", ["therapist_id"], unique=False)
    op.create_table(
        "therapist_bios",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("therapist_id", sa.UUID(), nullable=False),
        sa.Column("language_code", sa.String(length=16), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("embedding", Vector(1024), nullable=False),
        sa.Column("embedding_model", sa.String(length=100), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist_profiles.user_id"],
            name=op.f("fk_therapist_bios_therapist_id_therapist_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist_bios")),
        sa.UniqueConstraint(
            "therapist_id",
            "language_code",
            name=op.f("uq_therapist_bios_therapist_id_language_code"),
        ),
    )
    op.create_index(
        "ix_therapist_bios_embedding_hnsw",
        "therapist_bios",
        ["embedding"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.create_table(
        "therapist_experiences",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("therapist_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_therapist_experiences_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist_profiles.user_id"],
            name=op.f("fk_therapist_experiences_therapist_id_therapist_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist_experiences")),
    )
    op.create_index(
        "ix_therapist_experiences_therapist_id",
        "therapist_experiences",
        ["therapist_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_therapist_experiences_therapist_id", table_name="therapist_experiences")
    op.drop_table("therapist_experiences")
    op.drop_index(
        "ix_therapist_bios_embedding_hnsw",
        table_name="therapist_bios",
        postgresql_using="hnsw",
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.drop_table("therapist_bios")
    op.drop_index("ix_matches_therapist_id", table_name="matches")
    op.drop_table("matches")
    op.drop_index(
        "ix_therapist_profiles_specialties", table_name="therapist_profiles", postgresql_using="gin"
    )
    op.drop_index("ix_therapist_profiles_public_accepting", table_name="therapist_profiles")
    op.drop_index(
        "ix_therapist_profiles_languages", table_name="therapist_profiles", postgresql_using="gin"
    )
    op.drop_table("therapist_profiles")
    op.drop_index("ix_entries_user_id_created_at", table_name="entries")
    op.drop_table("entries")
