"""What the integration tests build their worlds from: accounts, therapists with a practice
(hours and a service), appointments, payments and their Stripe events, entries, and the whole
world the fuzzers walk. Accounts are written straight to the database where a test needs many
(fast, with real access tokens); everything else goes through the HTTP API as people do it.

The typed fixtures over these (`now`, `practice`, `stripe_fake`, `mailer`) are in the conftests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from httpx import Response
from starlette.testclient import TestClient

from shared import clock
from shared.db import get_session
from shared.domain.lifecycle import PaidBy, mark_paid
from shared.models import Appointment, Profile, User
from shared.outbox import run_outbox
from shared.security.tokens import issue_access_token
from tests.helpers import verified_user

# A Monday morning in Berlin (UTC+1 in March before the switch).
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS_9_TO_17 = {day: [{"start": "09:00", "end": "17:00"}] for day in WEEK[:5]}
ALL_WEEK = {day: [{"start": "00:00", "end": "24:00"}] for day in WEEK}
SERVICE = {
    "title": "Individual session",
    "description": "Fifty minutes.",
    "category": "anxiety",
    "package_type": "single",
    "duration_minutes": 50,
    "price_cents": 9000,
    "currency": "eur",
}
# A complete public therapist profile, every optional field filled in.
PROFILE = {
    "full_name": "Dr. Ana Ruiz",
    "profile_picture_url": "https://images.example.com/ana.jpg",
    "languages": ["es", "en"],
    "specialties": ["Anxiety", "sleep", "anxiety"],
    "timezone": "Europe/Madrid",
    "is_public": True,
    "accepting_clients": True,
    "bio": "Psicóloga especializada en ansiedad, ataques de pánico e insomnio.",
    "focus_areas": ["adults"],
    "years_experience": 12,
    "experience": [
        {
            "title": "Clinical psychologist",
            "organisation": "Hospital Clínic",
            "start_date": "2014-09-01",
            "end_date": "2020-06-30",
            "description": "Anxiety unit",
        }
    ],
}
WEBHOOK_SECRET = "whsec_" + uuid.uuid4().hex


# --- accounts -----------------------------------------------------------------------------------


class Account(NamedTuple):
    """A verified account and the auth headers of a fresh access token."""

    id: uuid.UUID
    headers: dict[str, str]


def auth_headers(user_id: uuid.UUID | str, role: str) -> dict[str, str]:
    """Auth headers valid at the (moved) clock's now."""
    token, _ = issue_access_token(uuid.UUID(str(user_id)), role, clock.now())
    return {"Authorization": f"Bearer {token}"}


fresh_token = auth_headers


def _accounts(role: str, people: list[tuple[str, str, str, str]]) -> list[Account]:
    """(email, name, language, zone) each as a verified account, in one transaction."""
    made = []
    with get_session() as session:
        for email, name, language, zone in people:
            user = User(
                email=email, password_hash="unused", role=role, email_verified_at=clock.now()
            )
            user.profile = Profile(full_name=name, language=language, timezone=zone)
            session.add(user)
            session.flush()
            made.append(user.id)
    return [Account(user_id, auth_headers(user_id, role)) for user_id in made]


def make_users(count: int, role: str) -> list[Account]:
    """Verified accounts straight in the database, with real access tokens (fast for races)."""
    return _accounts(
        role,
        [
            (f"{role}{i}-{uuid.uuid4().hex[:6]}@example.com", f"{role} {i}", "en", "Europe/Berlin")
            for i in range(count)
        ],
    )


def person(role: str, name: str, language: str, zone: str) -> Account:
    """One verified account straight in the database, with its name, language and zone."""
    [account] = _accounts(
        role, [(f"{role}-{uuid.uuid4().hex[:8]}@example.com", name, language, zone)]
    )
    return account


# --- therapists and their practice ----------------------------------------------------------------


