"""Run the Alembic revisions programmatically (the migrate Lambda, the local tools, the tests)."""

from __future__ import annotations

from pathlib import Path

# In the repository and in the Lambda layer alike, migrations/ sits beside the shared package.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> object:
    from alembic.config import Config

    ini = MIGRATIONS_DIR.parent / "alembic.ini"
    config = Config(str(ini)) if ini.exists() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(revision: str = "head") -> None:
    """Bring the database up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(), revision)  # type: ignore[arg-type]


def downgrade(revision: str = "base") -> None:
    """Take the database down to `revision`."""
    from alembic import command

    command.downgrade(alembic_config(), revision)  # type: ignore[arg-type]


def current_revision() -> str | None:
    from alembic.runtime.migration import MigrationContext

    from shared.db import get_engine

    with get_engine().connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
