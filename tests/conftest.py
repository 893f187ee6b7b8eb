"""Test set-up: a real PostgreSQL with the real Alembic migrations, cleaned by truncation.

With DATABASE_URL unset, the tests start their own embedded PostgreSQL under .data/pg-test and
stop it at the end. With DATABASE_URL set, they use a database named `<that name>_test_<pid>` on
the same server, never the one DATABASE_URL names, so a developer's data is safe. Each run makes
its own database and drops it at the end, so runs side by side do not disturb each other.
"""

from __future__ import annotations

import functools
import os
import secrets
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pg8000.native
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from shared.clock import FrozenClock, use_clock
from shared.config import reset_settings
from shared.db import get_engine, normalise_database_url, reset_engine


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
    _drop_database(server_url)


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

    return LocalGateway(lambda_path=os.environ.get("ATTUNE_GATEWAY") == "lambda")


ErrorAnswers = dict[tuple[str, str], dict[str, list[str] | None]]


@pytest.fixture(scope="session")
def declared_errors(gateway: object) -> ErrorAnswers:
    """Each operation's statuses and their error codes, as the OpenAPI document declares them
    (None: an answer of its own shape, such as /health's 503)."""
    document: dict[str, Any] = gateway.openapi()  # type: ignore[attr-defined]
    return {
        (method.upper(), path): {
            status: answer.get("x-error-codes") for status, answer in operation["responses"].items()
        }
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }


def _as_declared(gateway: Any, declared: ErrorAnswers, response: httpx.Response) -> None:
    """Every error answer the tests see is one its operation's OpenAPI entry lists, status and
    code: the document's error answers are checked by the whole suite, not by a list of its own.
    (A 500 is no answer to declare; a path no route has is API Gateway's 404.)"""
    if response.status_code < 400 or response.status_code == 500:
        return
    route = gateway.route(response.request.method, response.request.url.path)
    if route is None:
        return
    answers = declared[(route.method, route.path)]
    if answers.get(str(response.status_code), []) is None:
        return
    response.read()
    code = response.json().get("code")
    assert code in (answers.get(str(response.status_code)) or []), (
        f"{route.method} {route.path} answered {response.status_code} `{code}`, which its "
        f"OpenAPI operation does not declare (shared.http.openapi: @raises)"
    )


@pytest.fixture
def client(gateway: object, declared_errors: ErrorAnswers) -> Iterator[TestClient]:
    """An HTTP client for the whole API, routed as template.yaml routes it; each error answer
    must be one the OpenAPI document declares for its operation."""
    with TestClient(gateway, base_url="http://testserver") as test_client:  # type: ignore[arg-type]
        test_client.event_hooks["response"].append(
            functools.partial(_as_declared, gateway, declared_errors)
        )
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
