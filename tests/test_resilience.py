"""The database goes away between two requests: the next request still succeeds, without
restarting the server (pool pre-ping replaces the dead connection)."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from local.devdb import TEST_PGDATA, EmbeddedPostgres
from tests.conftest import _admin


def _drop_every_connection(database_url: str) -> int:
    """What a database restart or failover does to our pooled connections."""
    admin = _admin(database_url)
    try:
        rows = admin.run(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = :d AND pid <> pg_backend_pid()",
            d=make_url(database_url).database,
        )
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
        # Pointed at another server (DATABASE_URL): the dropped-connections test covers it.
        return
    server.port = port
    assert client.get("/health").status_code == 200
    server.stop()
    down = client.get("/health")
    assert (down.status_code, down.json()["database"]) == (503, "unreachable")
    server.start()
    assert server.port == port  # the rest of the run keeps its database URL
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}
