"""Therapists' weekly hours, date overrides, and the free slots computed from them.

The slot arithmetic is `shared.domain.slots` (pure); this module loads what it needs from the
database: the schedule, the overrides, the time zone (the therapist's profile zone) and the busy
intervals of active appointments. Booking, the directory filter and `next_available_at` all go
through `free_slots` / `first_free_slot` here, so they can never disagree.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Text,
    any_,
    bindparam,
    cast,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import InstrumentedAttribute, Session

from shared import clock
from shared.db import compact_sql, get_session
from shared.domain.slots import (
    Availability,
    WeeklyHours,
    first_free_slot,
    parse_intervals,
    parse_weekly,
)
from shared.domain.slots import free_slots as compute_free_slots
from shared.domain.users import live_user
from shared.errors import NotFound, Unprocessable
from shared.models import (
    Appointment,
    AppointmentTherapist,
    AvailabilityOverride,
    Profile,
    TherapistSchedule,
)

DEFAULT_DURATION = timedelta(minutes=60)  # when a therapist has no active service yet
MAX_WINDOW = timedelta(days=62)


@dataclass(frozen=True)
class ScheduleSettings:
    timezone: str
    weekly: Mapping[str, Any]
    buffer_minutes: int = 0
    min_notice_minutes: int = 720
    horizon_days: int = 60


@dataclass(frozen=True)
class ScheduleView:
    timezone: str
    weekly: dict[str, list[dict[str, str]]]
    buffer_minutes: int
    min_notice_minutes: int
    horizon_days: int
    overrides: dict[str, list[dict[str, str]]]


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    start_local: datetime
    end_local: datetime


@dataclass(frozen=True)
class SlotList:
    timezone: str
    slots: list[Slot]


def parsed_weekly(raw: Mapping[str, Any]) -> WeeklyHours:
    """Weekly hours from their JSON form; a 422 naming the fault when they are not valid."""
    try:
        return parse_weekly(raw)
    except ValueError as exc:
        raise Unprocessable(f"weekly: {exc}", code="invalid_hours") from None


def _canonical(week: WeeklyHours) -> dict[str, list[dict[str, str]]]:
    return {
        day: [{"start": i.label().split("-")[0], "end": i.label().split("-")[1]} for i in ivs]
        for day, ivs in week.items()
    }


def _view(session: Session, therapist_id: uuid.UUID) -> ScheduleView:
    schedule = session.get(TherapistSchedule, therapist_id)
    profile = session.get(Profile, therapist_id)
    assert schedule is not None and profile is not None
    overrides = session.scalars(
        select(AvailabilityOverride)
        .where(AvailabilityOverride.therapist_id == therapist_id)
        .order_by(AvailabilityOverride.local_date)
    )
    return ScheduleView(
        timezone=profile.timezone,
        weekly=schedule.weekly,
        buffer_minutes=schedule.buffer_minutes,
        min_notice_minutes=schedule.min_notice_minutes,
        horizon_days=schedule.horizon_days,
        overrides={o.local_date.isoformat(): o.intervals for o in overrides},
    )


def set_schedule(therapist_id: uuid.UUID, settings: ScheduleSettings) -> ScheduleView:
    """Replace the therapist's weekly hours and booking rules; the zone becomes their profile's."""
    weekly = _canonical(parsed_weekly(settings.weekly))
    with get_session() as session:
        user = live_user(session, therapist_id, for_update=True)
        user.profile.timezone = settings.timezone
        schedule = session.get(TherapistSchedule, therapist_id) or TherapistSchedule(
            therapist_id=therapist_id
        )
        schedule.weekly = weekly
        schedule.buffer_minutes = settings.buffer_minutes
        schedule.min_notice_minutes = settings.min_notice_minutes
        schedule.horizon_days = settings.horizon_days
        session.add(schedule)
        session.flush()
        return _view(session, therapist_id)


def set_override(
    therapist_id: uuid.UUID, local_date: date, intervals: list[Mapping[str, str]]
) -> ScheduleView:
    """Other hours on one of the therapist's local dates; an empty list is a day off."""
    try:
        parsed = parse_intervals(intervals)
    except ValueError as exc:
        raise Unprocessable(f"intervals: {exc}", code="invalid_hours") from None
    canonical = _canonical({"day": parsed})["day"]
    with get_session() as session:
        live_user(session, therapist_id, for_update=True)  # one writer per therapist at a time
        if session.get(TherapistSchedule, therapist_id) is None:
            session.add(TherapistSchedule(therapist_id=therapist_id, weekly={}))
        override = session.scalar(
            select(AvailabilityOverride)
            .where(
                AvailabilityOverride.therapist_id == therapist_id,
                AvailabilityOverride.local_date == local_date,
            )
            .with_for_update()
        ) or AvailabilityOverride(therapist_id=therapist_id, local_date=local_date)
        override.intervals = canonical
        session.add(override)
        session.flush()
        return _view(session, therapist_id)


