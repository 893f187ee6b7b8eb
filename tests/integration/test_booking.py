"""Services, availability and appointments through HTTP against the real database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.lifecycle import PaidBy, mark_paid
from shared.models import Appointment, AppointmentTherapist, User
from tests.factories import (
    SERVICE,
    Practice,
    book,
    fresh_token,
    make_users,
    open_practice,
    publish,
    race,
)
from tests.helpers import bearer, login, register


def slots(client: TestClient, therapist_id: str, day: str, **params: object) -> list[str]:
    response = client.get(
        f"/therapists/{therapist_id}/slots",
        params={"from": f"{day}T00:00:00Z", "to": f"{day}T23:59:59Z", **params},
    )
    assert response.status_code == 200, response.text
    return [s["start"] for s in response.json()["slots"]]


# --- services -----------------------------------------------------------------------------------


def test_services_catalogue(client: TestClient, now: FrozenClock) -> None:
    [(therapist_id, headers)] = make_users(1, "therapist")
    [(_, other)] = make_users(1, "therapist")
    created = client.post("/services", json=SERVICE, headers=headers).json()
    assert created["sessions_included"] == 1 and created["images"] == []
    package = client.post(
        "/services",
        json={
            **SERVICE,
            "title": "Ten sessions",
            "package_type": "monthly",
            "sessions_included": 4,
            "validity_days": 31,
            "category": "couples",
        },
        headers=headers,
    )
    assert package.status_code == 201
    for bad in (
        {"price_cents": 0},
        {"duration_minutes": 0},
        {"currency": "EURO"},
        {"package_type": "weekly"},
        {"sessions_included": 3},
        {"package_type": "intensive", "sessions_included": 5},
        {"availability": {"monday": [{"start": "10:00", "end": "09:00"}]}},
    ):
        response = client.post("/services", json={**SERVICE, **bad}, headers=headers)
        assert response.status_code == 422, bad
    hidden = client.patch(f"/services/{created['id']}", json={"is_active": False}, headers=headers)
    assert hidden.json()["is_active"] is False
    assert client.get(f"/services/{created['id']}").status_code == 404
    assert client.get(f"/services/{created['id']}", headers=headers).status_code == 200
    assert (
        client.patch(
            f"/services/{created['id']}", json={"price_cents": 1}, headers=other
        ).status_code
        == 404
    )
    listed = client.get("/services", params={"therapist_id": str(therapist_id)}).json()["items"]
    assert [s["title"] for s in listed] == ["Ten sessions"]
    assert (
        client.get("/services", params={"category": "couples"}).json()["items"][0]["package_type"]
        == "monthly"
    )
    assert client.get("/services", params={"package_type": "single"}).json()["items"] == []
    [(_, client_headers)] = make_users(1, "client")
    assert client.post("/services", json=SERVICE, headers=client_headers).status_code == 403


# --- availability and slots ---------------------------------------------------------------------


def test_slots_are_computed_in_the_therapists_zone(client: TestClient, practice: Practice) -> None:
    therapist_id, _, service_id = practice
    starts = slots(client, therapist_id, "2026-03-03", service_id=service_id)
    # 09:00-17:00 Berlin is 08:00-16:00 UTC; 50-minute slots every 15 minutes.
    assert starts[0] == "2026-03-03T08:00:00Z"
    assert starts[-1] == "2026-03-03T15:00:00Z"
    assert len(starts) == 29
    body = client.get(
        f"/therapists/{therapist_id}/slots",
        params={"from": "2026-03-03T08:00:00Z", "to": "2026-03-03T08:01:00Z"},
    ).json()
    assert body["timezone"] == "Europe/Berlin"
    assert body["slots"][0]["start_local"] == "2026-03-03T09:00:00+01:00"


def test_slots_on_both_dst_days_in_two_hemispheres(client: TestClient, now: FrozenClock) -> None:
    now.set(datetime(2026, 3, 1, tzinfo=UTC))
    every_day = {
        d: [{"start": "09:00", "end": "12:00"}]
        for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    }
    [(berlin_id, berlin)] = make_users(1, "therapist")
    [(sydney_id, sydney)] = make_users(1, "therapist")
    open_practice(
        client, berlin, weekly=every_day, service={"duration_minutes": 60}, horizon_days=365
    )
    open_practice(
        client,
        sydney,
        timezone="Australia/Sydney",
        weekly=every_day,
        service={"duration_minutes": 60},
        horizon_days=365,
    )
    # Berlin: 09:00 is 08:00Z before 29 March, 07:00Z after; 09:00 is 07:00Z until 25 Oct.
    assert slots(client, str(berlin_id), "2026-03-28")[0] == "2026-03-28T08:00:00Z"
    assert slots(client, str(berlin_id), "2026-03-29")[0] == "2026-03-29T07:00:00Z"
    assert slots(client, str(berlin_id), "2026-10-24")[0] == "2026-10-24T07:00:00Z"
    assert slots(client, str(berlin_id), "2026-10-25")[0] == "2026-10-25T08:00:00Z"

    # Sydney: AEDT (UTC+11) until 5 April, AEST (UTC+10) until 4 October. Local 09:00 on the
    # 5th is the previous UTC day.
    # Sydney: the first slot of each local day (windows start at local midnight-ish, in UTC).
    def first_from(at: str) -> str:
        until = (datetime.fromisoformat(at) + timedelta(hours=23)).isoformat()
        response = client.get(f"/therapists/{sydney_id}/slots", params={"from": at, "to": until})
        return str(response.json()["slots"][0]["start"])

    assert first_from("2026-04-03T14:00:00Z") == "2026-04-03T22:00:00Z"  # Sat 4 Apr, AEDT +11
    assert first_from("2026-04-04T14:00:00Z") == "2026-04-04T23:00:00Z"  # Sun 5 Apr, AEST +10
    assert first_from("2026-10-02T14:00:00Z") == "2026-10-02T23:00:00Z"  # Sat 3 Oct, AEST +10
    assert first_from("2026-10-03T14:00:00Z") == "2026-10-03T22:00:00Z"  # Sun 4 Oct, AEDT +11


def test_override_lands_on_the_local_date(client: TestClient, now: FrozenClock) -> None:
    [(sydney_id, sydney)] = make_users(1, "therapist")
    open_practice(client, sydney, timezone="Australia/Sydney")
    # Wednesday 4 March in Sydney is 3 March 22:00Z to 4 March 13:00Z.
    before = slots(client, str(sydney_id), "2026-03-03")
    assert before  # Wednesday 09:00 Sydney = Tuesday 22:00Z
    day_off = client.put(
        "/therapists/me/availability/overrides/2026-03-04", json={"intervals": []}, headers=sydney
    )
    assert day_off.status_code == 200
    assert day_off.json()["overrides"] == {"2026-03-04": []}
    assert slots(client, str(sydney_id), "2026-03-03") == [s for s in before if s < "2026-03-03T13"]
    short = client.put(
        "/therapists/me/availability/overrides/2026-03-04",
        json={"intervals": [{"start": "10:00", "end": "11:00"}]},
        headers=sydney,
    )
    assert short.status_code == 200
    assert slots(client, str(sydney_id), "2026-03-03")[-1] == "2026-03-03T23:00:00Z"
    assert (
        client.delete(
            "/therapists/me/availability/overrides/2026-03-04", headers=sydney
        ).status_code
        == 204
    )
    assert slots(client, str(sydney_id), "2026-03-03") == before
    assert (
        client.delete(
            "/therapists/me/availability/overrides/2026-03-04", headers=sydney
        ).status_code
        == 404
    )


def test_invalid_availability_and_slot_queries(client: TestClient, practice: Practice) -> None:
    therapist_id, headers, _ = practice
    invalid: list[dict[str, list[dict[str, str]]]] = [
        {"monday": [{"start": "17:00", "end": "09:00"}]},
        {"monday": [{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}]},
        {"funday": []},
        {"monday": [{"start": "9am", "end": "5pm"}]},
    ]
    for weekly in invalid:
        response = client.put(
            "/therapists/me/availability",
            json={"timezone": "Europe/Berlin", "weekly": weekly},
            headers=headers,
        )
        assert response.status_code == 422, weekly
    url = f"/therapists/{therapist_id}/slots"
    assert (
        client.get(
            url, params={"from": "2026-03-03T00:00:00", "to": "2026-03-04T00:00:00Z"}
        ).status_code
        == 422
    )
    assert (
        client.get(
            url, params={"from": "2026-03-04T00:00:00Z", "to": "2026-03-03T00:00:00Z"}
        ).status_code
        == 422
    )
    assert (
        client.get(
            url, params={"from": "2026-03-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}
        ).status_code
        == 422
    )
    assert (
        client.get(
            f"/therapists/{uuid.uuid4()}/slots",
            params={"from": "2026-03-03T00:00:00Z", "to": "2026-03-04T00:00:00Z"},
        ).status_code
        == 404
    )


def test_service_hours_narrow_the_therapists(client: TestClient, practice: Practice) -> None:
    therapist_id, headers, _ = practice
    mornings = client.post(
        "/services",
        json={**SERVICE, "availability": {"tuesday": [{"start": "10:00", "end": "12:00"}]}},
        headers=headers,
    ).json()
    starts = slots(client, therapist_id, "2026-03-03", service_id=mornings["id"])
    assert starts == [
        "2026-03-03T09:00:00Z",
        "2026-03-03T09:15:00Z",
        "2026-03-03T09:30:00Z",
        "2026-03-03T09:45:00Z",
        "2026-03-03T10:00:00Z",
    ]


# --- booking ------------------------------------------------------------------------------------


def test_booking_holds_the_slot_and_blocks_overlaps(client: TestClient, practice: Practice) -> None:
    therapist_id, therapist, service_id = practice
    [(client_id, alice), (_, bob)] = make_users(2, "client")
    response = book(
        client,
        alice,
        service_id,
        "2026-03-03T09:00:00+01:00",
        pre_session_message="First time; a bit nervous.",
    )
    assert response.status_code == 201, response.text
    appointment = response.json()
    assert appointment["status"] == "pending"
    assert (
        appointment["start"] == "2026-03-03T08:00:00Z"
        and appointment["end"] == "2026-03-03T08:50:00Z"
    )
    assert appointment["therapist_ids"] == [therapist_id]
    assert appointment["payment_status"] == "unpaid" and appointment["package_type"] == "single"
    assert appointment["hold_expires_at"] == "2026-03-02T07:15:00Z"
    assert "2026-03-03T08:00:00Z" not in slots(client, therapist_id, "2026-03-03")
    assert "2026-03-03T08:45:00Z" not in slots(client, therapist_id, "2026-03-03")
    taken = book(client, bob, service_id, "2026-03-03T08:30:00Z")
    assert (taken.status_code, taken.json()["code"]) == (409, "slot_unavailable")
    # The therapist sees it, with the client's message; a stranger does not.
    seen = client.get(f"/appointments/{appointment['id']}", headers=therapist).json()
    assert seen["pre_session_message"] == "First time; a bit nervous."
    assert client.get(f"/appointments/{appointment['id']}", headers=bob).status_code == 404
    assert [a["id"] for a in client.get("/appointments", headers=therapist).json()["items"]] == [
        appointment["id"]
    ]
    assert client.get("/appointments", headers=bob).json()["items"] == []
    assert str(client_id) == appointment["client_id"]


def test_a_client_cannot_be_in_two_places(client: TestClient, now: FrozenClock) -> None:
    [(_, t1), (_, t2)] = make_users(2, "therapist")
    s1, s2 = open_practice(client, t1), open_practice(client, t2)
    [(_, alice)] = make_users(1, "client")
    assert book(client, alice, s1, "2026-03-03T08:00:00Z").status_code == 201
    clash = book(client, alice, s2, "2026-03-03T08:30:00Z")
    assert (clash.status_code, clash.json()["code"]) == (409, "slot_unavailable")


def test_booking_rules(client: TestClient, practice, outbox: Path) -> None:  # type: ignore[no-untyped-def]
    _, therapist, service_id = practice
    [(_, alice)] = make_users(1, "client")
    off_grid = book(client, alice, service_id, "2026-03-03T08:07:00Z")
    assert off_grid.status_code == 409
    outside = book(client, alice, service_id, "2026-03-03T16:30:00Z")  # past 17:00 Berlin
    assert outside.status_code == 409
    past = book(client, alice, service_id, "2026-03-02T06:00:00Z")
    assert past.status_code == 409
    naive = book(client, alice, service_id, "2026-03-03T08:00:00")
    assert naive.status_code == 422
    assert book(client, alice, str(uuid.uuid4()), "2026-03-03T08:00:00Z").status_code == 404
    assert book(client, therapist, service_id, "2026-03-03T08:00:00Z").status_code == 403
    register(client, "unverified@example.com")
    unverified = bearer(login(client, "unverified@example.com"))
    response = book(client, unverified, service_id, "2026-03-03T08:00:00Z")
    assert (response.status_code, response.json()["code"]) == (403, "email_not_verified")


def test_a_booking_checks_the_account_behind_its_token_as_it_books(
    client: TestClient,
    practice: Practice,
) -> None:
    """The booking reads the caller's account in its own first statement (no lookup of its own
    before): a token whose account was suspended or deleted since is refused there, and
    nothing is written."""
    _, therapist, service_id = practice
    wrong = book(client, therapist, service_id, "2026-03-03T08:00:00Z")
    assert (wrong.status_code, wrong.json()["code"]) == (403, "wrong_role")
    [(suspended_id, suspended), (deleted_id, deleted)] = make_users(2, "client")
    with get_session() as session:
        session.execute(update(User).where(User.id == suspended_id)
                        .values(suspended_at=clock.now()))  # fmt: skip
        session.execute(update(User).where(User.id == deleted_id).values(deleted_at=clock.now()))
    for headers in (suspended, deleted):
        refused = book(client, headers, service_id, "2026-03-03T08:00:00Z")
        assert (refused.status_code, refused.json()["code"]) == (401, "invalid_token")
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(Appointment)) == 0


def test_co_therapists_must_all_be_free(client: TestClient, practice: Practice) -> None:
    therapist_id, _, service_id = practice
    [(co_id, co)] = make_users(1, "therapist")
    co_service = open_practice(client, co)
    [(_, alice), (_, bob)] = make_users(2, "client")
    private = book(client, alice, service_id, "2026-03-03T10:00:00Z", co_therapist_ids=[str(co_id)])
    assert private.status_code == 404  # nobody is put on a booking who does not take bookings
    publish(client, co)
    busy = book(client, bob, co_service, "2026-03-03T09:00:00Z")
    assert busy.status_code == 201
    clash = book(client, alice, service_id, "2026-03-03T08:30:00Z", co_therapist_ids=[str(co_id)])
    assert clash.status_code == 409
    both = book(client, alice, service_id, "2026-03-03T10:00:00Z", co_therapist_ids=[str(co_id)])
    assert both.status_code == 201
    assert both.json()["therapist_ids"] == [therapist_id, str(co_id)]
    assert client.get(f"/appointments/{both.json()['id']}", headers=co).status_code == 200
    assert (
        book(
            client, alice, service_id, "2026-03-04T10:00:00Z", co_therapist_ids=[str(uuid.uuid4())]
        ).status_code
        == 404
    )


def test_confirmation_payment_and_meeting_link(client: TestClient, practice: Practice) -> None:
    _, therapist, _ = practice
    needs_ok = client.post(
        "/services", json={**SERVICE, "requires_confirmation": True}, headers=therapist
    ).json()["id"]
    [(_, alice)] = make_users(1, "client")
    appointment = book(client, alice, needs_ok, "2026-03-03T08:00:00Z").json()
    assert (
        client.post(f"/appointments/{appointment['id']}/confirm", headers=alice).status_code == 403
    )
    confirmed = client.post(f"/appointments/{appointment['id']}/confirm", headers=therapist).json()
    assert confirmed["therapist_confirmed"] is True and confirmed["status"] == "pending"
    assert (
        client.post(f"/appointments/{appointment['id']}/decline", headers=therapist).status_code
        == 409
    )
    with get_session() as session:  # what the payments webhook does on success
        row = session.get(Appointment, uuid.UUID(appointment["id"]))
        assert row is not None
        session.refresh(row, ["therapists"])
        mark_paid(session, row, PaidBy.PAID, clock.now())
    final = client.get(f"/appointments/{appointment['id']}", headers=alice).json()
    assert final["status"] == "confirmed" and final["payment_status"] == "paid"
    assert final["meeting_url"].startswith("https://")
    assert final["hold_expires_at"] is None


def test_decline_frees_the_slot(client: TestClient, practice: Practice) -> None:
    therapist_id, therapist, _ = practice
    needs_ok = client.post(
        "/services", json={**SERVICE, "requires_confirmation": True}, headers=therapist
    ).json()["id"]
    [(_, alice)] = make_users(1, "client")
    appointment = book(client, alice, needs_ok, "2026-03-03T08:00:00Z").json()
    declined = client.post(f"/appointments/{appointment['id']}/decline", headers=therapist).json()
    assert declined["status"] == "cancelled" and declined["late_cancellation"] is False
    assert "2026-03-03T08:00:00Z" in slots(client, therapist_id, "2026-03-03")


def test_cancellation_policy(client: TestClient, practice, now: FrozenClock) -> None:  # type: ignore[no-untyped-def]
    therapist_id, _, service_id = practice
    [(alice_id, alice)] = make_users(1, "client")
    early = book(client, alice, service_id, "2026-03-04T08:00:00Z").json()
    late = book(client, alice, service_id, "2026-03-03T08:00:00Z").json()
    free = client.post(
        f"/appointments/{early['id']}/cancel", json={"reason": "Trip"}, headers=alice
    )
    assert free.json()["status"] == "cancelled" and free.json()["late_cancellation"] is False
    now.advance(timedelta(hours=2))  # now 23 h before the second one
    alice = fresh_token(alice_id, "client")
    costly = client.post(f"/appointments/{late['id']}/cancel", headers=alice).json()
    assert costly["late_cancellation"] is True
    assert "2026-03-04T08:00:00Z" in slots(client, therapist_id, "2026-03-04")
    again = client.post(f"/appointments/{late['id']}/cancel", headers=alice)
    assert (again.status_code, again.json()["code"]) == (409, "not_cancellable")


def test_reschedule_keeps_identity_and_rechecks(client: TestClient, practice: Practice) -> None:
    therapist_id, therapist, service_id = practice
    [(_, alice), (_, bob)] = make_users(2, "client")
    mine = book(client, alice, service_id, "2026-03-03T08:00:00Z").json()
    book(client, bob, service_id, "2026-03-03T10:00:00Z")
    moved = client.post(
        f"/appointments/{mine['id']}/reschedule",
        json={"start": "2026-03-03T12:00:00Z"},
        headers=alice,
    )
    assert moved.status_code == 200
    assert moved.json()["id"] == mine["id"] and moved.json()["start"] == "2026-03-03T12:00:00Z"
    starts = slots(client, therapist_id, "2026-03-03")
    assert "2026-03-03T08:00:00Z" in starts and "2026-03-03T12:00:00Z" not in starts
    onto_bob = client.post(
        f"/appointments/{mine['id']}/reschedule",
        json={"start": "2026-03-03T10:15:00Z"},
        headers=therapist,
    )
    assert (onto_bob.status_code, onto_bob.json()["code"]) == (409, "slot_unavailable")
    # Moving within its own time is fine (it does not collide with itself).
    nudge = client.post(
        f"/appointments/{mine['id']}/reschedule",
        json={"start": "2026-03-03T12:15:00Z"},
        headers=alice,
    )
    assert nudge.status_code == 200


def test_complete_and_private_notes(client: TestClient, practice, now: FrozenClock) -> None:  # type: ignore[no-untyped-def]
    therapist_id, therapist, service_id = practice
    [(alice_id, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-03T08:00:00Z").json()
    with get_session() as session:
        row = session.get(Appointment, uuid.UUID(appointment["id"]))
        assert row is not None
        mark_paid(session, row, PaidBy.PAID, clock.now())
    early = client.post(f"/appointments/{appointment['id']}/complete", headers=therapist)
    assert (early.status_code, early.json()["code"]) == (409, "too_early")
    client.put(
        f"/appointments/{appointment['id']}/notes", json={"notes": "client side"}, headers=alice
    )
    client.put(
        f"/appointments/{appointment['id']}/notes", json={"notes": "clinical"}, headers=therapist
    )
    assert (
        client.get(f"/appointments/{appointment['id']}", headers=alice).json()["notes"]
        == "client side"
    )
    assert (
        client.get(f"/appointments/{appointment['id']}", headers=therapist).json()["notes"]
        == "clinical"
    )
    now.set(datetime(2026, 3, 3, 8, 55, tzinfo=UTC))
    alice, therapist = fresh_token(alice_id, "client"), fresh_token(therapist_id, "therapist")
    assert (
        client.post(f"/appointments/{appointment['id']}/complete", headers=alice).status_code == 403
    )
    done = client.post(f"/appointments/{appointment['id']}/complete", headers=therapist).json()
    assert done["status"] == "completed"
    listed = client.get("/appointments", params={"status": "completed"}, headers=alice).json()
    assert [a["id"] for a in listed["items"]] == [appointment["id"]]


def test_expired_holds_are_cancelled_by_the_holds_function(
    client: TestClient, practice: Practice, now: FrozenClock
) -> None:
    from tests.helpers import invoke

    therapist_id, _, service_id = practice
    [(alice_id, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-03T08:00:00Z").json()
    now.advance(timedelta(minutes=14))
    assert invoke("holds", "schedule.json")["expired"] == 0
    now.advance(timedelta(minutes=2))
    assert invoke("holds", "schedule.json")["expired"] == 1
    alice = fresh_token(alice_id, "client")
    gone = client.get(f"/appointments/{appointment['id']}", headers=alice).json()
    assert gone["status"] == "cancelled" and gone["late_cancellation"] is False
    assert "2026-03-03T08:00:00Z" in slots(client, therapist_id, "2026-03-03")


def test_deleting_an_account_cancels_its_future_appointments(
    client: TestClient, practice: Practice
) -> None:
    _, therapist, service_id = practice
    [(_, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-03T08:00:00Z").json()
    assert client.delete("/me", headers=alice).status_code == 204
    seen = client.get(f"/appointments/{appointment['id']}", headers=therapist).json()
    assert seen["status"] == "cancelled"


def test_directory_availability_filter_and_next_available(
    client: TestClient, practice: Practice
) -> None:
    therapist_id, headers, _ = practice
    publish(client, headers, full_name="Free Therapist")
    [(_, busy)] = make_users(1, "therapist")
    publish(client, busy, full_name="Weekend Therapist")
    open_practice(client, busy, weekly={"saturday": [{"start": "10:00", "end": "12:00"}]})
    tuesday = {"available_from": "2026-03-03T08:00:00Z", "available_to": "2026-03-03T12:00:00Z"}
    names = [t["full_name"] for t in client.get("/therapists", params=tuesday).json()["items"]]
    assert names == ["Free Therapist"]
    saturday = {"available_from": "2026-03-07T08:00:00Z", "available_to": "2026-03-07T12:00:00Z"}
    names = [t["full_name"] for t in client.get("/therapists", params=saturday).json()["items"]]
    assert names == ["Weekend Therapist"]
    assert (
        client.get("/therapists", params={"available_from": "2026-03-07T08:00:00Z"}).status_code
        == 422
    )
    profile = client.get(f"/therapists/{therapist_id}").json()
    assert profile["next_available_at"] == "2026-03-02T08:00:00Z"  # Monday 09:00 Berlin


# --- no double booking, under concurrency ---------------------------------------------------------


@pytest.mark.slow
def test_32_concurrent_bookings_of_one_slot_one_wins(
    gateway: object,
    client: TestClient,
    practice: Practice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, _, service_id = practice
    clients = make_users(32, "client")
    statuses = race(gateway, [(h, service_id, "2026-03-03T08:00:00Z") for _, h in clients])
    assert sorted(statuses) == [201] + [409] * 31
    _assert_no_overlaps()


@pytest.mark.slow
def test_32_concurrent_bookings_of_overlapping_slots_one_wins(
    gateway: object,
    client: TestClient,
    practice: Practice,
) -> None:
    _, _, service_id = practice
    clients = make_users(32, "client")
    # Starts 08:00, 08:15, 08:30 (all within one 50-minute session of each other).
    starts = ["2026-03-03T08:00:00Z", "2026-03-03T08:15:00Z", "2026-03-03T08:30:00Z"]
    statuses = race(gateway, [(h, service_id, starts[i % 3]) for i, (_, h) in enumerate(clients)])
    assert statuses.count(201) == 1 and statuses.count(409) == 31
    _assert_no_overlaps()


def _assert_no_overlaps() -> None:
    with get_session() as session:
        active = session.scalar(
            select(func.count())
            .select_from(AppointmentTherapist)
            .where(AppointmentTherapist.active)
        )
    assert active == 1


def test_bad_values_are_4xx_never_500(client: TestClient, practice: Practice) -> None:
    therapist_id, therapist, service_id = practice
    [(_, alice)] = make_users(1, "client")
    assert (
        client.patch(f"/services/{service_id}", json={"title": None}, headers=therapist).status_code
        == 422
    )
    assert (
        client.post(
            "/services", json={**SERVICE, "title": "a\u0000b"}, headers=therapist
        ).status_code
        == 422
    )
    assert client.get("/services", params={"category": "a\x00"}).status_code == 422
    for start in ("0001-01-01T00:00:00Z", "9999-12-31T23:00:00Z"):
        assert book(client, alice, service_id, start).status_code == 422
    far = {"from": "9999-12-31T00:00:00Z", "to": "9999-12-31T23:00:00Z"}
    assert client.get(f"/therapists/{therapist_id}/slots", params=far).status_code == 422
    early = {"available_from": "0001-01-01T00:00:00Z", "available_to": "0001-01-02T00:00:00Z"}
    assert client.get("/therapists", params=early).status_code == 422
    appointment = book(client, alice, service_id, "2026-03-04T08:00:00Z").json()
    assert (
        client.put(
            f"/appointments/{appointment['id']}/notes", json={"notes": "x\u0000"}, headers=alice
        ).status_code
        == 422
    )


def test_a_deleted_therapists_services_cannot_be_booked(
    client: TestClient, practice: Practice
) -> None:
    _, therapist, service_id = practice
    [(_, alice)] = make_users(1, "client")
    assert client.delete("/me", headers=therapist).status_code == 204
    assert client.get(f"/services/{service_id}").status_code == 404
    assert book(client, alice, service_id, "2026-03-04T08:00:00Z").status_code == 404


def test_reschedule_rules(client: TestClient, practice, now: FrozenClock) -> None:  # type: ignore[no-untyped-def]
    therapist_id, therapist, service_id = practice
    [(alice_id, alice)] = make_users(1, "client")
    soon = book(client, alice, service_id, "2026-03-02T15:00:00Z").json()  # 8 h ahead
    dodge = client.post(
        f"/appointments/{soon['id']}/reschedule",
        json={"start": "2026-03-05T08:00:00Z"},
        headers=alice,
    )
    assert (dodge.status_code, dodge.json()["code"]) == (409, "too_late_to_reschedule")
    later = book(client, alice, service_id, "2026-03-04T08:00:00Z").json()
    # The service gets shorter afterwards: the booked 50 minutes still have to fit.
    client.patch(f"/services/{service_id}", json={"duration_minutes": 5}, headers=therapist)
    too_late_in_day = client.post(
        f"/appointments/{later['id']}/reschedule",
        json={"start": "2026-03-04T15:45:00Z"},
        headers=alice,
    )
    assert too_late_in_day.status_code == 409  # 16:45-17:35 Berlin is past 17:00
    assert str(alice_id) == later["client_id"] and therapist_id in later["therapist_ids"]
