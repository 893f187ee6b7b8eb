"""Weekly series (issue 17): occurrences at the same local time across DST in Berlin and Sydney,
overrides and taken slots skipped, the first one required, holds until 48 h before, cancelling
from an occurrence on, and a race of two clients' series that leaves no overlap."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta

from httpx import Response
from sqlalchemy import func, select, text
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.appointments import expire_holds
from shared.domain.series import SeriesRequest, book_series
from shared.errors import Conflict
from shared.models import Appointment
from tests.factories import book, fresh_token, make_users, open_practice


def _series(client: TestClient, headers: dict[str, str], service_id: str, start: str,
            **extra: object) -> Response:  # fmt: skip
    body = {"service_id": service_id, "start": start, "every_weeks": 1, "count": 4, **extra}
    response: Response = client.post("/appointments/series", json=body, headers=headers)
    return response


def test_a_weekly_series_keeps_its_local_time_across_dst_in_berlin_and_sydney(
    client: TestClient, now: FrozenClock
) -> None:
    [(_, berlin), (_, sydney)] = make_users(2, "therapist")
    berlin_service = open_practice(client, berlin, horizon_days=90)
    sydney_service = open_practice(client, sydney, timezone="Australia/Sydney", horizon_days=90)
    [(_, alice), (_, bob)] = make_users(2, "client")
    # Mondays 09:00 in Berlin: summer time starts on Sunday 29 March 2026.
    answer = _series(client, alice, berlin_service, "2026-03-16T08:00:00Z")
    assert answer.status_code == 201, answer.text
    starts = [a["start"] for a in answer.json()["appointments"]]
    assert starts == ["2026-03-16T08:00:00Z", "2026-03-23T08:00:00Z",
                      "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z"]  # fmt: skip
    assert answer.json()["skipped"] == []
    assert {a["series_id"] for a in answer.json()["appointments"]} == {answer.json()["series_id"]}
    # Mondays 09:00 in Sydney: daylight saving ends on Sunday 5 April 2026.
    answer = _series(client, bob, sydney_service, "2026-03-29T22:00:00Z", count=2)
    assert answer.status_code == 201, answer.text
    assert [a["start"] for a in answer.json()["appointments"]] == [
        "2026-03-29T22:00:00Z", "2026-04-05T23:00:00Z"]  # fmt: skip


def test_occurrences_that_are_not_free_are_skipped_but_the_first_must_be(
    client: TestClient, now: FrozenClock
) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist, horizon_days=90)
    client.put("/therapists/me/availability/overrides/2026-03-23", json={"intervals": []},
               headers=therapist)  # fmt: skip
    [(_, alice), (_, bob)] = make_users(2, "client")
    assert book(client, bob, service_id, "2026-03-30T07:00:00Z").status_code == 201
    answer = _series(client, alice, service_id, "2026-03-16T08:00:00Z")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert [a["start"] for a in body["appointments"]] == [
        "2026-03-16T08:00:00Z", "2026-04-06T07:00:00Z"]  # fmt: skip
    assert body["skipped"] == [
        {"start": "2026-03-23T08:00:00Z", "code": "slot_unavailable"},  # the day off
        {"start": "2026-03-30T07:00:00Z", "code": "slot_unavailable"},  # Bob's
    ]
    first_taken = _series(client, bob, service_id, "2026-03-16T08:00:00Z")
    assert (first_taken.status_code, first_taken.json()["code"]) == (409, "slot_unavailable")
    with get_session() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(Appointment)
                .where(Appointment.series_id.is_not(None))
            )
            == 2
        )


def test_an_unpaid_occurrence_ends_48_hours_before_and_cancelling_ends_the_rest(
    client: TestClient, now: FrozenClock
) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist, horizon_days=90)
    [(alice_id, alice)] = make_users(1, "client")
    body = _series(client, alice, service_id, "2026-03-09T08:00:00Z", count=3).json()
    first, second, third = body["appointments"]
    assert first["status"] == "pending"
    assert datetime.fromisoformat(first["hold_expires_at"]) == datetime.fromisoformat(
        first["start"]) - timedelta(hours=48)  # fmt: skip
    assert expire_holds(clock.now()) == {"expired": 0}  # not due yet
    now.set(datetime.fromisoformat(first["start"]) - timedelta(hours=47))
    assert expire_holds(clock.now()) == {"expired": 1}  # unpaid at 48 h: released
    alice = fresh_token(alice_id, "client")
    cancelled = client.post(f"/appointments/series/{body['series_id']}/cancel",
                            json={"from": third["start"]}, headers=alice)  # fmt: skip
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["cancelled"] == [third["id"]]
    rest = client.post(f"/appointments/series/{body['series_id']}/cancel", headers=alice)
    assert rest.json()["cancelled"] == [second["id"]]  # the next one on, by default
    listed = client.get("/appointments", params={"series_id": body["series_id"]}, headers=alice)
    assert [a["status"] for a in listed.json()["items"]] == ["cancelled"] * 3


def test_two_clients_racing_series_over_the_same_weeks_leave_no_overlap(
    client: TestClient, now: FrozenClock
) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    service_id = open_practice(client, therapist, horizon_days=120)
    clients = make_users(2, "client")
    barrier = threading.Barrier(24)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        client_id = clients[i % 2][0]
        # Mondays from 16 March at 09:00, 09:30 or 10:00 Berlin: every pair overlaps.
        start = datetime.fromisoformat("2026-03-16T08:00:00+00:00") + timedelta(
            minutes=30 * (i % 3)
        )
        request = SeriesRequest(client_id, uuid.UUID(service_id), start, 1, 6)
        barrier.wait()
        try:
            book_series(request)
            outcome = "booked"
        except Conflict as refused:
            outcome = refused.code
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("booked") >= 1 and len(outcomes) == 24
    with get_session() as session:
        overlapping = session.scalar(text(
            "SELECT count(*) FROM appointment_therapists a JOIN appointment_therapists b "
            "ON a.therapist_id = b.therapist_id AND a.id < b.id AND a.during && b.during "
            "WHERE a.active AND b.active"))  # fmt: skip
        assert overlapping == 0
