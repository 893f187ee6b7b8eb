"""Small helpers the tests share: reading the outbox, making accounts, auth headers, serving
the API on a real port with the settings a test needs, invoking a real handler with a sample
event, and the test PostgreSQL's own databases (made, dropped, emptied)."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pg8000.native
import uvicorn
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from shared.config import reset_settings
from shared.db import normalise_database_url
from shared.stripe_gateway import reset_stripe

if TYPE_CHECKING:
    from bench.rtt_proxy import LatencyProxy

PASSWORD = "correct horse battery"
EVENTS = Path(__file__).resolve().parent.parent / "events"


def outbox_messages(outbox: Path) -> list[email.message.Message]:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def parse_email(raw: bytes) -> EmailMessage:
    """An .eml's bytes as a modern EmailMessage (headers decoded, parts iterable)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def text_of(message: email.message.Message) -> str:
    """The plain-text part of a message (the whole body of a single-part one)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            body = part.get_payload(decode=True)
            assert isinstance(body, bytes)
            return body.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def last_token(outbox: Path, to: str) -> str:
    """The token in the newest message to `to`."""
    for message in reversed(outbox_messages(outbox)):
        if message["To"] == to:
            found = re.search(r"token=([A-Za-z0-9_\-]+)", text_of(message))
            assert found, "no token in the message"
            return found.group(1)
    raise AssertionError(f"no message to {to}")


def link_in(outbox: Path, to: str, path: str) -> str:
    """The link to `path` in the newest message to `to` that has one."""
    for message in reversed(outbox_messages(outbox)):
        if message["To"] == to:
            for word in text_of(message).split():
                if urlsplit(word).path == path:
                    return word
    raise AssertionError(f"no {path} link to {to}")


def register(
    client: TestClient, email_address: str, role: str = "client", **extra: object
) -> dict[str, object]:
    response = client.post(
        "/auth/register",
        json={
            "email": email_address,
            "password": PASSWORD,
            "role": role,
            "full_name": "Test Person",
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def login(client: TestClient, email_address: str, password: str = PASSWORD) -> dict[str, Any]:
    """The token pair and its facts (`expires_in`, `token_type`), as POST /auth/login answers."""
    response = client.post("/auth/login", json={"email": email_address, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def bearer(tokens: Mapping[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def verified_user(
    client: TestClient, outbox: Path, email_address: str, role: str = "client"
) -> dict[str, str]:
    """Register, verify and log in; the auth headers of the new account."""
    register(client, email_address, role)
    token = last_token(outbox, email_address)
    assert client.post("/auth/verify-email", json={"token": token}).status_code == 200
    return bearer(login(client, email_address))


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set (or, with None, remove) environment variables for a block, then put them back; the
    cached settings and clients built from them are dropped both ways."""
    from shared.domain import recordings

    saved = {name: os.environ.get(name) for name in values}

    def apply(wanted: dict[str, str | None]) -> None:
        for name, value in wanted.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        reset_settings()
        reset_stripe()
        recordings.reset_s3_client()

    apply(values)
    try:
        yield
    finally:
        apply(saved)


@contextmanager
def serving(app: object, port: int, config: uvicorn.Config | None = None) -> Iterator[str]:
    """`app` served by uvicorn on a loopback port, in a thread, for the block; its base URL.
    `config` (for that app and port) replaces the default one."""
    server = uvicorn.Server(
        config or uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the API did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def app_role_statement_timeout(timeout: str) -> Iterator[None]:
    """The application role's statement_timeout set otherwise for the block, in this run's
    database only (other runs on the same server keep theirs), for the connections opened in
    it; then back to the role's own (migration 0015)."""
    from shared.db import APP_ROLE, owner_engine

    engine = owner_engine()

    def alter(setting: str) -> None:
        with engine.begin() as connection:
            database = connection.exec_driver_sql("SELECT current_database()").scalar()
            connection.exec_driver_sql(f'ALTER ROLE {APP_ROLE} IN DATABASE "{database}" {setting}')

    alter(f"SET statement_timeout = '{timeout}'")
    try:
        yield
    finally:
        alter("RESET statement_timeout")
        engine.dispose()


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the block runs (a count is behaviour, and
    tests may assert it)."""
    from sqlalchemy import event

    from shared.db import get_engine

    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def round_trips() -> Iterator[LatencyProxy]:
    """The engine's connections go through a counting proxy for the block (bench/rtt_proxy.py):
    `proxy.counted()` is the round trips sent to PostgreSQL so far. A count, not a timer."""
    from bench.warm import through_proxy

    with through_proxy(0.0) as proxy:
        yield proxy


def invoke(function_dir: str, event_file: str) -> dict[str, object]:
    """The real Lambda handler of functions/<function_dir> run on a sample event of events/."""
    from local.functions import load_module
    from local.invoke import LocalContext
    from local.template import function_for_dir

    function = function_for_dir(function_dir)
    handler = getattr(load_module(function), function.handler)
    event = json.loads((EVENTS / event_file).read_text())
    result: dict[str, object] = handler(event, LocalContext(function_name=function.logical_id))
    return result


# --- the test PostgreSQL --------------------------------------------------------------------------


def admin_connection(url: str) -> pg8000.native.Connection:
    """A connection to the `postgres` database of the server `url` names."""
    parsed = make_url(url)
    return pg8000.native.Connection(
        parsed.username or "postgres",
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        password=parsed.password,
        database="postgres",
    )


def recreate_database(url: str) -> None:
    name = make_url(url).database
    conn = admin_connection(url)
    try:
        conn.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.run(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def drop_database(url: str) -> None:
    conn = admin_connection(url)
    try:
        conn.run(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        conn.close()


def with_database(url: str, name: str) -> str:
    """`url` naming the database `name` instead."""
    return make_url(normalise_database_url(url)).set(database=name).render_as_string(False)


_owner: list[Engine] = []


def dispose_owner_engine() -> None:
    for engine in _owner:
        engine.dispose()
    _owner.clear()


def truncate_all() -> None:
    """Every table but Alembic's emptied, identities restarted (as the schema's owner: the
    application role the code under test connects as may not TRUNCATE)."""
    from shared.db import owner_engine

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
