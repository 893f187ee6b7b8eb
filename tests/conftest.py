"""Test set-up: a real PostgreSQL with the real Alembic migrations, cleaned by truncation.

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
import secrets
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pg8000.native
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from shared.clock import FrozenClock, use_clock
from shared.config import reset_settings
from shared.db import normalise_database_url, owner_engine, reset_engine


def _admin(url: str) -> pg8000.native.Connection:
    parsed = make_url(url)
    return pg8000.native.Connection(
        parsed.username or "postgres",
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        password=parsed.password,
        database="postgres",
    )


def _recreate_database(url: str) -> None:
    name = make_url(url).database
    conn = _admin(url)
    try:
        conn.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.run(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def _drop_database(url: str) -> None:
    conn = _admin(url)
    try:
        conn.run(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        conn.close()


def with_database(url: str, name: str) -> str:
    return make_url(normalise_database_url(url)).set(database=name).render_as_string(False)


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
    _recreate_database(server_url)
    os.environ["DATABASE_URL"] = server_url
    os.environ.setdefault("JWT_SECRET", secrets.token_hex(32))
    # Emails of tests that do not look at them go to a throwaway outbox, not the developer's.
    os.environ["EMAIL_BACKEND"] = "file"
    os.environ["OUTBOX_DIR"] = tempfile.mkdtemp(prefix="attune-outbox-")
    reset_settings()
    reset_engine()
    from shared.migrate import upgrade

    upgrade()
    yield server_url
    reset_engine()
    for engine in _owner:
        engine.dispose()
    _drop_database(server_url)


_owner: list[Engine] = []


def truncate_all() -> None:
    """Empty every table (as the owner: the application role may not TRUNCATE)."""
    if not _owner:
        _owner.append(owner_engine())
    with _owner[0].begin() as connection:
        tables = connection.scalars(
            text(
                "SELECT quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ).all()
        if tables:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the settings afresh, so one that sets the environment (monkeypatch) is
    seen, and leaves none of its own behind."""
    reset_settings()
    yield
    reset_settings()


@pytest.fixture(autouse=True)
def clean_database(database: str) -> Iterator[None]:
    """Every test starts from empty tables."""
    yield
    truncate_all()


@pytest.fixture(scope="session")
def gateway() -> object:
    from local.server import LocalGateway

    return LocalGateway(lambda_path=os.environ.get("ATTUNE_GATEWAY") == "lambda")


@pytest.fixture
def client(gateway: object) -> Iterator[TestClient]:
    """An HTTP client for the whole API, routed as template.yaml routes it."""
    with TestClient(gateway, base_url="http://testserver") as test_client:  # type: ignore[arg-type]
        yield test_client


@pytest.fixture
def outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh file outbox for the emails this test sends."""
    directory = tmp_path / "outbox"
    monkeypatch.setenv("EMAIL_BACKEND", "file")
    monkeypatch.setenv("OUTBOX_DIR", str(directory))
    reset_settings()
    yield directory
    monkeypatch.undo()
    reset_settings()


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    """Time stands still (from now) until the test moves it."""
    with use_clock(FrozenClock(datetime.now(UTC))) as frozen:
        assert isinstance(frozen, FrozenClock)
        yield frozen