def open_practice(
    client: TestClient,
    headers: dict[str, str],
    *,
    timezone: str = "Europe/Berlin",
    weekly: dict[str, list[dict[str, str]]] | None = None,
    service: dict[str, object] | None = None,
    **rules: int,
) -> str:
    """Weekly hours (weekdays 9 to 17 unless given) and a service; the service's id."""
    body = {
        "timezone": timezone,
        "weekly": weekly or WEEKDAYS_9_TO_17,
        "min_notice_minutes": 0,
        **rules,
    }
    response = client.put("/therapists/me/availability", json=body, headers=headers)
    assert response.status_code == 200, response.text
    created = client.post("/services", json={**SERVICE, **(service or {})}, headers=headers)
    assert created.status_code == 201, created.text
    service_id: str = created.json()["id"]
    return service_id


def publish(client: TestClient, headers: dict[str, str], **changes: object) -> None:
    """A public therapist profile, accepting clients (what co-therapists need to be)."""
    body = {"full_name": "Dr. Test", "languages": ["en"], "specialties": ["anxiety"],
            "timezone": "Europe/Berlin", "is_public": True, "accepting_clients": True,
            "bio": "I help with anxiety.", **changes}  # fmt: skip
    response = client.put("/therapists/me", json=body, headers=headers)
    assert response.status_code == 200, response.text


class Practice(NamedTuple):
    """A therapist with weekday hours and one service."""

    therapist_id: str
    headers: dict[str, str]
    service_id: str


def therapist_with_practice(client: TestClient) -> Practice:
    [(therapist_id, headers)] = make_users(1, "therapist")
    return Practice(str(therapist_id), headers, open_practice(client, headers))


# --- appointments -------------------------------------------------------------------------------


def book(
    client: TestClient, headers: dict[str, str], service_id: str, start: str, **extra: object
) -> Response:
    """POST /appointments as the client whose headers these are; the answer, unchecked."""
    response: Response = client.post(
        "/appointments", json={"service_id": service_id, "start": start, **extra}, headers=headers
    )
    return response


def race(gateway: object, attempts: list[tuple[dict[str, str], str, str]]) -> list[int]:
    """Each (headers, service_id, start) booked from its own thread and client, all released at
    the same moment; the statuses, in the order they came back."""
    barrier = threading.Barrier(len(attempts))
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(headers: dict[str, str], service_id: str, start: str) -> None:
        with TestClient(gateway) as own:  # type: ignore[arg-type]
            barrier.wait()
            response = book(own, headers, service_id, start)
            with lock:
                statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=a) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def confirm(appointment_id: str) -> None:
    """The appointment paid (as a settled payment marks it), and its emails sent as the outbox
    function would send them."""
    with get_session() as session:
        row = session.get(Appointment, uuid.UUID(appointment_id))
        assert row is not None
        mark_paid(session, row, PaidBy.PAID, clock.now())
    run_outbox(clock.now())


# --- payments -----------------------------------------------------------------------------------


def intent_event(event_id: str, kind: str, intent_id: str, payment_id: str) -> dict[str, Any]:
    """A payment-intent webhook event as Stripe shapes it."""
    return {
        "id": event_id,
        "type": kind,
        "data": {
            "object": {
                "id": intent_id,
                "object": "payment_intent",
                "metadata": {"payment_id": payment_id},
            }
        },
    }


def signed(
    event: dict[str, Any], secret: str = WEBHOOK_SECRET, at: int | None = None
) -> tuple[bytes, str]:
    """The event's body and its Stripe-Signature header, signed as Stripe signs."""
    payload = json.dumps(event).encode()
    timestamp = at if at is not None else int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, f"t={timestamp},v1={mac}"


def deliver(client: TestClient, event: dict[str, Any], **kw: Any) -> Response:
    """The event posted to the webhook, signed (`secret=`, `at=` to sign otherwise)."""
    payload, header = signed(event, **kw)
    response: Response = client.post(
        "/payments/webhook",
        content=payload,
        headers={"Stripe-Signature": header, "content-type": "application/json"},
    )
    return response


