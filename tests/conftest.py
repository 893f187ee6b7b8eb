"""Test set-up: a real PostgreSQL with the real Alembic migrations, cleaned by truncation.

With DATABASE_URL unset, the tests start their own embedded PostgreSQL under .data/pg-test and
stop it at the end. With DATABASE_URL set, they use a database named `<that name>_test` on the
same server (created if missing), never the one DATABASE_URL names, so a developer's data is safe.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pg8000.native
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from shared.clock import FrozenClock, use_clock
from shared.config import reset_settings
from shared.db import get_engine, normalise_database_url, reset_engine


def _create_database(url: str) -> None:
    parsed = make_url(url)
    conn = pg8000.native.Connection(
        parsed.username or "postgres",
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        password=parsed.password,
        database="postgres",
    )
    try:
        if not conn.run("SELECT 1 FROM pg_database WHERE datname = :d", d=parsed.database):
            conn.run(f'CREATE DATABASE "{parsed.database}"')
    finally:
        conn.close()


def with_database(url: str, name: str) -> str:
    return make_url(normalise_database_url(url)).set(database=name).render_as_string(False)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The URL of the PostgreSQL server the tests use (any database on it)."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        base = make_url(normalise_database_url(configured))
        yield with_database(configured, f"{base.database}_test")
        return
    from local.devdb import test_server

    server = test_server()
    server.start()
    try:
        yield server.url("attune_test")
    finally:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def database(server_url: str) -> Iterator[str]:
    """The migrated test database, exported as DATABASE_URL for the code under test."""
    _create_database(server_url)
    os.environ["DATABASE_URL"] = server_url
    os.environ.setdefault("JWT_SECRET", secrets.token_hex(32))
    reset_settings()
    reset_engine()
    from shared.migrate import upgrade

    upgrade()
    yield server_url
    reset_engine()


def truncate_all() -> None:
    with get_engine().begin() as connection:
        tables = connection.scalars(
            text(
                "SELECT quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ).all()
        if tables:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture(autouse=True)
def clean_database(database: str) -> Iterator[None]:
    """Every test starts from empty tables."""
    yield
    truncate_all()


@pytest.fixture(scope="session")
def gateway() -> object:
    from local.server import LocalGateway

    return LocalGateway()


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