def delete_override(therapist_id: uuid.UUID, local_date: date) -> None:
    with get_session() as session:
        deleted = session.execute(
            delete(AvailabilityOverride).where(
                AvailabilityOverride.therapist_id == therapist_id,
                AvailabilityOverride.local_date == local_date,
            )
        )
        if deleted.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound("No override on that date.")


# --- loading what the slot arithmetic needs, for one therapist or many --------------------------


def _among(
    column: InstrumentedAttribute[uuid.UUID], ids: Collection[uuid.UUID]
) -> ColumnElement[bool]:
    """`column = ANY(:ids)`: one array parameter, where IN would bind (and the driver rewrite)
    one placeholder per id — the directory asks about a thousand therapists at once."""
    return column == any_(bindparam(None, list(ids), type_=ARRAY(UUID(as_uuid=True))))


# One row per therapist: the schedule and overrides as JSON text (the driver decodes nothing),
# so the parsed Availability can be looked up by that very text.
_AVAILABILITY = text(
    compact_sql("""
    SELECT s.therapist_id, p.timezone, s.weekly::text, s.buffer_minutes, s.min_notice_minutes,
           s.horizon_days,
           (SELECT json_agg(json_build_array(o.local_date, o.intervals) ORDER BY o.local_date)
            FROM availability_overrides o WHERE o.therapist_id = s.therapist_id)::text
    FROM therapist_schedules s JOIN profiles p ON p.user_id = s.therapist_id
    WHERE s.therapist_id = ANY(:ids)
    """)
).bindparams(bindparam("ids", type_=ARRAY(UUID(as_uuid=True))))


@lru_cache(maxsize=20_000)
def parsed_availability(
    timezone: str, weekly: str, buffer: int, notice: int, horizon: int, overrides: str | None
) -> Availability:
    """A parsed, validated Availability, per container, keyed by exactly what it is made from:
    a changed schedule is a new key, so nothing is ever stale. Availability is frozen, so one
    object serves every request."""
    return Availability(
        timezone=timezone,
        weekly=parse_weekly(json.loads(weekly)),
        overrides={
            date.fromisoformat(day): parse_intervals(intervals)
            for day, intervals in json.loads(overrides or "[]")
        },
        buffer=timedelta(minutes=buffer),
        min_notice=timedelta(minutes=notice),
        horizon=timedelta(days=horizon),
    )


# A cheap, conservative test in SQL: the therapist has weekly hours that meet the window on
# one of its local dates, or an override on one of them. It never drops a therapist who is free
# (min notice, horizon and appointments are left to the exact computation after it), so a
# window when nobody works costs one statement instead of a look at every therapist.
_MAY_BE_OPEN = """
    EXISTS (
        SELECT 1
        FROM therapist_schedules s
        JOIN profiles p ON p.user_id = s.therapist_id,
        LATERAL generate_series(
            date_trunc('day', CAST(:ws AS timestamptz) AT TIME ZONE p.timezone),
            CAST(:we AS timestamptz) AT TIME ZONE p.timezone, interval '1 day') AS d(day)
        WHERE s.therapist_id = {therapist} AND (
            EXISTS (SELECT 1 FROM availability_overrides o
                    WHERE o.therapist_id = s.therapist_id AND o.local_date = CAST(d.day AS date))
            OR EXISTS (
                SELECT 1 FROM jsonb_array_elements(
                    s.weekly -> lower(trim(to_char(d.day, 'FMDay')))) AS iv
                WHERE d.day + CAST(iv ->> 'start' AS time)
                        < CAST(:we AS timestamptz) AT TIME ZONE p.timezone
                  AND d.day + CASE WHEN iv ->> 'end' = '24:00' THEN interval '24 hours'
                                   ELSE CAST(CAST(iv ->> 'end' AS time) AS interval) END
                        > CAST(:ws AS timestamptz) AT TIME ZONE p.timezone)))
"""


