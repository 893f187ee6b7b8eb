"""Appointments: booking without double booking, confirmation, holds, cancellation, reschedule.

Status: `pending` (awaiting payment and/or the therapist's confirmation, holding its slot until
`hold_expires_at`) → `confirmed` → `completed`, or `cancelled` from pending or confirmed.

The application checks each therapist's free slots for clear answers; the database makes races
safe: exclusion constraints on `appointment_therapists` (per therapist) and `appointments` (per
client) refuse overlapping active rows. Their violation (23P01), and a deadlock between two
bookings (40P01), are answered 409 `slot_unavailable` with nothing written.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from shared import clock
from shared.config import get_settings
from shared.db import get_session
from shared.domain.notifications import notify
from shared.errors import BadRequest, Conflict, Forbidden, NotFound, Unprocessable
from shared.models import Appointment, AppointmentTherapist, PackageCredit, Service, User
from shared.observability import logger, record_business_event
from shared.pagination import Page, paginate

if TYPE_CHECKING:
    from shared.domain.slots import WeeklyHours

PAYMENT_HOLD = timedelta(minutes=15)
CONFIRMATION_HOLD = timedelta(hours=48)
FREE_CANCELLATION = timedelta(hours=24)
MAX_CO_THERAPISTS = 3
_RACE_CODES = {"23P01", "40P01"}  # exclusion violation, deadlock


@dataclass(frozen=True)
class AppointmentView:
    """An appointment as one participant sees it (`notes` are that participant's own)."""

    id: uuid.UUID
    status: str
    start: datetime
    end: datetime
    therapist_ids: list[uuid.UUID]
    client_id: uuid.UUID
    service_id: uuid.UUID
    package_type: str
    payment_status: str
    price_cents: int
    currency: str
    requires_confirmation: bool
    therapist_confirmed: bool
    hold_expires_at: datetime | None
    pre_session_message: str | None
    meeting_url: str | None
    notes: str | None
    late_cancellation: bool | None
    cancelled_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, a: Appointment, viewer_id: uuid.UUID) -> AppointmentView:
        mine = next((t for t in a.therapists if t.therapist_id == viewer_id), None)
        return cls(
            id=a.id,
            status=a.status,
            start=a.starts_at,
            end=a.ends_at,
            therapist_ids=[t.therapist_id for t in a.therapists],
            client_id=a.client_id,
            service_id=a.service_id,
            package_type=a.package_type,
            payment_status=a.payment_status,
            price_cents=a.price_cents,
            currency=a.currency,
            requires_confirmation=a.requires_confirmation,
            therapist_confirmed=a.therapist_confirmed_at is not None,
            hold_expires_at=a.hold_expires_at if a.status == "pending" else None,
            pre_session_message=a.pre_session_message,
            meeting_url=a.meeting_url if a.status == "confirmed" else None,
            notes=mine.notes if mine is not None else a.client_notes,
            late_cancellation=a.late_cancellation,
            cancelled_at=a.cancelled_at,
            created_at=a.created_at,
        )


@dataclass(frozen=True)
class BookingRequest:
    client_id: uuid.UUID
    service_id: uuid.UUID
    start: datetime
    co_therapist_ids: Sequence[uuid.UUID] = ()
    pre_session_message: str | None = None


def _is_race(error: DBAPIError) -> bool:
    """Whether the database refused a booking because another one got there first."""
    details = error.orig.args[0] if error.orig is not None and error.orig.args else None
    return isinstance(details, dict) and details.get("C") in _RACE_CODES


def _slot_unavailable() -> Conflict:
    return Conflict("That time is no longer free.", code="slot_unavailable")


def _narrowing(service: Service) -> WeeklyHours | None:
    from shared.domain.slots import parse_weekly

    return parse_weekly(service.availability) if service.availability else None


