"""Calendars: one appointment as `.ics`, and each user's secret feed of their appointments.

The events are the ones the emails carry (shared.calendars): same UID, SEQUENCE and STATUS.
A feed URL holds a random token stored only as its SHA-256 (`calendar_feeds`, one row per
user): asking for a new URL replaces the row, so the old URL stops working, and deleting it
stops the feed. A feed is the user's appointments from 30 days back onwards, except
cancellations of bookings that were never confirmed (lapsed holds, declines): those were never
more than tentative, and a subscribed calendar drops what a feed stops listing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select, text
from sqlalchemy.dialects.postgresql import UUID, insert

from shared import clock
from shared.calendars import CalendarEvent, Party, calendar_bytes
from shared.db import get_session
from shared.errors import NotFound
from shared.security.tokens import new_opaque_token, token_hash

FEED_SINCE = timedelta(days=30)
FEED_MAX_EVENTS = 2_000  # a busy therapist's years ahead; a feed is fetched hourly
FEED_NAME = "Attune"

# Appointments with what their events say, for one participant: one appointment
# (:appointment_id), or a feed (:since). Everyone taking part, live accounts only, in order.
_EVENTS = text(
    """
    SELECT a.id, a.sequence, a.status, a.starts_at, a.ends_at, a.created_at, a.meeting_url,
           s.title,
           (SELECT json_agg(json_build_object(
                        'id', t.therapist_id, 'consent', t.consent, 'email', u.email,
                        'name', COALESCE(p.full_name, ''), 'live', u.deleted_at IS NULL)
                    ORDER BY t.position)
            FROM appointment_therapists t JOIN users u ON u.id = t.therapist_id
            LEFT JOIN profiles p ON p.user_id = t.therapist_id
            WHERE t.appointment_id = a.id) AS therapists,
           cu.email AS client_email, COALESCE(cp.full_name, '') AS client_name,
           cu.deleted_at IS NULL AS client_live
    FROM appointments a
    JOIN services s ON s.id = a.service_id
    JOIN users cu ON cu.id = a.client_id
    LEFT JOIN profiles cp ON cp.user_id = a.client_id
    WHERE (a.client_id = :user_id OR EXISTS (
              SELECT 1 FROM appointment_therapists m
              WHERE m.appointment_id = a.id AND m.therapist_id = :user_id))
      AND (CAST(:appointment_id AS uuid) IS NULL OR a.id = :appointment_id)
      -- A feed leaves out cancellations never sent as an invitation (not confirmed, not
      -- rescheduled: the cancellation alone raised the sequence to 1; lifecycle.invited).
      AND (CAST(:since AS timestamptz) IS NULL
           OR (a.starts_at >= :since
               AND NOT (a.status = 'cancelled' AND a.confirmed_at IS NULL AND a.sequence <= 1)))
    ORDER BY a.starts_at, a.id
    LIMIT :limit
    """
).bindparams(
    bindparam("user_id", type_=UUID(as_uuid=True)),
    bindparam("appointment_id", type_=UUID(as_uuid=True)),
)


def _event(row: Any) -> CalendarEvent:
    from shared.emails.rendering import app_url

    therapists = row.therapists or []
    parties = [
        Party(t["name"], t["email"], t["consent"]) if t["live"] else None for t in therapists
    ]
    client = Party(row.client_name, row.client_email) if row.client_live else None
    attendees = [p for p in (client, *parties[1:]) if p is not None]
    return CalendarEvent(
        appointment_id=row.id,
        sequence=row.sequence,
        status=row.status,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        created_at=row.created_at,
        title=row.title,
        meeting_url=row.meeting_url,
        link=app_url(f"/appointments/{row.id}"),
        organizer=parties[0] if parties else None,
        attendees=attendees,
    )


def _events(
    user_id: uuid.UUID, *, appointment_id: uuid.UUID | None = None, since: datetime | None = None
) -> Sequence[CalendarEvent]:
    with get_session() as session:
        rows = session.execute(
            _EVENTS,
            {"user_id": user_id, "appointment_id": appointment_id, "since": since,
             "limit": 1 if appointment_id else FEED_MAX_EVENTS},
        ).all()  # fmt: skip
    return [_event(r) for r in rows]


def appointment_calendar(user_id: uuid.UUID, appointment_id: uuid.UUID) -> bytes:
    """One appointment the user takes part in as iCalendar; 404 for anyone else."""
    events = _events(user_id, appointment_id=appointment_id)
    if not events:
        raise NotFound("No such appointment.")
    return calendar_bytes(events, clock.now())


def new_feed(user_id: uuid.UUID) -> str:
    """A new secret feed token for the user; the previous one stops working."""
    from shared.models import CalendarFeed

    token = new_opaque_token()
    with get_session() as session:
        session.execute(
            insert(CalendarFeed)
            .values(user_id=user_id, token_hash=token_hash(token), created_at=clock.now())
            .on_conflict_do_update(
                index_elements=[CalendarFeed.user_id],
                set_={"token_hash": token_hash(token), "created_at": clock.now()},
            )
        )
    return token


def revoke_feed(user_id: uuid.UUID) -> None:
    """The user's feed stops working (nothing to do when there is none)."""
    from shared.models import CalendarFeed

    with get_session() as session:
        session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id))


def feed_calendar(token: str) -> bytes:
    """The feed of whoever holds the token (a live account): their appointments from 30 days
    back onwards; 404 for an unknown, replaced or revoked token."""
    from shared.models import CalendarFeed, User

    with get_session() as session:
        user_id = session.scalar(
            select(CalendarFeed.user_id)
            .join(User, User.id == CalendarFeed.user_id)
            .where(CalendarFeed.token_hash == token_hash(token), User.deleted_at.is_(None))
        )
    if user_id is None:
        raise NotFound("No such calendar.")
    now = clock.now()
    return calendar_bytes(_events(user_id, since=now - FEED_SINCE), now, feed_name=FEED_NAME)
