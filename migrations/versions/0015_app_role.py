"""The application role: what the functions connect as, with only the privileges they need.

The schema's owner (the RDS master user) keeps DDL, TRUNCATE and alembic_version; the
application role `attune_app` reads and writes rows, nothing else: no CREATE in the schema, no
ALTER or DROP (only an owner may), no TRUNCATE, no alembic_version, no UPDATE or DELETE of the
append-only audit trail. Tables and sequences later revisions create get the same grants
(default privileges of the owner that migrates).

The role is made NOLOGIN and without a password: the password lives only in Secrets Manager,
and `shared.migrate.open_app_login` (the migrate function, after every upgrade) gives the role
LOGIN with it. Its statement_timeout (9 s) sits a second under the client's socket timeout
(`shared.db.CLIENT_TIMEOUT_SECONDS`), so PostgreSQL cancels a runaway statement before pg8000
would give up on the socket.

Roles belong to the server, not to one database: another database on the same server (the
tests' runs side by side) may have made it already, and the downgrade drops it only when no
other database still grants it anything.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "attune_app"
ROWS = "SELECT, INSERT, UPDATE, DELETE"


def upgrade() -> None:
    op.execute(
        f"""
        DO $$
        BEGIN
            CREATE ROLE {ROLE} NOLOGIN;
        EXCEPTION WHEN duplicate_object THEN
            NULL;
        END $$
        """
    )
    op.execute(f"ALTER ROLE {ROLE} SET statement_timeout = '9s'")
    op.execute(
        f"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {ROLE}', "
        "current_database()); END $$"
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    op.execute(f"GRANT {ROWS} ON ALL TABLES IN SCHEMA public TO {ROLE}")
    op.execute(f"REVOKE ALL ON alembic_version FROM {ROLE}")
    op.execute(f"REVOKE UPDATE, DELETE ON audit_events FROM {ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {ROWS} ON TABLES TO {ROLE}")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {ROLE}"
    )


def downgrade() -> None:
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {ROLE}")
    op.execute(f"REVOKE ALL ON SCHEMA public FROM {ROLE}")
    op.execute(
        f"DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM {ROLE}', "
        "current_database()); END $$"
    )
    op.execute(
        f"""
        DO $$
        BEGIN
            DROP ROLE {ROLE};
        EXCEPTION WHEN dependent_objects_still_exist THEN
            NULL;  -- another database on this server still grants it something
        END $$
        """
    )
