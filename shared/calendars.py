"""Appointments as iCalendar (RFC 5545), built with the `icalendar` library.

One VEVENT per appointment, whatever carries it — an email's invitation (METHOD:REQUEST or
CANCEL, RFC 5546), `GET /appointments/{id}/calendar.ics`, or a user's feed — so a calendar that
got it one way recognises it the other: UID `<appointment id>@attune`, SEQUENCE the
appointment's `sequence` (it rises with each reschedule and with the cancellation), STATUS
TENTATIVE while pending, CONFIRMED, CANCELLED once cancelled. Times are UTC (no VTIMEZONE
needed); ORGANIZER is the service's therapist, ATTENDEEs the client and the co-therapists, the
meeting link is LOCATION and URL once confirmed, and a VALARM rings 15 minutes before. Notes
and the pre-session message are never in it. The summary and description carry no words of any
language (the service's own title, links), so one event serves every recipient.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icalendar import Event, vCalAddress

PRODID = "-//Attune//Attune appointments//EN"
UID_DOMAIN = "attune"
ALARM_BEFORE = timedelta(minutes=15)
_STATUS = {"pending": "TENTATIVE", "confirmed": "CONFIRMED", "completed": "CONFIRMED",
           "cancelled": "CANCELLED"}  # fmt: skip
_PARTSTAT = {"accepted": "ACCEPTED", "declined": "DECLINED", "pending": "NEEDS-ACTION"}


@dataclass(frozen=True)
class Party:
    """Someone on the event: the organizer or an attendee (live accounts only)."""

    name: str
    email: str
    consent: str = "accepted"  # a therapist's answer; the client is always accepted


@dataclass(frozen=True)
class CalendarEvent:
    """What an appointment's VEVENT says."""

    appointment_id: uuid.UUID
    sequence: int
    status: str  # the appointment's status
    starts_at: datetime
    ends_at: datetime
    created_at: datetime | None
    title: str
    meeting_url: str | None
    link: str  # the appointment in the web app
    organizer: Party | None
    attendees: Sequence[Party]


def uid_of(appointment_id: uuid.UUID | str) -> str:
    return f"{appointment_id}@{UID_DOMAIN}"


def _address(party: Party, *, attendee: bool) -> vCalAddress:
    from icalendar import vCalAddress, vText

    address = vCalAddress(f"mailto:{party.email}")
    if party.name:
        address.params["cn"] = vText(party.name)
    if attendee:
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText(_PARTSTAT.get(party.consent, "NEEDS-ACTION"))
        address.params["rsvp"] = vText("FALSE")
    return address


def vevent(event: CalendarEvent, now: datetime, *, fallback_organizer: str) -> Event:
    """The VEVENT of one appointment."""
    from icalendar import Alarm, Event

    component = Event()
    component.add("uid", uid_of(event.appointment_id))
    component.add("dtstamp", now)
    if event.created_at is not None:
        component.add("created", event.created_at)
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("sequence", event.sequence)
    component.add("status", _STATUS.get(event.status, "CONFIRMED"))
    component.add("summary", f"Attune: {event.title}")
    component.add("transp", "OPAQUE")
    joinable = event.status == "confirmed" and event.meeting_url
    if joinable:
        component.add("location", event.meeting_url)
        component.add("url", event.meeting_url)
        component.add("description", f"{event.meeting_url}\n\n{event.link}")
    else:
        component.add("url", event.link)
        component.add("description", event.link)
    organizer = event.organizer or Party("Attune", fallback_organizer)
    component.add("organizer", _address(organizer, attendee=False))
    for party in event.attendees:
        component.add("attendee", _address(party, attendee=True))
    if event.status in ("pending", "confirmed"):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Attune: {event.title}")
        alarm.add("trigger", -ALARM_BEFORE)
        component.add_component(alarm)
    return component


def calendar_bytes(
    events: Sequence[CalendarEvent],
    now: datetime,
    *,
    method: str | None = None,
    feed_name: str | None = None,
) -> bytes:
    """One VCALENDAR: an invitation (`method` REQUEST or CANCEL), a single event (no method),
    or a subscribed feed (`feed_name`, refreshed hourly)."""
    from icalendar import Calendar

    from shared.config import get_settings

    sender = get_settings().email_sender
    fallback = sender[sender.find("<") + 1 : sender.rfind(">")] if "<" in sender else sender
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if feed_name:
        calendar.add("name", feed_name)
        calendar.add("x-wr-calname", feed_name)
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(vevent(event, now, fallback_organizer=fallback))
    data: bytes = calendar.to_ical()
    return data
