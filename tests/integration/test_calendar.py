"""Calendars: an appointment's .ics, the invitations its emails carry, and each user's secret
feed — parsed with `icalendar` and, independently, with `vobject`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import icalendar
import pytest
import vobject
from sqlalchemy import select, update
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.appointments import expire_holds
from shared.domain.lifecycle import PaidBy, mark_paid
from shared.models import Appointment, User
from shared.outbox import run_outbox
from tests.factories import book, make_users, open_practice, person

START = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


@dataclass
class Session:
    appointment_id: str
    therapist_id: uuid.UUID
    therapist: dict[str, str]
    therapist_email: str
    client_id: uuid.UUID
    client: dict[str, str]
    client_email: str
    meeting_url: str


def _email(user_id: uuid.UUID) -> str:
    with get_session() as session:
        found = session.scalar(select(User.email).where(User.id == user_id))
        assert found is not None
        return found


def _confirm(appointment_id: str) -> str:
    with get_session() as session:
        appointment = session.get(Appointment, uuid.UUID(appointment_id))
        assert appointment is not None
        mark_paid(session, appointment, PaidBy.PAID, clock.now())
        meeting_url = appointment.meeting_url
    run_outbox(clock.now())
    assert meeting_url
    return meeting_url


@pytest.fixture
def confirmed(client: TestClient, now: FrozenClock, outbox: Path) -> Iterator[Session]:
    therapist_id, therapist = person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    client_id, client_headers = person("client", "Ana López", "es", "America/Mexico_City")
    service_id = open_practice(client, therapist)
    booked = book(client, client_headers, service_id, START.isoformat(),
                  pre_session_message="Private: my worries before we meet")  # fmt: skip
    assert booked.status_code == 201, booked.text
    appointment_id = booked.json()["id"]
    notes = client.put(f"/appointments/{appointment_id}/notes",
                       json={"notes": "Private: therapist notes"}, headers=therapist)  # fmt: skip
    assert notes.status_code == 200
    yield Session(appointment_id, therapist_id, therapist, _email(therapist_id), client_id,
                  client_headers, _email(client_id), _confirm(appointment_id))  # fmt: skip


def _both(data: bytes) -> tuple[icalendar.Calendar, Any]:
    """The calendar as icalendar and as vobject read it (both must accept it)."""
    text_form = data.decode("utf-8")
    assert "\r\n" in text_form  # RFC 5545 line ends
    return icalendar.Calendar.from_ical(data), vobject.readOne(text_form)


def _single_event(data: bytes) -> tuple[Any, Any]:
    parsed, read = _both(data)
    events = parsed.walk("VEVENT")
    assert len(events) == 1 and len(read.vevent_list) == 1
    return events[0], read.vevent_list[0]


def _ics(client: TestClient, appointment_id: str, headers: dict[str, str]) -> bytes:
    answer = client.get(f"/appointments/{appointment_id}/calendar.ics", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.headers["cache-control"] == "no-store"
    content: bytes = answer.content
    return content


def _invitations(outbox: Path, to: str) -> list[tuple[str, bytes]]:
    """(method, .ics bytes) of every invitation sent to `to`, oldest first."""
    found = []
    for path in sorted(outbox.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        if message["To"] != to:
            continue
        for part in message.iter_attachments():
            assert isinstance(part, EmailMessage)
            if part.get_content_type() == "text/calendar":
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                found.append((str(part.get_param("method")), payload))
    return found


def _check(event: Any, read: Any, session: Session, *, sequence: int, status: str,
           start: datetime = START) -> None:  # fmt: skip
    uid = f"{session.appointment_id}@attune"
    assert str(event["UID"]) == uid and read.uid.value == uid
    assert int(event["SEQUENCE"]) == sequence and int(read.sequence.value) == sequence
    assert str(event["STATUS"]) == status and read.status.value == status
    assert event.decoded("DTSTART") == start and read.dtstart.value == start
    assert event.decoded("DTEND") == start + timedelta(minutes=50)
    assert read.dtend.value == start + timedelta(minutes=50)
    assert str(event["ORGANIZER"]) == f"mailto:{session.therapist_email}"
    assert event["ORGANIZER"].params["CN"] == "Lena Hartmann"
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == [f"mailto:{session.client_email}"]
    assert [a.value for a in read.attendee_list] == [f"mailto:{session.client_email}"]


def test_an_appointment_as_ics_for_its_participants_only(
    client: TestClient, confirmed: Session
) -> None:
    data = _ics(client, confirmed.appointment_id, confirmed.client)
    event, read = _single_event(data)
    _check(event, read, confirmed, sequence=0, status="CONFIRMED")
    assert str(event["LOCATION"]) == confirmed.meeting_url == str(event["URL"])
    assert read.location.value == confirmed.meeting_url
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=15)
    assert b"Private" not in data  # no notes, no pre-session message
    assert b"METHOD" not in data  # a plain event, not an invitation
    therapist_view = _ics(client, confirmed.appointment_id, confirmed.therapist)
    assert _single_event(therapist_view)[0]["UID"] == event["UID"]

    [(_, stranger)] = make_users(1, "client")
    [(_, other_therapist)] = make_users(1, "therapist")
    for headers in (stranger, other_therapist):
        answer = client.get(f"/appointments/{confirmed.appointment_id}/calendar.ics",
                            headers=headers)  # fmt: skip
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    missing = client.get(f"/appointments/{uuid.uuid4()}/calendar.ics", headers=confirmed.client)
    assert missing.status_code == 404
    assert client.get(f"/appointments/{confirmed.appointment_id}/calendar.ics").status_code == 401


def test_invitations_follow_the_appointment_through_a_reschedule_and_its_cancellation(
    client: TestClient, confirmed: Session, outbox: Path, now: FrozenClock
) -> None:
    [(method, invitation)] = _invitations(outbox, confirmed.client_email)
    assert method == "REQUEST"
    parsed, read = _both(invitation)
    assert str(parsed["METHOD"]) == "REQUEST" and read.method.value == "REQUEST"
    _check(*_single_event(invitation), confirmed, sequence=0, status="CONFIRMED")
    assert _invitations(outbox, confirmed.therapist_email)[0][0] == "REQUEST"

    later = START + timedelta(hours=2)
    moved = client.post(f"/appointments/{confirmed.appointment_id}/reschedule",
                        json={"start": later.isoformat()}, headers=confirmed.therapist)  # fmt: skip
    assert moved.status_code == 200, moved.text
    [_, (method, rescheduled)] = _invitations(outbox, confirmed.client_email)
    assert method == "REQUEST"
    _check(*_single_event(rescheduled), confirmed, sequence=1, status="CONFIRMED", start=later)
    _check(*_single_event(_ics(client, confirmed.appointment_id, confirmed.client)), confirmed,
           sequence=1, status="CONFIRMED", start=later)  # fmt: skip
    assert len(_invitations(outbox, confirmed.therapist_email)) == 1  # she moved it herself

    cancelled = client.post(f"/appointments/{confirmed.appointment_id}/cancel",
                            headers=confirmed.client)  # fmt: skip
    assert cancelled.status_code == 200, cancelled.text
    [_, (method, cancellation)] = _invitations(outbox, confirmed.therapist_email)
    assert method == "CANCEL"
    parsed, read = _both(cancellation)
    assert str(parsed["METHOD"]) == "CANCEL" and read.method.value == "CANCEL"
    _check(*_single_event(cancellation), confirmed, sequence=2, status="CANCELLED", start=later)
    _check(*_single_event(_ics(client, confirmed.appointment_id, confirmed.client)), confirmed,
           sequence=2, status="CANCELLED", start=later)  # fmt: skip


def _feed_path(url: str) -> str:
    parsed = urlparse(url)
    assert parsed.path.startswith("/calendar/") and parsed.path.endswith(".ics")
    return parsed.path


def test_a_secret_feed_of_the_users_appointments_that_can_be_replaced_and_revoked(
    client: TestClient, confirmed: Session, now: FrozenClock
) -> None:
    # Besides the confirmed session: one long past, one whose hold lapsed (never more than
    # tentative), and one confirmed then cancelled.
    service_id = client.get("/services", params={"therapist_id": str(confirmed.therapist_id)})
    service = service_id.json()["items"][0]["id"]
    old = book(client, confirmed.client, service, (START + timedelta(days=1)).isoformat()).json()
    _confirm(old["id"])
    with get_session() as session:  # 40 days ago: before the feed's 30 days
        session.execute(
            update(Appointment)
            .where(Appointment.id == uuid.UUID(old["id"]))
            .values(starts_at=START - timedelta(days=40),
                    ends_at=START - timedelta(days=40) + timedelta(minutes=50))
        )  # fmt: skip
    lapsed = book(client, confirmed.client, service, (START + timedelta(days=2)).isoformat())
    gone = book(client, confirmed.client, service, (START + timedelta(days=3)).isoformat()).json()
    _confirm(gone["id"])
    client.post(f"/appointments/{gone['id']}/cancel", headers=confirmed.therapist)
    assert lapsed.status_code == 201
    assert expire_holds(clock.now() + timedelta(minutes=20))["expired"] == 1

    created = client.post("/me/calendar-feed", headers=confirmed.client)
    assert created.status_code == 201 and set(created.json()) == {"url"}
    assert created.headers["cache-control"] == "no-store"
    first = _feed_path(created.json()["url"])
    answer = client.get(first)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.headers["cache-control"] == "no-store"
    parsed, read = _both(answer.content)
    assert str(parsed["X-WR-CALNAME"]) == "Attune" and "METHOD" not in parsed
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in parsed.walk("VEVENT")}
    assert statuses == {f"{confirmed.appointment_id}@attune": "CONFIRMED",
                        f"{gone['id']}@attune": "CANCELLED"}  # fmt: skip
    assert {e.uid.value for e in read.vevent_list} == set(statuses)
    assert b"Private" not in answer.content
    [event] = [e for e in parsed.walk("VEVENT") if str(e["STATUS"]) == "CONFIRMED"]
    assert event.decoded("DTSTART") == START and int(str(event["SEQUENCE"])) == 0
    # The therapist's own feed has the same events under the same UIDs.
    theirs = _feed_path(client.post("/me/calendar-feed", headers=confirmed.therapist).json()["url"])
    therapist_uids = {str(e["UID"]) for e in _both(client.get(theirs).content)[0].walk("VEVENT")}
    assert set(statuses) <= therapist_uids

    replaced = client.post("/me/calendar-feed", headers=confirmed.client)
    second = _feed_path(replaced.json()["url"])
    assert second != first
    assert client.get(first).status_code == 404  # the old URL stops working
    assert client.get(second).status_code == 200
    assert client.delete("/me/calendar-feed", headers=confirmed.client).status_code == 204
    assert client.get(second).status_code == 404
    assert client.delete("/me/calendar-feed", headers=confirmed.client).status_code == 204
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.post("/me/calendar-feed").status_code == 401

    with get_session() as session:  # a deleted account's feed is gone with it
        session.execute(update(User).where(User.id == confirmed.therapist_id)
                        .values(deleted_at=clock.now()))  # fmt: skip
    assert client.get(theirs).status_code == 404