def pay_by_card(client: TestClient, headers: dict[str, str], appointment_id: str) -> str:
    """Checkout, then Stripe's success event as Stripe sends it; the payment id."""
    checkout = client.post(
        "/payments/checkout", json={"appointment_id": appointment_id}, headers=headers
    )
    assert checkout.status_code == 201, checkout.text
    body = checkout.json()
    event = intent_event(
        f"evt_ok_{uuid.uuid4().hex}",
        "payment_intent.succeeded",
        body["stripe_payment_intent_id"],
        body["payment_id"],
    )
    assert deliver(client, event).json()["outcome"] == "applied"
    return str(body["payment_id"])


@dataclass(frozen=True)
class PaidSession:
    """A therapist open all week, and a client's session with them, paid by card."""

    therapist_id: uuid.UUID
    therapist: dict[str, str]
    client_id: uuid.UUID
    client: dict[str, str]
    appointment: dict[str, Any]
    payment_id: str


def paid_session(client: TestClient, start: str = "2026-03-05T10:00:00Z") -> PaidSession:
    [(therapist_id, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist, weekly=ALL_WEEK)
    [(client_id, headers)] = make_users(1, "client")
    appointment = book(client, headers, service_id, start).json()
    payment_id = pay_by_card(client, headers, appointment["id"])
    return PaidSession(therapist_id, therapist, client_id, headers, appointment, payment_id)


# --- entries and the whole world ------------------------------------------------------------------


def write_entry(client: TestClient, headers: dict[str, str], content: str) -> str:
    """A journal entry written by the client whose headers these are; its id."""
    answer = client.post("/entries", json={"content": content}, headers=headers)
    assert answer.status_code == 201, answer.text
    entry_id: str = answer.json()["id"]
    return entry_id


@dataclass(frozen=True)
class World:
    client: dict[str, str]
    therapist: dict[str, str]
    therapist_id: str
    service_id: str
    entry_id: str
    appointment_id: str
    thread_id: str


def make_world(client: TestClient, outbox: Path) -> World:
    """A therapist with a public profile, an open week and a service; a client with an entry
    (matched), an appointment with that therapist and a thread with a message. All through the
    API, with accounts registered and verified as people do it."""
    therapist = verified_user(client, outbox, "world-therapist@example.com", role="therapist")
    profile = {
        "full_name": "World Therapist",
        "languages": ["en"],
        "specialties": ["anxiety"],
        "timezone": "Europe/Berlin",
        "is_public": True,
        "accepting_clients": True,
        "bio": "I help with anxiety, sleep and stress at work.",
    }
    answer = client.put("/therapists/me", json=profile, headers=therapist)
    assert answer.status_code == 200, answer.text
    therapist_id = answer.json()["id"]
    service_id = open_practice(client, therapist, weekly=ALL_WEEK)

    alice = verified_user(client, outbox, "world-client@example.com", role="client")
    entry_id = write_entry(client, alice, "I cannot sleep before work.")
    answer = client.post(f"/entries/{entry_id}/matches", json={}, headers=alice)
    assert answer.status_code == 200, answer.text
    start = (clock.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    answer = book(client, alice, service_id, start.isoformat())
    assert answer.status_code == 201, answer.text
    appointment_id = answer.json()["id"]
    answer = client.post("/threads", json={"participant_ids": [therapist_id]}, headers=alice)
    assert answer.status_code == 201, answer.text
    thread_id = answer.json()["id"]
    answer = client.post(
        f"/threads/{thread_id}/messages", json={"content": "See you then."}, headers=alice
    )
    assert answer.status_code == 201, answer.text
    return World(
        client=alice,
        therapist=therapist,
        therapist_id=therapist_id,
        service_id=service_id,
        entry_id=entry_id,
        appointment_id=appointment_id,
        thread_id=thread_id,
    )
