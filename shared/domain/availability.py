"""Therapists' weekly hours, date overrides, and the free slots computed from them.

The slot arithmetic is `shared.domain.slots` (pure); this module loads what it needs from the
database: the schedule, the overrides, the time zone (the therapist's profile zone) and the busy
intervals of active appointments. Booking, the directory filter and `next_available_at` all go
through `free_slots` / `first_free_slot` here, so they can never disagree.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, any_, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Session

from shared import clock
from shared.db import get_session
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
    Service,
    TherapistSchedule,
    User,
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


def _among(column: Any, ids: Collection[uuid.UUID]) -> ColumnElement[bool]:
    """`column = ANY(:ids)`: one array parameter, where IN would bind (and the driver rewrite)
    one placeholder per id — the directory asks about a thousand therapists at once."""
    return column == any_(bindparam(None, list(ids), type_=ARRAY(UUID(as_uuid=True))))


def load_availabilities(
    session: Session, therapist_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Availability]:
    """Each therapist's Availability (those without a schedule are absent)."""
    if not therapist_ids:
        return {}
    rows = session.execute(
        select(TherapistSchedule, Profile.timezone)
        .join(Profile, Profile.user_id == TherapistSchedule.therapist_id)
        .where(_among(TherapistSchedule.therapist_id, therapist_ids))
    ).all()
    overrides: dict[uuid.UUID, dict[date, Any]] = defaultdict(dict)
    for o in session.scalars(
        select(AvailabilityOverride).where(_among(AvailabilityOverride.therapist_id, therapist_ids))
    ):
        overrides[o.therapist_id][o.local_date] = parse_intervals(o.intervals)
    return {
        schedule.therapist_id: Availability(
            timezone=timezone,
            weekly=parse_weekly(schedule.weekly),
            overrides=overrides[schedule.therapist_id],
            buffer=timedelta(minutes=schedule.buffer_minutes),
            min_notice=timedelta(minutes=schedule.min_notice_minutes),
            horizon=timedelta(days=schedule.horizon_days),
        )
        for schedule, timezone in rows
    }


def load_busy(
    session: Session,
    therapist_ids: Collection[uuid.UUID],
    start: datetime,
    end: datetime,
    *,
    except_appointment: uuid.UUID | None = None,
) -> dict[uuid.UUID, list[tuple[datetime, datetime]]]:
    """The active appointments of each therapist that reach into [start, end)."""
    busy: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    if not therapist_ids:
        return busy
    statement = (
        select(AppointmentTherapist.therapist_id, Appointment.starts_at, Appointment.ends_at)
        .join(Appointment, Appointment.id == AppointmentTherapist.appointment_id)
        .where(
            _among(AppointmentTherapist.therapist_id, therapist_ids),
            AppointmentTherapist.active.is_(True),
            Appointment.ends_at > start,
            Appointment.starts_at < end,
        )
    )
    if except_appointment is not None:
        statement = statement.where(Appointment.id != except_appointment)
    for therapist_id, starts_at, ends_at in session.execute(statement):
        busy[therapist_id].append((starts_at, ends_at))
    return busy


def default_durations(
    session: Session, therapist_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, timedelta]:
    """The shortest active service of each therapist (what "available" means for them)."""
    rows = session.execute(
        select(Service.therapist_id, func.min(Service.duration_minutes))
        .where(_among(Service.therapist_id, therapist_ids), Service.is_active.is_(True))
        .group_by(Service.therapist_id)
    )
    found = {therapist_id: timedelta(minutes=m) for therapist_id, m in rows}
    return {t: found.get(t, DEFAULT_DURATION) for t in therapist_ids}


def first_free_slots(
    session: Session,
    therapist_ids: Collection[uuid.UUID],
    window_start: datetime,
    window_end: datetime,
    now: datetime,
) -> dict[uuid.UUID, datetime | None]:
    """Each therapist's earliest free start in the window, for their shortest service — the
    directory filter and `next_available_at` both use this."""
    ids = list(therapist_ids)
    availabilities = load_availabilities(session, ids)
    with_hours = [t for t in ids if t in availabilities]
    reach = window_end + timedelta(days=1)
    busy = load_busy(session, with_hours, window_start - timedelta(days=1), reach)
    durations = default_durations(session, with_hours)
    found: dict[uuid.UUID, datetime | None] = dict.fromkeys(ids)
    for therapist_id in with_hours:
        slot = first_free_slot(
            availabilities[therapist_id],
            duration=durations[therapist_id],
            window_start=window_start,
            window_end=window_end,
            now=now,
            busy=busy[therapist_id],
        )
        found[therapist_id] = slot[0] if slot else None
    return found


def next_available(
    session: Session, therapist_ids: Iterable[uuid.UUID], now: datetime | None = None
) -> dict[uuid.UUID, datetime | None]:
    """The next free start of each therapist within their booking horizon."""
    now = now or clock.now()
    return first_free_slots(session, list(therapist_ids), now, now + timedelta(days=365), now)


def _narrowing(service: Service | None) -> WeeklyHours | None:
    return parse_weekly(service.availability) if service and service.availability else None


def therapist_slots(
    therapist_id: uuid.UUID,
    window_start: datetime,
    window_end: datetime,
    *,
    service_id: uuid.UUID | None = None,
    duration_minutes: int | None = None,
) -> SlotList:
    """A therapist's free start times in [window_start, window_end), in UTC."""
    if window_end <= window_start:
        raise Unprocessable("`to` must be after `from`.", code="invalid_window")
    if window_end - window_start > MAX_WINDOW:
        raise Unprocessable(f"Ask for at most {MAX_WINDOW.days} days.", code="window_too_long")
    now = clock.now()
    with get_session() as session:
        # Slots follow services: a live therapist's active services are bookable whether or not
        # their directory profile is public.
        row = session.execute(
            select(Profile.timezone)
            .join(User, User.id == Profile.user_id)
            .where(
                Profile.user_id == therapist_id,
                User.role == "therapist",
                User.deleted_at.is_(None),
            )
        ).first()
        if row is None:
            raise NotFound("No such therapist.")
        service = None
        if service_id is not None:
            service = session.get(Service, service_id)
            if service is None or service.therapist_id != therapist_id or not service.is_active:
                raise NotFound("No such service for this therapist.")
            duration = timedelta(minutes=service.duration_minutes)
        elif duration_minutes is not None:
            duration = timedelta(minutes=duration_minutes)
        else:
            duration = default_durations(session, [therapist_id])[therapist_id]
        availability = load_availabilities(session, [therapist_id]).get(therapist_id)
        if availability is None:
            return SlotList(row.timezone, [])
        busy = load_busy(
            session, [therapist_id], window_start - timedelta(days=1), window_end + duration
        )[therapist_id]
    zone = ZoneInfo(availability.timezone)
    slots = compute_free_slots(
        availability,
        duration=duration,
        window_start=window_start,
        window_end=window_end,
        now=now,
        busy=busy,
        narrow=_narrowing(service),
    )
    return SlotList(
        availability.timezone,
        [Slot(s, e, s.astimezone(zone), e.astimezone(zone)) for s, e in slots],
    )
