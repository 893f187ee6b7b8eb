"""What a transaction costs in round trips to PostgreSQL, counted by a proxy in front of it: the
checkout's BEGIN doubles as the liveness check, and COMMIT goes as one simple query
(shared/db.py). A count is behaviour, not a timer (README, "Benchmarks")."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from starlette.testclient import TestClient

from shared.db import get_engine, get_session, owner_engine
from tests.factories import Practice, book, make_users
from tests.helpers import environment, round_trips


def test_a_transaction_of_one_statement_costs_five_round_trips() -> None:
    with round_trips() as proxy:
        with get_session() as session:  # a first connection: its set-up is not counted
            session.execute(text("SELECT CAST(:x AS int)"), {"x": 1})
        before = proxy.counted()
        with get_session() as session:
            assert session.execute(text("SELECT CAST(:x AS int)"), {"x": 2}).scalar() == 2
        # BEGIN; the statement's parse, describe and execute; COMMIT.
        assert proxy.counted() - before == 5


def test_autocommit_work_is_committed_though_the_checkout_began_a_transaction() -> None:
    # As the owner (the application role may not CREATE): its engine opens transactions the
    # same way, at checkout.
    name = f"t_{uuid.uuid4().hex[:12]}"
    owner = owner_engine()
    try:
        with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"CREATE TABLE {name} (x int)"))
        with owner.connect() as other:  # a fresh connection sees it
            assert other.execute(text(f"SELECT count(*) FROM {name}")).scalar() == 0
    finally:
        with owner.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {name}"))
        owner.dispose()


def test_a_serializable_transaction_is_serializable_from_its_first_statement() -> None:
    with get_engine().connect().execution_options(isolation_level="SERIALIZABLE") as connection:
        level = connection.execute(text("SHOW transaction_isolation")).scalar()
    assert level == "serializable"


def test_a_booking_costs_eight_round_trips_as_the_booking_function_runs_it(
    client: TestClient, practice: Practice
) -> None:
    """POST /appointments as template.yaml runs it (the booking function tries refunds itself;
    its emails go with the outbox function): BEGIN, what the booking checks (3), what it
    writes (3), COMMIT. Authentication is inside the first statement."""
    _, _, service_id = practice
    [(_, alice)] = make_users(1, "client")
    with environment(OUTBOX_TRY_NOW="refund"), round_trips() as proxy:
        assert book(client, alice, service_id, "2026-03-03T10:00:00Z").status_code == 201
        before = proxy.counted()
        assert book(client, alice, service_id, "2026-03-03T08:00:00Z").status_code == 201
        assert proxy.counted() - before == 8
