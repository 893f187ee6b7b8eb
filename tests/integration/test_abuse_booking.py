"""Nobody can abuse another's calendar or inbox (issue 13): co-therapists are asked, not
conscripted, and have no say before they accept; a client cannot squat a therapist's week; a
therapist who takes no new clients gets none. Each test failed on the code before the fix."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from starlette.testclient import TestClient

from shared.clock import FrozenClock
from shared.db import get_session
from shared.models import Appointment
from tests.factories import (
    SERVICE,
    Practice,
    book,
    confirm,
    make_users,
    open_practice,
    publish,
    race,
)


def _status(appointment_id: str) -> str:
    with get_session() as session:
        row = session.get(Appointment, uuid.UUID(appointment_id))
        assert row is not None
        return row.status


def test_a_therapist_not_accepting_clients_cannot_be_made_a_co_therapist(
    client: TestClient,
    practice: Practice,
) -> None:
    _, _, service_id = practice
    [(co_id, co)] = make_users(1, "therapist")
    open_practice(client, co)
    publish(client, co, accepting_clients=False)
    [(_, alice)] = make_users(1, "client")
    answer = book(client, alice, service_id, "2026-03-03T10:00:00Z", co_therapist_ids=[str(co_id)])
    assert answer.status_code == 404
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(Appointment)) == 0


def test_a_co_therapist_answers_for_themselves_only_and_has_no_say_before(
    client: TestClient, now: FrozenClock
) -> None:
    [(primary_id, primary), (co_id, co)] = make_users(2, "therapist")
    service_id = open_practice(client, primary, service={"requires_confirmation": True})
    open_practice(client, co)
    publish(client, co)
    [(_, alice)] = make_users(1, "client")
    booked = book(client, alice, service_id, "2026-03-04T10:00:00Z", co_therapist_ids=[str(co_id)])
    assert booked.status_code == 201, booked.text
    appointment = booked.json()
    assert appointment["consents"] == [
        {"therapist_id": str(primary_id), "role": "primary", "status": "pending"},
        {"therapist_id": str(co_id), "role": "co", "status": "pending"},
    ]
    path = f"/appointments/{appointment['id']}"
    # Before answering, the co-therapist can neither move nor cancel it, nor message the client.
    moved = client.post(f"{path}/reschedule", json={"start": "2026-03-05T10:00:00Z"}, headers=co)
    assert (moved.status_code, moved.json()["code"]) == (403, "consent_required")
    assert client.post(f"{path}/cancel", headers=co).json()["code"] == "consent_required"
    thread = client.post("/threads", json={"participant_ids": [appointment["client_id"]]},
                         headers=co)  # fmt: skip
    assert (thread.status_code, thread.json()["code"]) == (403, "no_relationship")
    # Their acceptance is theirs alone: paid, it still waits for the primary therapist.
    accepted = client.post(f"{path}/confirm", headers=co).json()
    assert [c["status"] for c in accepted["consents"]] == ["pending", "accepted"]
    assert client.post(f"{path}/confirm", headers=co).json()["code"] == "not_pending"
    confirm(appointment["id"])  # paid
    assert _status(appointment["id"]) == "pending"
    client.post(f"{path}/confirm", headers=primary)
    assert _status(appointment["id"]) == "confirmed"
    # Only the service's therapist completes it.
    done = client.post(f"{path}/complete", headers=co)
    assert (done.status_code, done.json()["code"]) == (403, "not_primary")


def test_one_client_holds_at_most_three_unpaid_bookings_even_in_parallel(
    gateway: object,
    client: TestClient,
    practice: Practice,
) -> None:
    _, _, service_id = practice
    [(alice_id, alice)] = make_users(1, "client")
    # 24 hourly slots across three days, all at once, by one client.
    starts = [f"2026-03-0{3 + i // 8}T{8 + i % 8:02d}:00:00Z" for i in range(24)]
    statuses = race(gateway, [(alice, service_id, start) for start in starts])
    assert statuses.count(201) == 3, statuses
    assert set(statuses) <= {201, 409}
    with get_session() as session:
        held = session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.client_id == alice_id, Appointment.status == "pending")
        )
    assert held == 3
    refused = book(client, alice, service_id, "2026-03-06T08:00:00Z")
    assert (refused.status_code, refused.json()["code"]) == (409, "too_many_pending")


def test_a_therapist_not_accepting_clients_is_booked_by_their_clients_only(
    client: TestClient, now: FrozenClock
) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist)
    publish(client, therapist)
    [(_, alice), (_, bob)] = make_users(2, "client")
    first = book(client, alice, service_id, "2026-03-03T08:00:00Z").json()
    confirm(first["id"])
    publish(client, therapist, accepting_clients=False)
    stranger = book(client, bob, service_id, "2026-03-03T10:00:00Z")
    assert (stranger.status_code, stranger.json()["code"]) == (409, "not_accepting_clients")
    again = book(client, alice, service_id, "2026-03-04T10:00:00Z")
    assert again.status_code == 201, again.text
    assert SERVICE["price_cents"] == again.json()["price_cents"]