def _check_free(
    session: Session,
    therapist_ids: Sequence[uuid.UUID],
    service: Service,
    start: datetime,
    now: datetime,
    *,
    duration: timedelta,
    moving: uuid.UUID | None = None,
) -> dict[uuid.UUID, timedelta]:
    """409 unless [start, start + duration) is a free slot for every therapist; returns each
    one's buffer."""
    # Imported here: only booking and rescheduling check slots; the holds job, payments and
    # cancellations load this module without the availability and slot machinery.
    from shared.domain.availability import load_availabilities, load_busy
    from shared.domain.slots import is_bookable

    availabilities = load_availabilities(session, therapist_ids)
    busy = load_busy(
        session,
        therapist_ids,
        start - timedelta(days=1),
        start + duration + timedelta(days=1),
        except_appointment=moving,
    )
    for therapist_id in therapist_ids:
        availability = availabilities.get(therapist_id)
        narrow = _narrowing(service) if therapist_id == service.therapist_id else None
        if availability is None or not is_bookable(
            availability, start, duration=duration, now=now, busy=busy[therapist_id], narrow=narrow
        ):
            raise _slot_unavailable()
    return {t: availabilities[t].buffer for t in therapist_ids}


def _occupy(appointment: Appointment, buffers: dict[uuid.UUID, timedelta]) -> None:
    for row in appointment.therapists:
        row.during = Range(appointment.starts_at, appointment.ends_at + buffers[row.therapist_id])
        row.active = True


def _release(appointment: Appointment) -> None:
    for row in appointment.therapists:
        row.active = False


def _settle_status(session: Session, appointment: Appointment, now: datetime) -> None:
    """Confirm a pending appointment once it is paid (or needs no payment) and, if the service
    requires it, the therapist has confirmed."""
    if appointment.status != "pending":
        return
    paid = appointment.payment_status in ("paid", "credit")
    agreed = not appointment.requires_confirmation or appointment.therapist_confirmed_at
    if paid and agreed:
        appointment.status = "confirmed"
        appointment.confirmed_at = now
        appointment.hold_expires_at = None
        appointment.meeting_url = (
            f"{get_settings().meeting_base_url}/{appointment.id}-{secrets.token_urlsafe(9)}"
        )
        record_business_event("AppointmentConfirmed")
        notify(
            session,
            _everyone(appointment),
            "confirmation",
            "Appointment confirmed",
            f"Your session on {_when(appointment)} is confirmed. Join: {appointment.meeting_url}",
            appointment.id,
            email=True,
        )
    elif paid:  # paid, now waiting for the therapist
        appointment.hold_expires_at = min(now + CONFIRMATION_HOLD, appointment.starts_at)


def _when(appointment: Appointment) -> str:
    return appointment.starts_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _everyone(appointment: Appointment) -> list[uuid.UUID]:
    return [appointment.client_id, *(t.therapist_id for t in appointment.therapists)]


def _others(appointment: Appointment, user_id: uuid.UUID) -> list[uuid.UUID]:
    return [u for u in _everyone(appointment) if u != user_id]


def _takes_part(user_id: uuid.UUID) -> ColumnElement[bool]:
    """SQL: the user is the appointment's client or one of its therapists."""
    as_therapist = exists().where(
        AppointmentTherapist.appointment_id == Appointment.id,
        AppointmentTherapist.therapist_id == user_id,
    )
    return or_(Appointment.client_id == user_id, as_therapist)


def _participant(
    session: Session,
    appointment_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    therapist_only: bool = False,
    for_update: bool = True,
) -> Appointment:
    """The appointment if the user takes part in it (404 otherwise); `therapist_only` asks for a
    therapist participant (403 for its client). Locked for the change the caller makes."""
    statement = (
        select(Appointment)
        .where(Appointment.id == appointment_id)
        .options(selectinload(Appointment.therapists))
    )
    appointment = session.scalar(statement.with_for_update() if for_update else statement)
    if appointment is None:
        raise NotFound("No such appointment.")
    is_therapist = any(t.therapist_id == user_id for t in appointment.therapists)
    if not is_therapist and appointment.client_id != user_id:
        raise NotFound("No such appointment.")
    if therapist_only and not is_therapist:
        raise Forbidden("Only the appointment's therapist can do this.", code="wrong_role")
    return appointment


