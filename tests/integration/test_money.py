"""Money and mail are never lost and never doubled: every ending settles by API.md's money table,
refunds and emails go through the outbox, and failures of Stripe or the mailer only delay them.

Through HTTP against the real database, with in-memory Stripe and mailer fakes told to fail
(`tests/fakes.py`); the real adapters are tested against localstripe and moto elsewhere.
"""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.appointments import expire_holds
from shared.domain.notifications import Notice, notify
from shared.email import email_payload
from shared.models import Appointment, Notification, OutboxEffect, PackageCredit, Payment
from shared.outbox import enqueue_many, run_outbox
from tests.factories import (
    ALL_WEEK,
    SERVICE,
    book,
    deliver,
    fresh_token,
    intent_event,
    make_users,
    open_practice,
    paid_session,
    pay_by_card,
    publish,
)
from tests.fakes import FakeMailer, FakeStripe
from tests.helpers import text_of


def _payment(client: TestClient, headers: dict[str, str], payment_id: str) -> dict[str, Any]:
    response = client.get(f"/payments/{payment_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _appointment(appointment_id: str) -> Appointment:
    with get_session() as session:
        row = session.get(Appointment, uuid.UUID(appointment_id))
        assert row is not None
        return row


def _notified(user_id: uuid.UUID, related_id: str) -> list[str]:
    with get_session() as session:
        return list(
            session.scalars(
                select(Notification.type).where(
                    Notification.user_id == user_id,
                    Notification.related_id == uuid.UUID(related_id),
                )
            )
        )


def _pending_effects() -> int:
    with get_session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(OutboxEffect)
                .where(OutboxEffect.status == "pending")
            )
            or 0
        )


def test_stripe_down_during_an_in_time_cancel_refunds_once_it_recovers(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    paid = paid_session(client)
    alice_id = paid.client_id
    alice, appointment = paid.client, paid.appointment
    payment_id = paid.payment_id
    assert _appointment(appointment["id"]).status == "confirmed"

    stripe_fake.failing = True
    cancelled = client.post(f"/appointments/{appointment['id']}/cancel", headers=alice)
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["late_cancellation"]) == (
        "cancelled",
        False,
    )
    payment = _payment(client, alice, payment_id)
    assert payment["status"] == "succeeded"
    assert payment["refund"]["status"] == "pending"
    assert payment["refund"]["amount_cents"] == SERVICE["price_cents"]
    again = client.post(f"/appointments/{appointment['id']}/cancel", headers=alice)
    assert (again.status_code, again.json()["code"]) == (409, "not_cancellable")
    assert stripe_fake.refunds == {}
    assert run_outbox(clock.now())["done"] == 0  # the refund waits for its backoff

    stripe_fake.failing = False
    now.advance(timedelta(minutes=1))
    alice = fresh_token(alice_id, "client")
    assert run_outbox(clock.now())["done"] >= 1
    payment = _payment(client, alice, payment_id)
    assert (payment["status"], payment["refund"]["status"]) == ("refunded", "succeeded")
    assert stripe_fake.refunded_intents() == [f"{_intent_of(payment_id)}"]
    calls = stripe_fake.calls
    now.advance(timedelta(hours=2))
    assert run_outbox(clock.now()) == {"done": 0, "failed": 0, "dead": 0}
    assert stripe_fake.calls == calls
    # Stripe's own charge.refunded arriving afterwards changes nothing more.
    refunded = {
        "id": f"evt_refunded_{payment_id}",
        "type": "charge.refunded",
        "data": {"object": {"id": "ch_1", "object": "charge",
                            "payment_intent": _intent_of(payment_id)}},
    }  # fmt: skip
    assert deliver(client, refunded).status_code == 200
    assert _notified(alice_id, payment_id).count("refund") == 1
    assert _appointment(appointment["id"]).payment_status == "refunded"