def may_be_open(therapist: Any, window_start: datetime, window_end: datetime) -> Any:
    """SQL: `therapist` (a column of therapist ids) may have free time in the window."""
    return text(_MAY_BE_OPEN.format(therapist=therapist)).bindparams(ws=window_start, we=window_end)


def load_availabilities(
    session: Session, therapist_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Availability]:
    """Each therapist's Availability (those without a schedule are absent), in one statement."""
    if not therapist_ids:
        return {}
    rows = session.execute(_AVAILABILITY, {"ids": list(therapist_ids)})
    return {row[0]: parsed_availability(*row[1:]) for row in rows}


def load_busy(
    session: Session,
    therapist_ids: Collection[uuid.UUID],
    start: datetime,
    end: datetime,
    *,
    except_appointment: uuid.UUID | None = None,
) -> dict[uuid.UUID, list[tuple[datetime, datetime]]]:
    """The active appointments of each therapist that reach into [start, end), found through the
    GiST index of the no-overlap constraint (`during && [start, end)`), so the cost follows the
    window, never a therapist's whole history. Instants come as epoch seconds: parsing an
    integer is an order of magnitude cheaper than the driver's timestamp text."""
    busy: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    if not therapist_ids:
        return busy
    # One row per therapist, its intervals as JSON text: the driver's per-row work (a row, a
    # UUID, two integers) costs more than the slot arithmetic over them; json.loads is C.
    pair = func.json_build_array(
        cast(func.extract("epoch", Appointment.starts_at), BigInteger),
        cast(func.extract("epoch", Appointment.ends_at), BigInteger),
    )
    statement = (
        select(AppointmentTherapist.therapist_id, cast(func.json_agg(pair), Text))
        .join(Appointment, Appointment.id == AppointmentTherapist.appointment_id)
        .where(
            _among(AppointmentTherapist.therapist_id, therapist_ids),
            AppointmentTherapist.active.is_(True),
            AppointmentTherapist.during.op("&&")(func.tstzrange(start, end)),
            Appointment.ends_at > start,
            Appointment.starts_at < end,
        )
        .group_by(AppointmentTherapist.therapist_id)
    )
    if except_appointment is not None:
        statement = statement.where(Appointment.id != except_appointment)
    at = datetime.fromtimestamp
    for therapist_id, intervals in session.execute(statement):
        busy[therapist_id] = [(at(s, UTC), at(e, UTC)) for s, e in json.loads(intervals)]
    return busy


# What `first_free_slots` needs of each therapist, in one statement: the schedule (as in
# _AVAILABILITY), the shortest active service, and the busy time in the window (as in
# load_busy, through the same GiST index), one row per therapist with hours.
_FIRST_FREE = text(
    compact_sql("""
    SELECT s.therapist_id, p.timezone, s.weekly::text, s.buffer_minutes, s.min_notice_minutes,
           s.horizon_days,
           (SELECT json_agg(json_build_array(o.local_date, o.intervals) ORDER BY o.local_date)
            FROM availability_overrides o WHERE o.therapist_id = s.therapist_id)::text,
           (SELECT min(v.duration_minutes) FROM services v
            WHERE v.therapist_id = s.therapist_id AND v.is_active),
           (SELECT json_agg(json_build_array(CAST(EXTRACT(epoch FROM a.starts_at) AS bigint),
                                             CAST(EXTRACT(epoch FROM a.ends_at) AS bigint)))
            FROM appointment_therapists at JOIN appointments a ON a.id = at.appointment_id
            WHERE at.therapist_id = s.therapist_id AND at.active
              AND at.during && tstzrange(:lo, :hi) AND a.ends_at > :lo AND a.starts_at < :hi
           )::text
    FROM therapist_schedules s JOIN profiles p ON p.user_id = s.therapist_id
    WHERE s.therapist_id = ANY(:ids)
    """)
).bindparams(bindparam("ids", type_=ARRAY(UUID(as_uuid=True))))


def first_free_slots(
    session: Session,
    therapist_ids: Collection[uuid.UUID],
    window_start: datetime,
    window_end: datetime,
    now: datetime,
) -> dict[uuid.UUID, datetime | None]:
    """Each therapist's earliest free start in the window, for their shortest service — the
    directory filter and `next_available_at` both use this. One statement."""
    ids = list(therapist_ids)
    found: dict[uuid.UUID, datetime | None] = dict.fromkeys(ids)
    if not ids:
        return found
    at = datetime.fromtimestamp
    rows = session.execute(
        _FIRST_FREE,
        {"ids": ids, "lo": window_start - timedelta(days=1), "hi": window_end + timedelta(days=1)},
    )
    for therapist_id, *schedule, shortest, busy in rows:
        slot = first_free_slot(
            parsed_availability(*schedule),
            duration=timedelta(minutes=shortest) if shortest else DEFAULT_DURATION,
            window_start=window_start,
            window_end=window_end,
            now=now,
            busy=[(at(s, UTC), at(e, UTC)) for s, e in json.loads(busy)] if busy else (),
        )
        found[therapist_id] = slot[0] if slot else None
    return found