def book_appointment(request: BookingRequest) -> AppointmentView:
    """Book a service's slot for a client, with optional co-therapists (all must be free).

    The appointment starts `pending`: it holds the slot for PAYMENT_HOLD until paid.
    """
    now = clock.now()
    start = request.start.astimezone(UTC)
    co_ids = list(dict.fromkeys(request.co_therapist_ids))
    if len(co_ids) > MAX_CO_THERAPISTS:
        raise Unprocessable(f"At most {MAX_CO_THERAPISTS} co-therapists.", code="too_many")
    try:
        with get_session() as session:
            service = session.scalar(
                select(Service)
                .join(User, User.id == Service.therapist_id)
                .where(Service.id == request.service_id, User.deleted_at.is_(None))
            )
            if service is None or not service.is_active:
                raise NotFound("No such service.")
            if service.therapist_id == request.client_id:
                raise BadRequest("You cannot book your own service.", code="own_service")
            if service.therapist_id in co_ids:
                raise Unprocessable(
                    "The service's therapist takes part already.", code="duplicate_therapist"
                )
            known = set(
                session.scalars(
                    select(User.id).where(
                        User.id.in_(co_ids), User.role == "therapist", User.deleted_at.is_(None)
                    )
                )
            )
            if len(known) != len(co_ids):
                raise NotFound("No such co-therapist.")
            therapist_ids = [service.therapist_id, *co_ids]
            duration = timedelta(minutes=service.duration_minutes)
            buffers = _check_free(session, therapist_ids, service, start, now, duration=duration)
            appointment = Appointment(
                id=uuid.uuid4(),
                client_id=request.client_id,
                service_id=service.id,
                status="pending",
                package_type=service.package_type,
                starts_at=start,
                ends_at=start + duration,
                price_cents=service.price_cents,
                currency=service.currency,
                payment_status="unpaid",
                requires_confirmation=service.requires_confirmation,
                hold_expires_at=now + PAYMENT_HOLD,
                pre_session_message=request.pre_session_message,
                therapists=[
                    AppointmentTherapist(therapist_id=t, position=i)
                    for i, t in enumerate(therapist_ids)
                ],
            )
            _occupy(appointment, buffers)
            credit = _spend_credit(session, request.client_id, service, now)
            if credit is not None:  # a package session: no payment, confirmed when agreed
                appointment.credit_id = credit.id
                appointment.payment_status = "credit"
                appointment.hold_expires_at = None
                _settle_status(session, appointment, now)
            session.add(appointment)
            session.flush()
            session.refresh(appointment, ["created_at"])
            notify(
                session,
                therapist_ids,
                "booking",
                "New booking",
                f"A client booked {service.title} on {_when(appointment)}.",
                appointment.id,
                email=True,
            )
            view = AppointmentView.of(appointment, request.client_id)
    except DBAPIError as error:
        if _is_race(error):
            raise _slot_unavailable() from None
        raise
    record_business_event("AppointmentBooked")
    return view


def mark_paid(session: Session, appointment: Appointment, how: str, now: datetime) -> None:
    """Record the appointment's payment (`paid` or `credit`) and confirm it if it can be."""
    appointment.payment_status = how
    _settle_status(session, appointment, now)


def confirm_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    """A therapist participant accepts a booking of a service that requires confirmation."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, therapist_only=True)
        if appointment.status != "pending" or not appointment.requires_confirmation:
            raise Conflict("This appointment is not awaiting confirmation.", code="not_pending")
        appointment.therapist_confirmed_at = appointment.therapist_confirmed_at or now
        _settle_status(session, appointment, now)
        return AppointmentView.of(appointment, user_id)


def _cancel(appointment: Appointment, by: uuid.UUID, reason: str | None, now: datetime) -> None:
    appointment.status = "cancelled"
    appointment.cancelled_at = now
    appointment.cancelled_by = by
    appointment.cancellation_reason = reason
    appointment.late_cancellation = appointment.starts_at - now < FREE_CANCELLATION
    appointment.hold_expires_at = None
    _release(appointment)


def release_unpaid(appointment: Appointment, now: datetime, reason: str) -> None:
    """A payment for a pending appointment failed: cancel it and free its slot."""
    if appointment.status == "pending" and appointment.payment_status == "unpaid":
        _cancel(appointment, appointment.client_id, reason, now)
        appointment.cancelled_by = None
        appointment.late_cancellation = False


def _spend_credit(
    session: Session, client_id: uuid.UUID, service: Service, now: datetime
) -> PackageCredit | None:
    """The client's soonest-expiring credit for this service, one session spent; or None."""
    credit = session.scalar(
        select(PackageCredit)
        .where(
            PackageCredit.user_id == client_id,
            PackageCredit.service_id == service.id,
            PackageCredit.remaining > 0,
            PackageCredit.expires_at > now,
        )
        .order_by(PackageCredit.expires_at)
        .limit(1)
        .with_for_update()
    )
    if credit is not None:
        credit.remaining -= 1
    return credit


