"""Notifications, reminders and message threads, through HTTP and the scheduled handler."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain import reminders
from shared.domain.reminders import send_reminders
from shared.email import use_sender
from shared.models import Notification, ReminderDelivery
from tests.factories import Practice, book, confirm, fresh_token, make_users
from tests.fakes import FakeMailer
from tests.helpers import outbox_messages


def _types(client: TestClient, headers: dict[str, str], **params: object) -> list[str]:
    response = client.get("/notifications", params=params, headers=headers)
    assert response.status_code == 200
    return [n["type"] for n in response.json()["items"]]


def test_booking_events_notify_and_email_the_other_side(
    client: TestClient,
    practice: Practice,
    outbox: Path,
) -> None:
    _, therapist, service_id = practice
    [(_, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-04T08:00:00Z").json()
    assert _types(client, therapist) == ["booking"]
    confirm(appointment["id"])
    assert _types(client, alice) == ["confirmation"]
    client.post(f"/appointments/{appointment['id']}/cancel", headers=alice)
    assert _types(client, therapist) == ["cancellation", "confirmation", "booking"]
    item = client.get("/notifications", headers=therapist).json()["items"][0]
    assert item["related_id"] == appointment["id"] and item["is_read"] is False
    assert {"id", "type", "title", "message", "related_id", "is_read", "created_at"} == set(item)
    subjects = [m["Subject"] for m in outbox_messages(outbox)]
    assert {"New booking", "Appointment confirmed", "Appointment cancelled"} <= set(subjects)


def test_read_one_and_read_all(client: TestClient, practice) -> None:  # type: ignore[no-untyped-def]
    _, therapist, service_id = practice
    [(_, alice), (_, bob)] = make_users(2, "client")
    book(client, alice, service_id, "2026-03-04T08:00:00Z")
    book(client, bob, service_id, "2026-03-04T10:00:00Z")
    items = client.get("/notifications", headers=therapist).json()["items"]
    assert (
        client.post(f"/notifications/{items[0]['id']}/read", headers=therapist).status_code == 204
    )
    assert len(_types(client, therapist, unread="true")) == 1
    assert client.post(f"/notifications/{items[1]['id']}/read", headers=alice).status_code == 404
    assert client.post("/notifications/read-all", headers=therapist).status_code == 204
    assert _types(client, therapist, unread="true") == []


def test_reminders_24h_and_1h_exactly_once_and_again_after_a_reschedule(
    client: TestClient,
    practice: Practice,
    now: FrozenClock,
    outbox: Path,
) -> None:
    from tests.helpers import invoke

    therapist_id, _, service_id = practice
    [(alice_id, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-04T08:00:00Z").json()
    confirm(appointment["id"])
    now.set(clock.now().replace(day=3, hour=9))  # 23 h before
    assert invoke("reminders", "schedule.json")["reminders"] == 1
    assert invoke("reminders", "schedule.json")["reminders"] == 0
    now.advance(timedelta(hours=22, minutes=30))  # 30 minutes before
    assert send_reminders(clock.now())["reminders"] == 1
    assert send_reminders(clock.now())["reminders"] == 0
    with get_session() as session:
        per_user = dict(
            session.execute(
                select(Notification.user_id, func.count())
                .where(Notification.type == "reminder")
                .group_by(Notification.user_id)
            ).all()
        )
    assert per_user == {alice_id: 2, uuid.UUID(therapist_id): 2}
    reminder_mails = [m for m in outbox_messages(outbox) if "coming up" in m["Subject"]]
    assert len(reminder_mails) == 4  # two reminders, to the client and the therapist


def test_a_rescheduled_appointment_gets_new_reminders(
    client: TestClient,
    practice: Practice,
    now: FrozenClock,
) -> None:
    therapist_id, _, service_id = practice
    [(_, alice)] = make_users(1, "client")
    appointment = book(client, alice, service_id, "2026-03-03T10:00:00Z").json()
    confirm(appointment["id"])
    now.advance(timedelta(hours=5))  # 22 h before the start
    assert send_reminders(clock.now())["reminders"] == 1
    therapist = fresh_token(therapist_id, "therapist")
    moved = client.post(
        f"/appointments/{appointment['id']}/reschedule",
        json={"start": "2026-03-03T12:00:00Z"},
        headers=therapist,
    )
    assert moved.status_code == 200
    assert send_reminders(clock.now())["reminders"] == 1  # the new time's 24 h reminder
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(ReminderDelivery)) == 2


def test_two_concurrent_reminder_runs_notify_once(
    client: TestClient,
    practice: Practice,
    now: FrozenClock,
) -> None:
    _, _, service_id = practice
    clients = make_users(6, "client")
    for i, (_, headers) in enumerate(clients):
        appointment = book(client, headers, service_id, f"2026-03-03T{8 + i:02d}:00:00Z").json()
        confirm(appointment["id"])
    now.advance(timedelta(hours=7))  # every start is now 18-23 h away
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run() -> None:
        barrier.wait()
        results.append(send_reminders(clock.now())["reminders"])

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 6
    with get_session() as session:
        count = session.scalar(
            select(func.count()).select_from(Notification).where(Notification.type == "reminder")
        )
    assert count == 12  # six appointments, client and therapist each, once


def test_one_run_takes_every_due_appointment_batch_by_batch(
    client: TestClient,
    practice: Practice,
    now: FrozenClock,
    outbox: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reminders, "BATCH", 2)
    _, _, service_id = practice
    for i, (_, headers) in enumerate(make_users(5, "client")):
        confirm(book(client, headers, service_id, f"2026-03-03T{8 + i:02d}:00:00Z").json()["id"])
    now.advance(timedelta(hours=7))
    # Five reminders, each emailed to the client and the therapist.
    assert send_reminders(clock.now()) == {"reminders": 5, "emailed": 10, "email_failed": 0}
    with get_session() as session:
        messages = session.scalars(
            select(Notification.message).where(Notification.type == "reminder")
        ).all()
    assert len(messages) == 10
    assert "Your session starts 2026-03-03 08:00 UTC." in messages
    assert len([m for m in outbox_messages(outbox) if "coming up" in m["Subject"]]) == 10


def test_a_failed_reminder_email_is_sent_by_the_next_run(
    client: TestClient,
    practice: Practice,
    now: FrozenClock,
) -> None:
    _, _, service_id = practice
    [(_, alice)] = make_users(1, "client")
    confirm(book(client, alice, service_id, "2026-03-03T10:00:00Z").json()["id"])
    now.advance(timedelta(hours=5))
    with use_sender(FakeMailer(failing=True)):  # SES refuses
        assert send_reminders(clock.now()) == {"reminders": 1, "emailed": 0, "email_failed": 2}
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(ReminderDelivery)) == 1
    with use_sender(FakeMailer()) as mailer:
        assert isinstance(mailer, FakeMailer)
        # The emails wait for their backoff; the reminder itself is never made twice.
        assert send_reminders(clock.now()) == {"reminders": 0, "emailed": 0, "email_failed": 0}
        now.advance(timedelta(minutes=1))
        assert send_reminders(clock.now()) == {"reminders": 0, "emailed": 2, "email_failed": 0}
        assert send_reminders(clock.now())["emailed"] == 0
    assert len([m for m in mailer.sent if "coming up" in m["Subject"]]) == 2
    assert not mailer.duplicates()


def test_threads_between_related_people(client: TestClient, practice, now: FrozenClock) -> None:  # type: ignore[no-untyped-def]
    therapist_id, therapist, service_id = practice
    [(alice_id, alice), (_, stranger)] = make_users(2, "client")
    book(client, alice, service_id, "2026-03-04T08:00:00Z")
    refused = client.post("/threads", json={"participant_ids": [therapist_id]}, headers=stranger)
    assert (refused.status_code, refused.json()["code"]) == (403, "no_relationship")
    created = client.post("/threads", json={"participant_ids": [therapist_id]}, headers=alice)
    assert created.status_code == 201
    thread = created.json()
    assert thread["participant_ids"] == sorted([therapist_id, str(alice_id)])
    same = client.post("/threads", json={"participant_ids": [str(alice_id)]}, headers=therapist)
    assert (same.status_code, same.json()["id"]) == (200, thread["id"])

    for text in ("Hello", "Looking forward", "See you"):
        now.advance(timedelta(minutes=1))
        posted = client.post(
            f"/threads/{thread['id']}/messages", json={"content": text}, headers=alice
        )
        assert posted.status_code == 201
    listed = client.get("/threads", headers=therapist).json()["items"]
    assert listed[0]["unread_count"] == 3 and listed[0]["last_message"]["content"] == "See you"
    assert client.get("/threads", headers=alice).json()["items"][0]["unread_count"] == 0
    page = client.get(
        f"/threads/{thread['id']}/messages", params={"limit": 2}, headers=therapist
    ).json()
    assert [m["content"] for m in page["items"]] == ["See you", "Looking forward"]
    rest = client.get(
        f"/threads/{thread['id']}/messages",
        params={"cursor": page["next_cursor"]},
        headers=therapist,
    ).json()
    assert [m["content"] for m in rest["items"]] == ["Hello"]
    assert client.post(f"/threads/{thread['id']}/read", headers=therapist).status_code == 204
    assert client.get("/threads", headers=therapist).json()["items"][0]["unread_count"] == 0
    assert "message" in _types(client, therapist)
    # Outsiders learn nothing; content is capped.
    assert client.get(f"/threads/{thread['id']}/messages", headers=stranger).status_code == 404
    assert (
        client.post(
            f"/threads/{thread['id']}/messages", json={"content": "x"}, headers=stranger
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/threads/{thread['id']}/messages", json={"content": "x" * 5001}, headers=alice
        ).status_code
        == 422
    )
    assert client.post("/threads", json={"participant_ids": []}, headers=alice).status_code == 422
