"""The practice features of issue 17 beyond administration: no-shows, the data export and its
completeness, and retention."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.export import NOT_EXPORTED, exported_tables
from shared.domain.retention import apply_retention
from shared.models import Base, LoginAttempt, Payment
from tests.factories import book, fresh_token, make_users, open_practice, paid_session
from tests.fakes import FakeMailer, FakeStripe


def test_a_no_show_is_completed_and_keeps_the_payment(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    paid = paid_session(client, "2026-03-03T10:00:00Z")
    therapist_id = paid.therapist_id
    therapist = paid.therapist
    alice_id = paid.client_id
    appointment = paid.appointment
    payment_id = paid.payment_id
    path = f"/appointments/{appointment['id']}/no-show"
    early = client.post(path, headers=therapist)
    assert (early.status_code, early.json()["code"]) == (409, "too_early")
    now.set(clock.now() + timedelta(days=1, hours=3, minutes=10))  # ten minutes in
    assert client.post(path, headers=fresh_token(alice_id, "client")).status_code == 403
    missed = client.post(path, headers=fresh_token(therapist_id, "therapist"))
    assert missed.status_code == 200, missed.text
    assert (missed.json()["status"], missed.json()["no_show"]) == ("completed", True)
    with get_session() as session:
        payment = session.get(Payment, uuid.UUID(payment_id))
        assert payment is not None and payment.status == "succeeded"
    assert stripe_fake.refunds == {}


def test_every_table_with_a_persons_data_is_in_the_export_or_said_why_not() -> None:
    tables = {t.name for t in Base.metadata.tables.values()}
    assert exported_tables() | set(NOT_EXPORTED) == tables, (
        f"neither exported nor excused: {sorted(tables - exported_tables() - set(NOT_EXPORTED))}"
    )
    assert not exported_tables() & set(NOT_EXPORTED)


def test_the_export_holds_the_callers_records_and_no_secrets(
    client: TestClient, now: FrozenClock
) -> None:
    [(therapist_id, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist)
    [(alice_id, alice), (_, bob)] = make_users(2, "client")
    client.post("/entries", json={"content": "I worry at night."}, headers=alice)
    appointment = book(client, alice, service_id, "2026-03-04T08:00:00Z").json()
    client.put(f"/appointments/{appointment['id']}/notes", json={"notes": "Ask about sleep"},
               headers=alice)  # fmt: skip
    thread = client.post("/threads", json={"participant_ids": [str(therapist_id)]},
                         headers=alice).json()  # fmt: skip
    client.post(f"/threads/{thread['id']}/messages", json={"content": "Hello"}, headers=alice)
    book(client, bob, service_id, "2026-03-04T10:00:00Z")
    export = client.get("/me/export", headers=alice)
    assert export.status_code == 200, export.text
    assert export.headers["cache-control"] == "no-store"
    tables = export.json()["tables"]
    assert [u["id"] for u in tables["users"]] == [str(alice_id)]
    assert "password_hash" not in tables["users"][0]
    assert [e["content"] for e in tables["entries"]] == ["I worry at night."]
    assert "embedding" not in tables["entries"][0]
    assert [a["id"] for a in tables["appointments"]] == [appointment["id"]]  # not Bob's
    assert tables["appointments"][0]["client_notes"] == "Ask about sleep"
    assert [m["content"] for m in tables["messages"]] == ["Hello"]
    assert {n["type"] for n in tables["notifications"]} <= {"booking", "message", "confirmation"}
    therapist_view = client.get("/me/export", headers=therapist).json()["tables"]
    assert len(therapist_view["appointments"]) == 2  # both sessions they take part in


def test_retention_deletes_what_is_older_than_90_days_and_keeps_the_rest(
    now: FrozenClock,
) -> None:
    with get_session() as session:
        for days in (91, 89):
            session.add(LoginAttempt(id=uuid.uuid4(), email=f"{days}@example.com",
                                     ip_address="192.0.2.1", success=False, throttled=False,
                                     attempted_at=clock.now() - timedelta(days=days)))  # fmt: skip
    counts = apply_retention(clock.now())
    assert counts["login_attempts"] == 1
    with get_session() as session:
        left = session.scalars(select(LoginAttempt.email)).all()
        assert left == ["89@example.com"]
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == 1
    assert apply_retention(clock.now())["login_attempts"] == 0