def decline_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    """A therapist participant declines a booking awaiting their confirmation; the slot frees."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, therapist_only=True)
        if (
            appointment.status != "pending"
            or not appointment.requires_confirmation
            or appointment.therapist_confirmed_at is not None
        ):
            raise Conflict("This appointment is not awaiting confirmation.", code="not_pending")
        _cancel(appointment, user_id, "declined by the therapist", now)
        appointment.late_cancellation = False  # the client is never charged for a decline
        notify(
            session,
            [appointment.client_id],
            "declined",
            "Booking declined",
            f"Your booking for {_when(appointment)} was declined.",
            appointment.id,
            email=True,
        )
        return AppointmentView.of(appointment, user_id)


def cancel_appointment(
    user_id: uuid.UUID, appointment_id: uuid.UUID, reason: str | None
) -> AppointmentView:
    """A participant cancels. 24 h or more before the start (or by the therapist) it is free:
    a spent package credit comes back and a payment is refunded. Later, the client's
    cancellation is recorded as late and the money or credit is kept."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id)
        if appointment.status not in ("pending", "confirmed"):
            raise Conflict(
                "Only pending or confirmed appointments can be cancelled.", code="not_cancellable"
            )
        _cancel(appointment, user_id, reason, now)
        if user_id != appointment.client_id:
            appointment.late_cancellation = (
                False  # a therapist's cancellation never costs the client
            )
        refund = not appointment.late_cancellation and appointment.payment_status == "paid"
        if not appointment.late_cancellation and appointment.credit_id is not None:
            credit = session.get(PackageCredit, appointment.credit_id, with_for_update=True)
            if credit is not None and credit.remaining < credit.sessions_total:
                credit.remaining += 1
                appointment.payment_status = "refunded"
        notify(
            session,
            _others(appointment, user_id),
            "cancellation",
            "Appointment cancelled",
            f"The session on {_when(appointment)} was cancelled.",
            appointment.id,
            email=True,
        )
        view = AppointmentView.of(appointment, user_id)
    record_business_event("AppointmentCancelled")
    if refund:
        # Imported here: the Stripe SDK loads only when money moves back.
        from shared.domain.payments import refund_for_cancellation

        refund_for_cancellation(appointment_id)
    return view


def reschedule_appointment(
    user_id: uuid.UUID, appointment_id: uuid.UUID, start: datetime
) -> AppointmentView:
    """Move an appointment, keeping its identity; every therapist must be free at the new time."""
    now = clock.now()
    start = start.astimezone(UTC)
    try:
        with get_session() as session:
            appointment = _participant(session, appointment_id, user_id)
            if appointment.status not in ("pending", "confirmed"):
                raise Conflict(
                    "Only pending or confirmed appointments can be moved.", code="not_reschedulable"
                )
            if user_id == appointment.client_id and (
                appointment.starts_at - now < FREE_CANCELLATION
            ):
                # Moving it away would dodge the late-cancellation rule.
                raise Conflict(
                    "Less than 24 h before the start it can only be cancelled.",
                    code="too_late_to_reschedule",
                )
            service = session.get(Service, appointment.service_id)
            assert service is not None
            therapist_ids = [t.therapist_id for t in appointment.therapists]
            length = appointment.ends_at - appointment.starts_at  # as booked, whatever changed
            buffers = _check_free(
                session, therapist_ids, service, start, now, duration=length, moving=appointment.id
            )
            appointment.starts_at, appointment.ends_at = start, start + length
            if appointment.status == "pending" and appointment.hold_expires_at:
                appointment.hold_expires_at = min(appointment.hold_expires_at, start)
            _occupy(appointment, buffers)
            session.flush()
            notify(
                session,
                _others(appointment, user_id),
                "reschedule",
                "Appointment moved",
                f"The session now starts {_when(appointment)}.",
                appointment.id,
                email=True,
            )
            view = AppointmentView.of(appointment, user_id)
    except DBAPIError as error:
        if _is_race(error):
            raise _slot_unavailable() from None
        raise
    return view


