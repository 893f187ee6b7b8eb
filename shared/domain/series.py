"""Weekly series (API.md `POST /appointments/series`): a client books every week, fortnight or
four weeks at the same local time, 2 to 12 times, in one transaction for every therapist.

Each occurrence is checked like a single booking (hours, overrides on the local date, DST,
buffers, horizon) under its own savepoint: the free ones are booked, the others reported in
`skipped` with their code; the first must be free, or nothing is booked. Occurrences keep the
wall-clock time in the primary therapist's zone across DST changes. An occurrence is pending
without the 15-minute hold: it must be paid (or a credit is spent at once) by SERIES_PAYMENT_DUE
before its start, or the holds job ends it, as it ends any expired hold.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import selectinload

from shared import clock
from shared.db import get_session
from shared.domain.appointments import (
    AppointmentView,
    NewBooking,
    _booking_facts,
    _check_free,
    _is_race,
    _new_appointment,
    _slot_unavailable,
    _tell_therapists_of_booking,
    takes_part,
)
from shared.domain.lifecycle import PAYMENT_HOLD, EndCause, end_appointment
from shared.errors import Conflict, NotFound
from shared.models import Appointment, Profile
from shared.observability import record_business_event

SERIES_PAYMENT_DUE = timedelta(hours=48)
EVERY_WEEKS = (1, 2, 4)


@dataclass(frozen=True)
class SeriesRequest:
    client_id: uuid.UUID
    service_id: uuid.UUID
    start: datetime
    every_weeks: int
    count: int
    co_therapist_ids: tuple[uuid.UUID, ...] = ()
    pre_session_message: str | None = None


@dataclass(frozen=True)
class Skipped:
    start: datetime
    code: str


@dataclass(frozen=True)
class SeriesView:
    series_id: uuid.UUID
    appointments: list[AppointmentView]
    skipped: list[Skipped]


def occurrences(start: datetime, zone: str, every_weeks: int, count: int) -> list[datetime]:
    """The series' starts in UTC: the same wall-clock time in `zone` every `every_weeks` weeks
    (09:00 in Berlin stays 09:00 across the change to summer time)."""
    tz = ZoneInfo(zone)
    local = start.astimezone(tz).replace(tzinfo=None)
    return [
        (local + timedelta(weeks=every_weeks * i)).replace(tzinfo=tz).astimezone(UTC)
        for i in range(count)
    ]


def book_series(request: SeriesRequest) -> SeriesView:
    """Book every free occurrence of a series in one transaction (see the module's doc)."""
    now = clock.now()
    co_ids = list(dict.fromkeys(request.co_therapist_ids))
    series_id = uuid.uuid4()
    booked = []
    skipped: list[Skipped] = []
    try:
        with get_session() as session:
            _, service, therapist_ids = _booking_facts(
                session, request.client_id, request.service_id, co_ids, now,
                first=request.start, last=request.start,
            )  # fmt: skip
            zone = (
                session.scalar(
                    select(Profile.timezone).where(Profile.user_id == service.therapist_id)
                )
                or "UTC"
            )
            duration = timedelta(minutes=service.duration_minutes)
            for i, start in enumerate(
                occurrences(request.start, zone, request.every_weeks, request.count)
            ):
                try:
                    with session.begin_nested():
                        buffers = _check_free(session, therapist_ids, service, start, now,
                                              duration=duration)  # fmt: skip
                        due = start - SERIES_PAYMENT_DUE
                        booked.append(_new_appointment(session, NewBooking(
                            service, request.client_id, therapist_ids, start, buffers,
                            max(due, now + PAYMENT_HOLD), request.pre_session_message,
                            series_id), now))  # fmt: skip
                except Conflict as refused:
                    if i == 0:
                        raise
                    skipped.append(Skipped(start, refused.code))
                except DBAPIError as error:  # another booking took it meanwhile
                    if not _is_race(error):
                        raise
                    if i == 0:
                        raise _slot_unavailable() from None
                    skipped.append(Skipped(start, "slot_unavailable"))
            _tell_therapists_of_booking(session, booked[0])  # once, for the whole series
            views = [AppointmentView.of(a, request.client_id) for a in booked]
    except DBAPIError as error:
        if _is_race(error):
            raise _slot_unavailable() from None
        raise
    record_business_event("SeriesBooked")
    return SeriesView(series_id, views, skipped)


def cancel_series(
    user_id: uuid.UUID, series_id: uuid.UUID, start_from: datetime | None, reason: str | None
) -> list[uuid.UUID]:
    """End the occurrence starting at `start_from` (default: the next one) and every later one,
    each through the lifecycle, so the money table applies per occurrence."""
    now = clock.now()
    with get_session() as session:
        rows = list(
            session.scalars(
                select(Appointment)
                .where(Appointment.series_id == series_id, takes_part(user_id))
                .options(selectinload(Appointment.therapists))
                .order_by(Appointment.starts_at)
                .with_for_update()
            )
        )
        if not rows:
            raise NotFound("No such series.")
        begin = start_from.astimezone(UTC) if start_from else now
        ending = [a for a in rows if a.starts_at >= begin and a.status in ("pending", "confirmed")]
        if start_from is not None and not any(a.starts_at == begin for a in rows):
            raise NotFound("No occurrence of this series starts then.")
        cancelled = []
        for appointment in ending:
            cause = (
                EndCause.CLIENT_CANCELLED
                if appointment.client_id == user_id
                else EndCause.THERAPIST_CANCELLED
            )
            end_appointment(session, appointment, cause, actor_id=user_id, now=now,
                            reason=reason)  # fmt: skip
            cancelled.append(appointment.id)
        return cancelled
