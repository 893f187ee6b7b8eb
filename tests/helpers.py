"""Small helpers the HTTP tests share: reading the outbox, making accounts, auth headers, and
serving the API on a real port with the settings a test needs."""

from __future__ import annotations

import email
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from starlette.testclient import TestClient

from shared.config import reset_settings
from shared.stripe_gateway import reset_stripe

PASSWORD = "correct horse battery"


def outbox_messages(outbox: Path) -> list[email.message.Message]:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


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


def login(client: TestClient, email_address: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/login", json={"email": email_address, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, str] = response.json()
    return tokens


def bearer(tokens: dict[str, str]) -> dict[str, str]:
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
    it; then back to the role's own (migration 0014)."""
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