def complete_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    """A therapist participant marks a confirmed appointment done, once it has started."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, therapist_only=True)
        if appointment.status != "confirmed":
            raise Conflict("Only confirmed appointments can be completed.", code="not_confirmed")
        if now < appointment.starts_at:
            raise Conflict("The appointment has not started yet.", code="too_early")
        appointment.status = "completed"
        appointment.completed_at = now
        _release(appointment)
        return AppointmentView.of(appointment, user_id)


def save_notes(user_id: uuid.UUID, appointment_id: uuid.UUID, notes: str) -> AppointmentView:
    """Each side keeps its own private notes (seed 003): the other side never sees them."""
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id)
        mine = next((t for t in appointment.therapists if t.therapist_id == user_id), None)
        if mine is not None:
            mine.notes = notes
        else:
            appointment.client_notes = notes
        return AppointmentView.of(appointment, user_id)


def get_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, for_update=False)
        return AppointmentView.of(appointment, user_id)


@dataclass(frozen=True)
class AppointmentFilter:
    status: str | None = None
    start_from: datetime | None = None
    start_to: datetime | None = None


def list_appointments(
    user_id: uuid.UUID, filters: AppointmentFilter, *, limit: int, cursor: str | None
) -> Page[AppointmentView]:
    """The appointments the user takes part in (as client or therapist), by start time."""
    statement = (
        select(Appointment)
        .where(_takes_part(user_id))
        .options(selectinload(Appointment.therapists))
    )
    if filters.status:
        statement = statement.where(Appointment.status == filters.status)
    if filters.start_from:
        statement = statement.where(Appointment.starts_at >= filters.start_from)
    if filters.start_to:
        statement = statement.where(Appointment.starts_at < filters.start_to)
    with get_session() as session:
        return paginate(
            session,
            statement,
            keys=[Appointment.starts_at, Appointment.id],
            limit=limit,
            cursor=cursor,
            descending=False,
            to_item=lambda a: AppointmentView.of(a, user_id),
        )


def expire_holds(now: datetime, batch_size: int = 500) -> dict[str, int]:
    """Cancel pending appointments whose hold passed, freeing their slots (the `holds` job).

    SKIP LOCKED lets two overlapping runs share the work instead of waiting on each other.
    """
    with get_session() as session:
        expired = list(
            session.scalars(
                select(Appointment)
                .where(Appointment.status == "pending", Appointment.hold_expires_at < now)
                .options(selectinload(Appointment.therapists))
                .order_by(Appointment.hold_expires_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        )
        for appointment in expired:
            _cancel(appointment, appointment.client_id, "hold expired", now)
            appointment.cancelled_by = None
            appointment.late_cancellation = False
            notify(
                session,
                [appointment.client_id],
                "cancellation",
                "Booking released",
                f"The booking for {_when(appointment)} was not paid in time.",
                appointment.id,
            )
    if expired:
        logger.info("holds expired", extra={"count": len(expired)})
    return {"expired": len(expired)}


def cancel_future_appointments(session: Session, user_id: uuid.UUID, now: datetime) -> int:
    """Cancel every future active appointment the user takes part in (account deletion)."""
    future = list(
        session.scalars(
            select(Appointment)
            .where(
                _takes_part(user_id),
                Appointment.status.in_(("pending", "confirmed")),
                Appointment.starts_at > now,
            )
            .options(selectinload(Appointment.therapists))
            .with_for_update()
        )
    )
    for appointment in future:
        _cancel(appointment, user_id, "account deleted", now)
        appointment.late_cancellation = False
    return len(future)