def _intent_of(payment_id: str) -> str:
    with get_session() as session:
        payment = session.get(Payment, uuid.UUID(payment_id))
        assert payment is not None and payment.stripe_payment_intent_id
        return payment.stripe_payment_intent_id


def test_a_late_success_with_stripe_down_is_refunded_after_recovery_exactly_once(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist, weekly=ALL_WEEK)
    [(alice_id, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-05T10:00:00Z").json()
    checkout = client.post(
        "/payments/checkout", json={"appointment_id": appointment["id"]}, headers=alice
    ).json()
    now.advance(timedelta(minutes=16))
    assert expire_holds(clock.now()) == {"expired": 1}
    stripe_fake.failing = True
    success = intent_event(
        "evt_late", "payment_intent.succeeded",
        checkout["stripe_payment_intent_id"], checkout["payment_id"],
    )  # fmt: skip
    assert deliver(client, success).json()["outcome"] == "applied"
    alice = fresh_token(alice_id, "client")
    payment = _payment(client, alice, checkout["payment_id"])
    assert (payment["status"], payment["refund"]["status"]) == ("succeeded", "pending")
    assert deliver(client, success).json()["outcome"] == "duplicate"  # Stripe redelivers
    stripe_fake.failing = False
    now.advance(timedelta(minutes=1))
    run_outbox(clock.now())
    assert deliver(client, success).json()["outcome"] == "duplicate"
    now.advance(timedelta(hours=1))
    run_outbox(clock.now())
    alice = fresh_token(alice_id, "client")
    payment = _payment(client, alice, checkout["payment_id"])
    assert (payment["status"], payment["refund"]["status"]) == ("refunded", "succeeded")
    assert stripe_fake.refunded_intents() == [checkout["stripe_payment_intent_id"]]
    assert _appointment(appointment["id"]).status == "cancelled"


ENDINGS = ["decline", "consent_expiry", "co_decline", "therapist_deleted", "client_deleted"]


@pytest.mark.parametrize("paid_with", ["card", "credit"])
@pytest.mark.parametrize("ending", ENDINGS)
def test_every_ending_settles_by_the_money_table(
    client: TestClient,
    now: FrozenClock,
    stripe_fake: FakeStripe,
    mailer: FakeMailer,
    ending: str,
    paid_with: str,
) -> None:
    """Each of these gives everything back (API.md): the card refunded, or the credit returned;
    and the participants who remain are told."""
    [(therapist_id, therapist), (co_id, co)] = make_users(2, "therapist")
    service: dict[str, object] = {"requires_confirmation": ending in ("decline", "consent_expiry")}
    if paid_with == "credit":
        service |= {"package_type": "monthly", "sessions_included": 4, "validity_days": 60}
    service_id = open_practice(client, therapist, weekly=ALL_WEEK, service=service)
    publish(client, co)
    open_practice(client, co, weekly=ALL_WEEK)
    [(alice_id, alice)] = make_users(1, "client")
    if paid_with == "credit":
        package = client.post("/payments/checkout", json={"service_id": service_id}, headers=alice)
        event = intent_event(
            f"evt_pkg_{uuid.uuid4().hex}", "payment_intent.succeeded",
            package.json()["stripe_payment_intent_id"], package.json()["payment_id"],
        )  # fmt: skip
        deliver(client, event)
    extra = {"co_therapist_ids": [str(co_id)]} if ending == "co_decline" else {}
    booked = book(client, alice, service_id, "2026-03-06T10:00:00Z", **extra)
    assert booked.status_code == 201, booked.text
    appointment_id = booked.json()["id"]
    payment_id = None
    if paid_with == "card":
        payment_id = pay_by_card(client, alice, appointment_id)
    else:
        assert booked.json()["payment_status"] == "credit"
        assert client.get("/me/credits", headers=alice).json()[0]["remaining"] == 3
    if ending in ("decline", "consent_expiry", "co_decline"):
        assert _appointment(appointment_id).status == "pending"  # a therapist has not agreed

    if ending == "decline":
        answer = client.post(f"/appointments/{appointment_id}/decline", headers=therapist)
        assert answer.status_code == 200, answer.text
    elif ending == "co_decline":
        answer = client.post(f"/appointments/{appointment_id}/decline", headers=co)
        assert answer.status_code == 200, answer.text
    elif ending == "consent_expiry":
        now.advance(timedelta(hours=48, minutes=1))
        assert expire_holds(clock.now()) == {"expired": 1}
        run_outbox(clock.now())
    elif ending == "therapist_deleted":
        assert client.delete("/me", headers=therapist).status_code == 204
    else:
        assert client.delete("/me", headers=alice).status_code == 204
    now.advance(timedelta(minutes=1))
    run_outbox(clock.now())  # what the deleting function leaves for the outbox function

    row = _appointment(appointment_id)
    assert row.status == "cancelled" and row.late_cancellation is False
    if payment_id is not None:
        with get_session() as session:
            payment = session.get(Payment, uuid.UUID(payment_id))
            assert payment is not None
            assert (payment.status, payment.refund_status) == ("refunded", "succeeded")
        assert len(stripe_fake.refunds) == 1
    else:
        with get_session() as session:
            credit = session.scalars(select(PackageCredit)).one()
            assert credit.remaining == 4
        assert stripe_fake.refunds == {}
    assert row.payment_status == "refunded"
    told = {"client": alice_id, "therapist": therapist_id}
    if ending == "client_deleted":
        told.pop("client")
    if ending in ("therapist_deleted", "decline"):  # nobody is told of their own doing
        told.pop("therapist")
    for who, user_id in told.items():
        kinds = _notified(user_id, appointment_id)
        assert {"declined", "cancellation"} & set(kinds), (who, kinds)
    assert not mailer.duplicates()
    assert _pending_effects() == 0


def test_a_client_cancelling_late_keeps_the_money_and_the_credit(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    paid = paid_session(client, "2026-03-02T20:00:00Z")
    alice, appointment = paid.client, paid.appointment
    payment_id = paid.payment_id
    cancelled = client.post(f"/appointments/{appointment['id']}/cancel", headers=alice).json()
    assert cancelled["late_cancellation"] is True
    assert _payment(client, alice, payment_id)["refund"] is None
    assert stripe_fake.refunds == {}


def test_mail_waits_out_a_mailer_outage_and_goes_once(
    client: TestClient, now: FrozenClock, mailer: FakeMailer
) -> None:
    mailer.failing = True
    for i in range(3):
        response = client.post(
            "/auth/register",
            json={"email": f"p{i}@example.com", "password": "a long passphrase",
                  "role": "client", "full_name": "P"},
        )  # fmt: skip
        assert response.status_code == 201
    [(bob_id, _)] = make_users(1, "client")
    with pytest.raises(RuntimeError), get_session() as session:  # a change that rolls back
        notify(session, [bob_id], Notice("message", "message",
                                         context={"preview": "Never sent.", "thread_id": "t"}),
               email=True)  # fmt: skip
        raise RuntimeError("the use case failed after deciding its email")
    assert mailer.sent == [] and _pending_effects() == 3
    for _ in range(3):  # still down for a few runs
        now.advance(timedelta(minutes=5))
        assert run_outbox(clock.now())["done"] == 0
    mailer.failing = False
    for _ in range(6):
        now.advance(timedelta(minutes=10))
        run_outbox(clock.now())
    assert sorted(str(m["To"]) for m in mailer.sent) == [f"p{i}@example.com" for i in range(3)]
    assert not mailer.duplicates() and _pending_effects() == 0
    assert all("token=" in text_of(m) for m in mailer.sent)
    with get_session() as session:  # a sent email keeps no token in the database
        payloads = session.scalars(select(OutboxEffect.payload)).all()
        assert all("body" not in p for p in payloads)


def test_two_outbox_runs_in_parallel_do_each_effect_once(
    now: FrozenClock, mailer: FakeMailer
) -> None:
    with get_session() as session:
        enqueue_many(
            session,
            [{"kind": "email", "key": f"bulk-{i}",
              "payload": email_payload(f"u{i}@example.com", "Hi", "Body")} for i in range(500)],
            clock.now(),
        )  # fmt: skip
    results: list[dict[str, int]] = []
    runners = [
        threading.Thread(target=lambda: results.append(run_outbox(clock.now(), batch=20)))
        for _ in range(2)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert sum(r["done"] for r in results) == 500
    assert all(r["done"] > 0 for r in results)  # both took part
    assert len(mailer.sent) == 500 and not mailer.duplicates()
    assert _pending_effects() == 0


def test_an_effect_that_keeps_failing_is_parked_as_dead(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    paid = paid_session(client)
    alice_id = paid.client_id
    alice, appointment = paid.client, paid.appointment
    payment_id = paid.payment_id
    stripe_fake.failing = True
    client.post(f"/appointments/{appointment['id']}/cancel", headers=alice)
    dead = 0
    for _ in range(12):
        now.advance(timedelta(hours=1))
        dead += run_outbox(clock.now())["dead"]
    assert dead == 1
    with get_session() as session:
        effect = session.scalars(select(OutboxEffect).where(OutboxEffect.kind == "refund")).one()
        assert (effect.status, effect.attempts) == ("dead", 12)
    payment = _payment(client, fresh_token(alice_id, "client"), payment_id)
    assert (payment["status"], payment["refund"]["status"]) == ("succeeded", "failed")


@pytest.mark.parametrize(
    "data",
    [[], "x", {"object": []}, {"object": {"id": 5, "metadata": "x"}}, None],
)
def test_a_signed_but_malformed_event_is_ignored(
    client: TestClient, stripe_fake: FakeStripe, data: object
) -> None:
    event = {"id": f"evt_{uuid.uuid4().hex}", "type": "payment_intent.succeeded", "data": data}
    response = deliver(client, event)
    assert (response.status_code, response.json()["outcome"]) == (200, "ignored")


def test_a_signed_event_that_is_not_valid_unicode_is_400(
    client: TestClient, stripe_fake: FakeStripe
) -> None:
    for event in (
        {"id": "\ud800", "type": "payment_intent.succeeded", "data": {}},
        {"id": "evt_1", "type": "charge.refunded", "data": {"object": {"id": "\udfff"}}},
        {"id": 42, "type": "charge.refunded"},
    ):
        response = deliver(client, event)
        assert (response.status_code, response.json()["code"]) == (400, "invalid_event")
    assert client.get("/health").status_code == 200


def test_a_deleted_clients_messages_keep_their_place_with_the_text_erased(
    client: TestClient, now: FrozenClock, stripe_fake: FakeStripe, mailer: FakeMailer
) -> None:
    paid = paid_session(client)
    therapist_id = paid.therapist_id
    therapist = paid.therapist
    alice, appointment = paid.client, paid.appointment
    thread = client.post(
        "/threads", json={"participant_ids": [str(therapist_id)]}, headers=alice
    ).json()
    for text, who in (("I feel anxious at night.", alice), ("Let us talk on Thursday.", therapist),
                      ("Thank you.", alice)):  # fmt: skip
        posted = client.post(f"/threads/{thread['id']}/messages", json={"content": text},
                             headers=who)  # fmt: skip
        assert posted.status_code == 201, posted.text
        now.advance(timedelta(minutes=1))  # one after the other, as people write
    assert client.delete("/me", headers=alice).status_code == 204
    items = client.get(f"/threads/{thread['id']}/messages", headers=therapist).json()["items"]
    assert [m["content"] for m in reversed(items)] == ["", "Let us talk on Thursday.", ""]
    # Her future session ended as her cancellation, in time: refunded, and the therapist told.
    assert "cancellation" in _notified(therapist_id, appointment["id"])
    assert len(stripe_fake.refunds) == 1