def next_available(
    session: Session, therapist_ids: Iterable[uuid.UUID], now: datetime | None = None
) -> dict[uuid.UUID, datetime | None]:
    """The next free start of each therapist within their booking horizon."""
    now = now or clock.now()
    return first_free_slots(session, list(therapist_ids), now, now + timedelta(days=365), now)


# Everything one therapist's slots need but the busy times, in one statement: the live
# therapist's zone, their availability (as in _AVAILABILITY), their shortest active service,
# and the asked-for service with its own hours (as JSON text, parsed once per container).
_ONE_THERAPIST = text(
    compact_sql("""
    SELECT p.timezone, s.weekly::text, s.buffer_minutes, s.min_notice_minutes, s.horizon_days,
           (SELECT json_agg(json_build_array(o.local_date, o.intervals) ORDER BY o.local_date)
            FROM availability_overrides o WHERE o.therapist_id = p.user_id)::text,
           (SELECT min(v.duration_minutes) FROM services v
            WHERE v.therapist_id = p.user_id AND v.is_active),
           sv.duration_minutes, sv.availability::text
    FROM profiles p
    JOIN users u ON u.id = p.user_id AND u.role = 'therapist' AND u.deleted_at IS NULL
    LEFT JOIN therapist_schedules s ON s.therapist_id = p.user_id
    LEFT JOIN services sv ON sv.id = :service_id AND sv.therapist_id = p.user_id AND sv.is_active
    WHERE p.user_id = :therapist_id
    """)
).bindparams(bindparam("service_id", type_=UUID(as_uuid=True)))


@lru_cache(maxsize=4_096)
def _narrowing(hours: str | None) -> WeeklyHours | None:
    """A service's own weekly hours (null, or JSON null: no narrowing), parsed once per
    container."""
    parsed = json.loads(hours) if hours else None
    return parse_weekly(parsed) if parsed else None


def therapist_slots(
    therapist_id: uuid.UUID,
    window_start: datetime,
    window_end: datetime,
    *,
    service_id: uuid.UUID | None = None,
    duration_minutes: int | None = None,
) -> SlotList:
    """A therapist's free start times in [window_start, window_end), in UTC. Two statements:
    what the therapist offers, then who is busy in the window."""
    if window_end <= window_start:
        raise Unprocessable("`to` must be after `from`.", code="invalid_window")
    if window_end - window_start > MAX_WINDOW:
        raise Unprocessable(f"Ask for at most {MAX_WINDOW.days} days.", code="window_too_long")
    now = clock.now()
    with get_session() as session:
        # Slots follow services: a live therapist's active services are bookable whether or not
        # their directory profile is public.
        row = session.execute(
            _ONE_THERAPIST, {"therapist_id": therapist_id, "service_id": service_id}
        ).first()
        if row is None:
            raise NotFound("No such therapist.")
        (timezone, weekly, buffer, notice, horizon, overrides, shortest, booked, hours) = row
        if service_id is not None:
            if booked is None:
                raise NotFound("No such service for this therapist.")
            duration = timedelta(minutes=booked)
        elif duration_minutes is not None:
            duration = timedelta(minutes=duration_minutes)
        else:
            duration = timedelta(minutes=shortest) if shortest else DEFAULT_DURATION
        if weekly is None:
            return SlotList(timezone, [])
        availability = parsed_availability(timezone, weekly, buffer, notice, horizon, overrides)
        busy = load_busy(
            session, [therapist_id], window_start - timedelta(days=1), window_end + duration
        )[therapist_id]
        narrow = _narrowing(hours) if service_id is not None else None
    zone = ZoneInfo(availability.timezone)
    slots = compute_free_slots(
        availability,
        duration=duration,
        window_start=window_start,
        window_end=window_end,
        now=now,
        busy=busy,
        narrow=narrow,
    )
    return SlotList(
        availability.timezone,
        [Slot(s, e, s.astimezone(zone), e.astimezone(zone)) for s, e in slots],
    )
