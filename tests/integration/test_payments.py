"""Payments end to end: the real `stripe` SDK over HTTP against localstripe, which signs and
delivers webhooks to the API served on a real port, routed as template.yaml routes it."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import stripe
from sqlalchemy import func, select
from starlette.testclient import TestClient

from local.devdb import _free_port
from local.localstripe import register_webhook, start
from shared import clock
from shared.db import get_session
from shared.domain.appointments import expire_holds
from shared.models import Appointment, Payment, StripeEvent
from tests.factories import (
    SERVICE,
    WEBHOOK_SECRET,
    book,
    deliver,
    intent_event,
    make_users,
    open_practice,
    signed,
)
from tests.helpers import environment, serving

DECLINED_CARD = "4000000000000341"


@pytest.fixture(scope="module")
def stripe_emulator(gateway: object) -> Iterator[str]:
    """localstripe on a loopback port, and the API on another for its webhooks."""
    stripe_port = _free_port()
    emulator = start(stripe_port)
    base = f"http://127.0.0.1:{stripe_port}"
    try:
        with serving(gateway, _free_port()) as api, environment(
            STRIPE_SECRET_KEY="sk_test_attune",
            STRIPE_API_BASE=base,
            STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        ):  # fmt: skip
            register_webhook(base, "tests", f"{api}/payments/webhook", WEBHOOK_SECRET)
            yield base
    finally:
        emulator.terminate()
        emulator.wait(timeout=5)


@pytest.fixture
def payer(stripe_emulator: str) -> stripe.StripeClient:
    """What a client app does with Stripe's own SDK: add a card and confirm the intent."""
    return stripe.StripeClient(
        "sk_test_attune", base_addresses={"api": stripe_emulator}, max_network_retries=0
    )


def pay(payer: stripe.StripeClient, intent_id: str, card: str = "4242424242424242") -> str:
    method = payer.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    payer.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    try:
        return str(payer.v1.payment_intents.confirm(intent_id).status)
    except stripe.CardError as error:
        return f"declined:{error.code}"


