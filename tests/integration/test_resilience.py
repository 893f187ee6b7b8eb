"""The database goes away between two requests: the next request still succeeds, without
restarting the server (pool pre-ping replaces the dead connection)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from local.devdb import TEST_PGDATA, EmbeddedPostgres
from tests.helpers import admin_connection


def _drop_every_connection(database_url: str) -> int:
    """What a database restart or failover does to our pooled connections. Returns once the
    backends are gone: pg_terminate_backend only signals them, and a ping that reaches one still
    exiting would pass and leave the request to meet the dead connection."""
    admin = admin_connection(database_url)
    others = "FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"
    name = make_url(database_url).database
    try:
        rows = admin.run(f"SELECT pg_terminate_backend(pid) {others}", d=name)
        for _ in range(500):  # at most ~5 s
            if admin.run(f"SELECT count(*) {others}", d=name)[0][0] == 0:
                break
            time.sleep(0.01)
    finally:
        admin.close()
    return len(rows)


def test_requests_survive_dropped_connections(client: TestClient, database: str) -> None:
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}
    assert _drop_every_connection(database) >= 1
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}
    assert client.get("/therapists").status_code == 200


def test_requests_survive_a_real_restart_of_the_embedded_server(
    client: TestClient, database: str
) -> None:
    server = EmbeddedPostgres(TEST_PGDATA, 0)
    port = server.running_port()
    if port is None or make_url(database).port != port:
        pytest.skip("another server (DATABASE_URL): only the embedded one is restarted here")
    server.port = port
    assert client.get("/health").status_code == 200
    server.stop()
    down = client.get("/health")
    assert (down.status_code, down.json()["database"]) == (503, "unreachable")
    server.start()
    assert server.port == port  # the rest of the run keeps its database URL
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}
