"""The integration tier: a real PostgreSQL with the real Alembic migrations, cleaned by
truncation after every test. Only the tests under tests/integration/ start it.

The code under test connects as the application role (`shared.db.APP_ROLE`), as the functions
do in AWS: a test that needs a privilege the role lacks fails. Migrations and the truncation
between tests run as the owner (DATABASE_URL's user).

With DATABASE_URL unset, the tests start their own embedded PostgreSQL under .data/pg-test and
stop it at the end. With DATABASE_URL set, they use a database named `<that name>_test_<pid>` on
the same server, never the one DATABASE_URL names, so a developer's data is safe. Each run makes
its own database and drops it at the end, so runs side by side do not disturb each other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from shared.clock import FrozenClock
from shared.config import reset_settings
from shared.db import normalise_database_url, reset_engine
from tests.factories import Practice, therapist_with_practice
from tests.helpers import (
    dispose_owner_engine,
    drop_database,
    recreate_database,
    truncate_all,
    with_database,
)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The URL of the PostgreSQL server the tests use (any database on it)."""
    # One database per test run, so two runs side by side never truncate each other's rows.
    configured = os.environ.get("DATABASE_URL")
    if configured:
        base = make_url(normalise_database_url(configured))
        yield with_database(configured, f"{base.database}_test_{os.getpid()}")
        return
    from local.devdb import test_server

    server = test_server()
    started = server.start()
    try:
        yield server.url(f"attune_test_{os.getpid()}")
    finally:
        if started:  # another test run may be using a server it found running
            server.stop()


@pytest.fixture(scope="session", autouse=True)
def database(server_url: str) -> Iterator[str]:
    """The migrated test database, exported as DATABASE_URL for the code under test."""
    recreate_database(server_url)
    os.environ["DATABASE_URL"] = server_url
    reset_settings()
    reset_engine()
    from shared.migrate import upgrade

    upgrade()
    yield server_url
    reset_engine()
    dispose_owner_engine()
    drop_database(server_url)


@pytest.fixture(autouse=True)
def clean_database(database: str) -> Iterator[None]:
    """Every test starts from empty tables."""
    yield
    truncate_all()


@pytest.fixture
def practice(client: TestClient, now: FrozenClock) -> Practice:
    """A therapist with weekday hours in Berlin and one service, on the frozen Monday."""
    return therapist_with_practice(client)
