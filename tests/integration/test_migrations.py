"""Alembic round trip on a scratch database: head, base, head again."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pg8000.native
import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from shared.config import reset_settings
from shared.db import get_engine, reset_engine
from shared.migrate import current_revision, downgrade, upgrade
from tests.helpers import with_database

SCRATCH = "attune_migration_check"


@pytest.fixture
def scratch_database(database: str) -> Iterator[str]:
    url = with_database(database, SCRATCH)
    parsed = make_url(url)
    admin = pg8000.native.Connection(
        parsed.username or "postgres", host=parsed.host, port=parsed.port, password=parsed.password
    )
    admin.run(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
    admin.run(f'CREATE DATABASE "{SCRATCH}"')
    os.environ["DATABASE_URL"] = url
    reset_settings()
    reset_engine()
    try:
        yield url
    finally:
        reset_engine()
        os.environ["DATABASE_URL"] = database
        reset_settings()
        admin.run(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
        admin.close()


def _tables() -> set[str]:
    return set(inspect(get_engine()).get_table_names()) - {"alembic_version"}


def test_upgrade_head_downgrade_base_and_back(scratch_database: str) -> None:
    upgrade("head")
    head = current_revision()
    at_head = _tables()
    assert {"users", "profiles"} <= at_head

    downgrade("base")
    assert current_revision() is None
    assert _tables() == set()

    upgrade("head")
    assert current_revision() == head
    assert _tables() == at_head
