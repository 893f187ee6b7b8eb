"""Alembic environment: runs revisions against the database `shared.db` points at, as the
schema's owner."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from shared.db import owner_database_url, owner_engine
from shared.models import Base

config = context.config
if config.config_file_name is not None:
    # Keep the application's loggers alive (Alembic's default would disable them).
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=owner_database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = owner_engine()
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