def eventually(check: Callable[[], Any], seconds: float = 8.0) -> Any:
    """localstripe delivers webhooks about a second after the API call."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def appointment_state(appointment_id: str) -> tuple[str, str]:
    with get_session() as session:
        row = session.get(Appointment, uuid.UUID(appointment_id))
        assert row is not None
        return row.status, row.payment_status


def payment_status(payment_id: str) -> str:
    with get_session() as session:
        row = session.get(Payment, uuid.UUID(payment_id))
        assert row is not None
        return row.status


@pytest.fixture
def booked(client: TestClient, stripe_emulator: str) -> tuple[dict[str, str], str, str]:
    """A client with a pending appointment two days ahead: (headers, appointment id, service id)."""
    [(_, therapist)] = make_users(1, "therapist")
    service_id = open_practice(
        client,
        therapist,
        weekly={
            d: [{"start": "00:00", "end": "24:00"}]
            for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        },
    )
    [(_, alice)] = make_users(1, "client")
    start = (clock.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    response = book(client, alice, service_id, start.isoformat())
    assert response.status_code == 201, response.text
    return alice, response.json()["id"], service_id


def test_the_whole_loop_confirms_the_appointment(
    client: TestClient, booked: tuple[dict[str, str], str, str], payer: stripe.StripeClient
) -> None:
    alice, appointment_id, _ = booked
    response = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    )
    assert response.status_code == 201, response.text
    checkout = response.json()
    assert checkout["amount_cents"] == SERVICE["price_cents"] and checkout["currency"] == "eur"
    assert checkout["status"] == "pending" and checkout["client_secret"]
    again = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    )
    assert again.json()["payment_id"] == checkout["payment_id"]
    assert again.json()["stripe_payment_intent_id"] == checkout["stripe_payment_intent_id"]

    assert pay(payer, checkout["stripe_payment_intent_id"]) == "succeeded"
    assert eventually(lambda: appointment_state(appointment_id) == ("confirmed", "paid"))
    listed = client.get("/payments", headers=alice).json()["items"]
    assert [(p["id"], p["status"]) for p in listed] == [(checkout["payment_id"], "succeeded")]
    assert (
        client.get(f"/payments/{checkout['payment_id']}", headers=alice).json()["appointment_id"]
        == appointment_id
    )
    [(_, mallory)] = make_users(1, "client")
    assert client.get(f"/payments/{checkout['payment_id']}", headers=mallory).status_code == 404
    paid_again = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    )
    assert (paid_again.status_code, paid_again.json()["code"]) == (409, "not_payable")


def test_a_declined_card_leaves_the_booking_pending_for_another_card(
    client: TestClient, booked: tuple[dict[str, str], str, str], payer: stripe.StripeClient
) -> None:
    alice, appointment_id, _ = booked
    checkout = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    ).json()
    assert (
        pay(payer, checkout["stripe_payment_intent_id"], DECLINED_CARD) == "declined:card_declined"
    )
    assert eventually(lambda: payment_status(checkout["payment_id"]) == "failed")
    assert appointment_state(appointment_id) == ("pending", "unpaid")  # held until its hold ends
    again = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    ).json()
    assert again["stripe_payment_intent_id"] == checkout["stripe_payment_intent_id"]
    assert (again["payment_id"], again["status"]) == (checkout["payment_id"], "pending")
    # The second card goes through on the same intent (localstripe cannot confirm an intent
    # twice, so Stripe's success event is delivered here as Stripe would send it).
    intent, payment = checkout["stripe_payment_intent_id"], checkout["payment_id"]
    success = intent_event("evt_retry_" + payment, "payment_intent.succeeded", intent, payment)
    assert deliver(client, success).json()["outcome"] == "applied"
    assert appointment_state(appointment_id) == ("confirmed", "paid")


def test_signatures_bad_stale_and_missing_are_400(client: TestClient, stripe_emulator: str) -> None:
    event = {
        "id": "evt_sig",
        "type": "payment_intent.succeeded",
        "data": {"object": {"id": "pi_x"}},
    }
    assert deliver(client, event, secret="whsec_wrong").json()["code"] == "invalid_signature"
    stale = deliver(client, event, at=int(time.time()) - 3600)
    assert (stale.status_code, stale.json()["code"]) == (400, "invalid_signature")
    missing = client.post("/payments/webhook", content=json.dumps(event).encode())
    assert missing.status_code == 400
    payload, header = signed(event)
    tampered = client.post(
        "/payments/webhook",
        content=payload.replace(b"pi_x", b"pi_y"),
        headers={"Stripe-Signature": header},
    )
    assert tampered.status_code == 400
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(StripeEvent)) == 0


def test_triple_delivery_and_out_of_order_events_leave_one_state(
    client: TestClient, booked: tuple[dict[str, str], str, str]
) -> None:
    alice, appointment_id, _ = booked
    checkout = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    ).json()
    intent, payment = checkout["stripe_payment_intent_id"], checkout["payment_id"]
    success = intent_event("evt_ok_" + payment, "payment_intent.succeeded", intent, payment)
    outcomes = [deliver(client, success).json()["outcome"] for _ in range(3)]
    assert outcomes == ["applied", "duplicate", "duplicate"]
    # A failure arriving after the success changes nothing.
    late_failure = intent_event(
        "evt_fail_" + payment, "payment_intent.payment_failed", intent, payment
    )
    assert deliver(client, late_failure).status_code == 200
    assert payment_status(payment) == "succeeded"
    assert appointment_state(appointment_id) == ("confirmed", "paid")
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(StripeEvent)) == 2


def test_a_refund_before_the_success_stays_refunded(
    client: TestClient, booked: tuple[dict[str, str], str, str]
) -> None:
    alice, appointment_id, _ = booked
    checkout = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    ).json()
    intent, payment = checkout["stripe_payment_intent_id"], checkout["payment_id"]
    refund = {
        "id": "evt_refund_" + payment,
        "type": "charge.refunded",
        "data": {"object": {"id": "ch_1", "object": "charge", "payment_intent": intent}},
    }
    deliver(client, refund)
    deliver(
        client, intent_event("evt_late_ok_" + payment, "payment_intent.succeeded", intent, payment)
    )
    assert payment_status(payment) == "refunded"


def test_cancelling_in_time_refunds_through_stripe(
    client: TestClient, booked: tuple[dict[str, str], str, str], payer: stripe.StripeClient
) -> None:
    alice, appointment_id, _ = booked
    checkout = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    ).json()
    pay(payer, checkout["stripe_payment_intent_id"])
    assert eventually(lambda: appointment_state(appointment_id) == ("confirmed", "paid"))
    cancelled = client.post(f"/appointments/{appointment_id}/cancel", headers=alice).json()
    assert cancelled["late_cancellation"] is False
    assert eventually(lambda: payment_status(checkout["payment_id"]) == "refunded")
    assert appointment_state(appointment_id) == ("cancelled", "refunded")


def test_a_payment_for_an_expired_hold_is_refunded_automatically(
    client: TestClient, booked: tuple[dict[str, str], str, str], payer: stripe.StripeClient
) -> None:
    alice, appointment_id, _ = booked
    checkout = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=alice
    ).json()
    expire_holds(clock.now() + timedelta(minutes=16))
    assert appointment_state(appointment_id)[0] == "cancelled"
    pay(payer, checkout["stripe_payment_intent_id"])
    assert eventually(lambda: payment_status(checkout["payment_id"]) == "refunded")


def test_packages_grant_credits_that_booking_spends_and_early_cancellation_returns(
    client: TestClient, stripe_emulator: str, payer: stripe.StripeClient
) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    week = {
        d: [{"start": "00:00", "end": "24:00"}]
        for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    }
    package_id = open_practice(
        client,
        therapist,
        weekly=week,
        service={
            "package_type": "monthly",
            "sessions_included": 4,
            "validity_days": 30,
            "price_cents": 30000,
        },
    )
    [(_, alice)] = make_users(1, "client")
    single = client.post("/payments/checkout", json={"service_id": package_id}, headers=alice)
    assert single.status_code == 201
    pay(payer, single.json()["stripe_payment_intent_id"])
    credits = eventually(lambda: client.get("/me/credits", headers=alice).json())
    assert [(c["service_id"], c["remaining"], c["package_type"]) for c in credits] == [
        (package_id, 4, "monthly")
    ]

    start = (clock.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    booked = book(client, alice, package_id, start.isoformat()).json()
    assert (booked["status"], booked["payment_status"]) == ("confirmed", "credit")
    assert client.get("/me/credits", headers=alice).json()[0]["remaining"] == 3
    client.post(f"/appointments/{booked['id']}/cancel", headers=alice)
    assert client.get("/me/credits", headers=alice).json()[0]["remaining"] == 4
    assert (
        client.post(
            "/payments/checkout",
            json={"appointment_id": booked["id"], "service_id": package_id},
            headers=alice,
        ).status_code
        == 422
    )


def test_a_base64_webhook_through_the_real_lambda_handler(stripe_emulator: str) -> None:
    """API Gateway may base64 the body: the signature still covers the exact bytes."""
    from local.functions import load_module
    from local.invoke import LocalContext
    from local.sign_webhook import signed_event
    from local.template import function_for_dir
    from tests.helpers import EVENTS

    body = (EVENTS / "stripe_webhook_body.json").read_bytes()
    function = function_for_dir("payments")
    handler = getattr(load_module(function), function.handler)
    context = LocalContext(function_name=function.logical_id)
    good = handler(signed_event(body, WEBHOOK_SECRET), context)
    assert good["statusCode"] == 200
    assert json.loads(good["body"])["outcome"] == "ignored"  # no such payment here
    bad = handler(signed_event(body, "whsec_other"), context)
    assert bad["statusCode"] == 400
