"""What the migrated schema holds: the extensions, and every index and constraint the seeds name."""

from __future__ import annotations

from sqlalchemy import text

from shared.db import get_engine

# (table, index) — each later revision adds the indexes its seeds name.
EXPECTED_INDEXES = {
    ("users", "uq_users_email_live"),  # seed 004 idx_users_email, seed 002/003 unique email
    ("password_reset_tokens", "uq_password_reset_tokens_token_hash"),  # seed 004 ..._token
    ("password_reset_tokens", "ix_password_reset_tokens_email"),  # seed 004
    ("password_reset_tokens", "ix_password_reset_tokens_expires_at"),  # seed 004
    ("email_verification_tokens", "uq_email_verification_tokens_token_hash"),  # seed 002
    ("login_attempts", "ix_login_attempts_email_attempted_at"),  # the throttle's lookups
    ("login_attempts", "ix_login_attempts_ip_address_attempted_at"),
    ("entries", "ix_entries_user_id_created_at"),  # seed 000 entries by user
    ("therapist_bios", "ix_therapist_bios_embedding_hnsw"),  # the HNSW cosine index
    ("matches", "uq_matches_entry_id_rank"),  # seed 000 matches: rank per entry
    ("matches", "ix_matches_therapist_id"),
    ("services", "ix_services_therapist_id"),  # seed 004 idx_services_provider_id
    ("services", "ix_services_category"),  # seed 004 idx_services_category
    ("appointments", "ix_appointments_client_id_starts_at"),  # seed 004 idx_bookings_customer_id
    ("appointments", "ix_appointments_service_id"),  # seed 004 idx_bookings_service_id
    ("appointment_therapists", "ix_appointment_therapists_therapist_id"),  # ..._provider_id
    ("appointment_therapists", "uq_appointment_therapists_appointment_id_therapist_id"),  # 001
    ("appointment_therapists", "ex_appointment_therapists_overlap"),  # no double booking
    ("appointments", "ex_appointments_client_overlap"),
}


def _indexes() -> set[tuple[str, str]]:
    with get_engine().connect() as connection:
        rows = connection.execute(
            text("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'")
        )
        return {(r[0], r[1]) for r in rows}


def test_extensions_for_matching_and_exclusion_are_installed() -> None:
    with get_engine().connect() as connection:
        names = set(connection.scalars(text("SELECT extname FROM pg_extension")))
    assert {"vector", "btree_gist"} <= names


def test_every_index_the_seeds_name_exists() -> None:
    missing = EXPECTED_INDEXES - _indexes()
    assert not missing, f"missing indexes: {sorted(missing)}"


def test_models_and_migrations_agree() -> None:
    """Autogenerate finds nothing to do: the revisions build exactly what the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from shared.models import Base

    with get_engine().connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
