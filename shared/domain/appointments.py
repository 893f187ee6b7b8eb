"""Appointments: booking without double booking, consent, holds, cancellation, reschedule.

The statuses, consents, credits and every way an appointment ends (with its money) are the
lifecycle's (`shared.domain.lifecycle`); this module books, moves and lists appointments and
turns each request into one lifecycle step, one transaction per use case.

The application checks each therapist's free slots for clear answers; the database makes races
safe: exclusion constraints on `appointment_therapists` (per therapist) and `appointments` (per
client) refuse overlapping active rows. Their violation (23P01), and a deadlock between two
bookings (40P01), are answered 409 `slot_unavailable` with nothing written.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from shared import clock, outbox
from shared.db import get_session
from shared.domain import documented
from shared.domain.lifecycle import (
    FREE_CANCELLATION,
    PAYMENT_HOLD,
    AppointmentStatus,
    ConsentRole,
    ConsentStatus,
    EndCause,
    PaidBy,
    end_appointment,
    everyone,
    record_consent,
    role_of,
    settle,
    spend_credit,
)
from shared.domain.notifications import Notice, notify
from shared.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from shared.models import Appointment, AppointmentTherapist, Service
from shared.observability import logger, record_business_event
from shared.pagination import Page, paginate

if TYPE_CHECKING:
    from shared.domain.booking import BookingFacts
    from shared.domain.slots import Availability, WeeklyHours

MAX_CO_THERAPISTS = 3
MAX_UNPAID_PENDING = 3  # per client: holding more slots than that without paying is squatting
_RACE_CODES = {"23P01", "40P01"}  # exclusion violation, deadlock


@dataclass(frozen=True)
class ConsentView:
    therapist_id: uuid.UUID
    role: ConsentRole
    status: ConsentStatus


@documented
@dataclass(frozen=True)
class AppointmentView:
    """An appointment as one participant sees it (`notes` are that participant's own)."""

    id: uuid.UUID
    status: str
    start: datetime
    end: datetime
    therapist_ids: list[uuid.UUID]
    consents: list[ConsentView]
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
    series_id: uuid.UUID | None = None
    no_show: bool = False

    @classmethod
    def of(cls, a: Appointment, viewer_id: uuid.UUID) -> AppointmentView:
        mine = next((t for t in a.therapists if t.therapist_id == viewer_id), None)
        return cls(
            id=a.id,
            status=a.status,
            start=a.starts_at,
            end=a.ends_at,
            therapist_ids=[t.therapist_id for t in a.therapists],
            consents=[
                ConsentView(t.therapist_id, role_of(t.position), ConsentStatus(t.consent))
                for t in a.therapists
            ],
            client_id=a.client_id,
            service_id=a.service_id,
            package_type=a.package_type,
            payment_status=a.payment_status,
            price_cents=a.price_cents,
            currency=a.currency,
            requires_confirmation=a.requires_confirmation,
            therapist_confirmed=bool(a.therapists)
            and a.therapists[0].consent == ConsentStatus.ACCEPTED,
            hold_expires_at=a.hold_expires_at if a.status == AppointmentStatus.PENDING else None,
            pre_session_message=a.pre_session_message,
            meeting_url=a.meeting_url if a.status == AppointmentStatus.CONFIRMED else None,
            notes=mine.notes if mine is not None else a.client_notes,
            late_cancellation=a.late_cancellation,
            cancelled_at=a.cancelled_at,
            created_at=a.created_at,
            no_show=a.end_cause == EndCause.NO_SHOW,
            series_id=a.series_id,
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

    availabilities = load_availabilities(session, therapist_ids)
    busy = load_busy(
        session,
        therapist_ids,
        start - timedelta(days=1),
        start + duration + timedelta(days=1),
        except_appointment=moving,
    )
    return _free_for_all(availabilities, busy, therapist_ids, service, start, now, duration)


def _free_for_all(
    availabilities: Mapping[uuid.UUID, Availability],
    busy: Mapping[uuid.UUID, list[tuple[datetime, datetime]]],
    therapist_ids: Sequence[uuid.UUID],
    service: Service,
    start: datetime,
    now: datetime,
    duration: timedelta,
) -> dict[uuid.UUID, timedelta]:
    """409 unless the slot is free for every therapist, by their hours and busy time (the
    service's own hours narrow its therapist's); each one's buffer."""
    from shared.domain.slots import is_bookable

    for therapist_id in therapist_ids:
        availability = availabilities.get(therapist_id)
        narrow = _narrowing(service) if therapist_id == service.therapist_id else None
        if availability is None or not is_bookable(
            availability, start, duration=duration, now=now, busy=busy.get(therapist_id, []),
            narrow=narrow,
        ):  # fmt: skip
            raise _slot_unavailable()
    return {t: availabilities[t].buffer for t in therapist_ids}


def _occupy(appointment: Appointment, buffers: dict[uuid.UUID, timedelta]) -> None:
    for row in appointment.therapists:
        row.during = Range(appointment.starts_at, appointment.ends_at + buffers[row.therapist_id])
        row.active = True


def _others(appointment: Appointment, user_id: uuid.UUID) -> list[uuid.UUID]:
    return [u for u in everyone(appointment) if u != user_id]


def takes_part(user_id: uuid.UUID) -> ColumnElement[bool]:
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
    primary_only: bool = False,
    for_update: bool = True,
) -> Appointment:
    """The appointment if the user takes part in it (404 otherwise); `therapist_only` asks for a
    therapist participant, `primary_only` for the service's therapist (403 for anyone else who
    takes part). Locked for the change the caller makes."""
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
    if (therapist_only or primary_only) and not is_therapist:
        raise Forbidden("Only the appointment's therapist can do this.", code="wrong_role")
    if primary_only and appointment.therapists[0].therapist_id != user_id:
        raise Forbidden("Only the service's therapist can do this.", code="not_primary")
    return appointment


def _with_consent(appointment: Appointment, user_id: uuid.UUID) -> None:
    """A therapist who has not accepted a booking has no say over it beyond their answer."""
    mine = next((t for t in appointment.therapists if t.therapist_id == user_id), None)
    if mine is not None and mine.consent != ConsentStatus.ACCEPTED:
        raise Forbidden("Accept or decline the booking first.", code="consent_required")


def _booking_facts(
    session: Session,
    client_id: uuid.UUID,
    service_id: uuid.UUID,
    co_ids: list[uuid.UUID],
    now: datetime,
    *,
    first: datetime,
    last: datetime,
) -> tuple[BookingFacts, Service, list[uuid.UUID]]:
    """What a booking checks (one statement, the caller's row locked), after the checks every
    booking makes: the live caller is a verified client, the service is active and not their
    own, co-therapists are live therapists who are public, listed and accepting clients
    (nobody can be put on a booking - their calendar blocked, messaging unlocked - who does
    not take bookings), and API.md's booking limits. Busy time is read for [first, last]."""
    from shared.domain.booking import load_booking_facts

    if len(co_ids) > MAX_CO_THERAPISTS:
        raise Unprocessable(f"At most {MAX_CO_THERAPISTS} co-therapists.", code="too_many")
    facts = load_booking_facts(
        session, client_id, service_id, co_ids,
        busy_from=first - timedelta(days=1), busy_to=last + timedelta(days=2),
        unpaid_due=now + PAYMENT_HOLD, now=now,
    )  # fmt: skip
    caller, service = facts.caller, facts.service
    if caller is None:  # deleted or suspended since the token was issued
        raise Unauthorized("The access token is invalid or expired.", code="invalid_token")
    if not caller.email_verified:
        raise Forbidden("Verify your email address first.", code="email_not_verified")
    if caller.role != "client":
        raise Forbidden("Only clients book appointments.", code="wrong_role")
    if service is None or not service.is_active:
        raise NotFound("No such service.")
    if service.therapist_id == client_id:
        raise BadRequest("You cannot book your own service.", code="own_service")
    if service.therapist_id in co_ids:
        raise Unprocessable(
            "The service's therapist takes part already.", code="duplicate_therapist"
        )
    if facts.eligible_co_therapists != len(co_ids):
        raise NotFound("No such co-therapist.")
    if facts.unpaid >= MAX_UNPAID_PENDING:
        raise _too_many_pending()
    if facts.accepting_clients is False and not facts.returning_client:
        raise Conflict("This therapist is not taking new clients.", code="not_accepting_clients")
    return facts, service, [service.therapist_id, *co_ids]


def _too_many_pending() -> Conflict:
    return Conflict(
        f"You hold {MAX_UNPAID_PENDING} unpaid bookings: pay or cancel one first.",
        code="too_many_pending",
    )


def _booking_notices(appointment: Appointment) -> list[tuple[list[uuid.UUID], Notice]]:
    """Each therapist learns of a new booking; those whose answer it waits for are asked for
    it (the service's therapist when it requires confirmation, every co-therapist)."""
    agreed = [t.therapist_id for t in appointment.therapists if t.consent == ConsentStatus.ACCEPTED]
    asked = {
        role: [t.therapist_id for t in appointment.therapists
               if t.consent == ConsentStatus.PENDING and role_of(t.position) == role]
        for role in ("primary", "co")
    }  # fmt: skip
    notices = [(agreed, Notice("booking", "booking", related_id=appointment.id,
                               appointment=appointment))]  # fmt: skip
    notices += [
        (therapists, Notice("booking", "consent_request", context={"role": role},
                            related_id=appointment.id, appointment=appointment))
        for role, therapists in asked.items()
    ]  # fmt: skip
    return notices


def _tell_therapists_of_booking(session: Session, appointment: Appointment) -> None:
    for recipients, notice in _booking_notices(appointment):
        notify(session, recipients, notice, email=True)


@dataclass(frozen=True)
class NewBooking:
    """What a new appointment is made of, once its slot was found free."""

    service: Service
    client_id: uuid.UUID
    therapist_ids: list[uuid.UUID]
    start: datetime
    buffers: dict[uuid.UUID, timedelta]
    hold_until: datetime
    pre_session_message: str | None
    series_id: uuid.UUID | None = None


def _appointment_of(
    booking: NewBooking, now: datetime, credit_id: uuid.UUID | None = None
) -> tuple[Appointment, Notice | None]:
    """A pending appointment occupying its slot (not yet in any session), paid by the credit
    when there is one; and the confirmation to send when that confirms it at once."""
    service, start = booking.service, booking.start
    duration = timedelta(minutes=service.duration_minutes)
    appointment = Appointment(
        id=uuid.uuid4(),
        client_id=booking.client_id,
        service_id=service.id,
        status=AppointmentStatus.PENDING,
        package_type=service.package_type,
        starts_at=start,
        ends_at=start + duration,
        price_cents=service.price_cents,
        currency=service.currency,
        payment_status=PaidBy.UNPAID,
        requires_confirmation=service.requires_confirmation,
        hold_expires_at=booking.hold_until,
        pre_session_message=booking.pre_session_message,
        series_id=booking.series_id,
        created_at=now,  # set here, not by the server: nothing to read back
        therapists=[
            AppointmentTherapist(
                therapist_id=t,
                position=i,
                # The primary agrees in advance unless the service asks them each time;
                # a co-therapist is always asked.
                consent=ConsentStatus.ACCEPTED
                if i == 0 and not service.requires_confirmation
                else ConsentStatus.PENDING,
                consent_at=now if i == 0 and not service.requires_confirmation else None,
            )
            for i, t in enumerate(booking.therapist_ids)
        ],
    )
    _occupy(appointment, booking.buffers)
    if credit_id is None:
        return appointment, None
    # A package session: no payment, confirmed when agreed.
    appointment.credit_id = credit_id
    appointment.payment_status = PaidBy.CREDIT
    appointment.hold_expires_at = None
    return appointment, settle(appointment, now)


def _new_appointment(session: Session, booking: NewBooking, now: datetime) -> Appointment:
    """`_appointment_of`, stored through the session with a credit spent if the client holds
    one (a series books its occurrences this way)."""
    credit = spend_credit(session, booking.client_id, booking.service, now)
    appointment, confirmed = _appointment_of(booking, now, credit.id if credit else None)
    session.add(appointment)
    session.flush()
    if confirmed is not None:
        notify(session, everyone(appointment), confirmed, email=True)
    return appointment


def book_appointment(request: BookingRequest) -> AppointmentView:
    """Book a service's slot for a client, with optional co-therapists (all must be free).

    The appointment starts `pending`: it holds the slot for PAYMENT_HOLD until paid. Two
    statements (`shared.domain.booking`): everything checked is read at once, the caller's
    account included (the request's token is only read, not looked up before), and
    everything written is written at once, its notices rendered in between.
    """
    from shared.domain.booking import write_booking
    from shared.domain.notifications import Rendered, render_notices

    now = clock.now()
    start = request.start.astimezone(UTC)
    co_ids = list(dict.fromkeys(request.co_therapist_ids))
    try:
        with get_session() as session:
            facts, service, therapist_ids = _booking_facts(
                session, request.client_id, request.service_id, co_ids, now,
                first=start, last=start,
            )  # fmt: skip
            duration = timedelta(minutes=service.duration_minutes)
            buffers = _free_for_all(facts.availabilities, facts.busy, therapist_ids, service,
                                    start, now, duration)  # fmt: skip
            appointment, confirmed = _appointment_of(
                NewBooking(service, request.client_id, therapist_ids, start, buffers,
                           now + PAYMENT_HOLD, request.pre_session_message),
                now, facts.credit_id,
            )  # fmt: skip
            notices = _booking_notices(appointment)
            if confirmed is not None:
                notices.append((everyone(appointment), confirmed))
            rendered = Rendered([])
            for recipients, notice in notices:
                rendered += render_notices(recipients, notice, facts.people, service.title,
                                           email=True, now=now)  # fmt: skip
            written = write_booking(session, appointment, rendered, max_unpaid=MAX_UNPAID_PENDING,
                                    unpaid_due=now + PAYMENT_HOLD, now=now)  # fmt: skip
            if not written.booked:
                if written.unpaid >= MAX_UNPAID_PENDING:  # another booking of theirs came first
                    raise _too_many_pending()
                raise Conflict("That package credit was just used.", code="credit_unavailable")
            outbox.remember(session, written.emails, "email")
            view = AppointmentView.of(appointment, request.client_id)
    except DBAPIError as error:
        if _is_race(error):
            raise _slot_unavailable() from None
        raise
    record_business_event("AppointmentBooked")
    return view


def confirm_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    """A therapist participant accepts the booking for themselves; it is confirmed once paid and
    every therapist accepted."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, therapist_only=True)
        record_consent(session, appointment, user_id, True, now)
        if appointment.therapists[0].therapist_id == user_id:
            appointment.therapist_confirmed_at = appointment.therapist_confirmed_at or now
        return AppointmentView.of(appointment, user_id)


def decline_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    """A therapist participant declines the booking: it ends as a therapist's cancellation
    (a card payment refunded, a credit returned) and the slot frees."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, therapist_only=True)
        record_consent(session, appointment, user_id, False, now)
        return AppointmentView.of(appointment, user_id)


def cancel_appointment(
    user_id: uuid.UUID, appointment_id: uuid.UUID, reason: str | None
) -> AppointmentView:
    """A participant cancels, settled by the lifecycle's money table: 24 h or more ahead (or by
    a therapist) a payment is refunded and a credit returned; a client's later cancellation
    keeps them. Answers once committed: the refund itself is carried out after the commit."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id)
        if appointment.status not in (AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED):
            raise Conflict(
                "Only pending or confirmed appointments can be cancelled.", code="not_cancellable"
            )
        _with_consent(appointment, user_id)
        cause = (
            EndCause.CLIENT_CANCELLED
            if user_id == appointment.client_id
            else EndCause.THERAPIST_CANCELLED
        )
        end_appointment(session, appointment, cause, actor_id=user_id, now=now, reason=reason)
        return AppointmentView.of(appointment, user_id)


def reschedule_appointment(
    user_id: uuid.UUID, appointment_id: uuid.UUID, start: datetime
) -> AppointmentView:
    """Move an appointment, keeping its identity; every therapist must be free at the new time."""
    now = clock.now()
    start = start.astimezone(UTC)
    try:
        with get_session() as session:
            appointment = _participant(session, appointment_id, user_id)
            if appointment.status not in (AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED):
                raise Conflict(
                    "Only pending or confirmed appointments can be moved.", code="not_reschedulable"
                )
            _with_consent(appointment, user_id)
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
            previous = appointment.starts_at
            appointment.starts_at, appointment.ends_at = start, start + length
            appointment.sequence = (appointment.sequence or 0) + 1  # calendars take the move
            if appointment.status == AppointmentStatus.PENDING and appointment.hold_expires_at:
                appointment.hold_expires_at = min(appointment.hold_expires_at, start)
            _occupy(appointment, buffers)
            session.flush()
            notify(
                session,
                _others(appointment, user_id),
                Notice("reschedule", "reschedule", context={"previous_start": previous},
                       related_id=appointment.id, appointment=appointment, invite="REQUEST",
                       names={"actor": user_id}),
                email=True,
            )  # fmt: skip
            view = AppointmentView.of(appointment, user_id)
    except DBAPIError as error:
        if _is_race(error):
            raise _slot_unavailable() from None
        raise
    return view


def _held(user_id: uuid.UUID, appointment_id: uuid.UUID, cause: EndCause) -> AppointmentView:
    """The service's therapist ends a confirmed appointment as held, once it has started."""
    now = clock.now()
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, primary_only=True)
        if appointment.status != AppointmentStatus.CONFIRMED:
            raise Conflict("Only confirmed appointments can end this way.", code="not_confirmed")
        if now < appointment.starts_at:
            raise Conflict("The appointment has not started yet.", code="too_early")
        end_appointment(session, appointment, cause, actor_id=user_id, now=now)
        return AppointmentView.of(appointment, user_id)


def complete_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    """The service's therapist marks a confirmed appointment done, once it has started."""
    return _held(user_id, appointment_id, EndCause.COMPLETED)


def mark_no_show(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    """The client did not come: the session counts as held (completed, `no_show`) and the money
    or credit is kept."""
    return _held(user_id, appointment_id, EndCause.NO_SHOW)


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


def _audited(session: Session, appointments: Sequence[Appointment], user_id: uuid.UUID) -> None:
    """A read of an appointment is an event for everyone else who takes part (GET /me/audit)."""
    from shared.domain import audit

    if not appointments:
        return
    role = "client" if appointments[0].client_id == user_id else "therapist"
    audit.record_many(session, audit.Access(user_id, role), "read", "appointment",
                      [(a.id, everyone(a)) for a in appointments])  # fmt: skip


def get_appointment(user_id: uuid.UUID, appointment_id: uuid.UUID) -> AppointmentView:
    with get_session() as session:
        appointment = _participant(session, appointment_id, user_id, for_update=False)
        _audited(session, [appointment], user_id)
        return AppointmentView.of(appointment, user_id)


@dataclass(frozen=True)
class AppointmentFilter:
    status: str | None = None
    start_from: datetime | None = None
    start_to: datetime | None = None
    series_id: uuid.UUID | None = None


def list_appointments(
    user_id: uuid.UUID, filters: AppointmentFilter, *, limit: int, cursor: str | None
) -> Page[AppointmentView]:
    """The appointments the user takes part in (as client or therapist), by start time."""
    statement = (
        select(Appointment).where(takes_part(user_id)).options(selectinload(Appointment.therapists))
    )
    if filters.status:
        statement = statement.where(Appointment.status == filters.status)
    if filters.start_from:
        statement = statement.where(Appointment.starts_at >= filters.start_from)
    if filters.start_to:
        statement = statement.where(Appointment.starts_at < filters.start_to)
    if filters.series_id:
        statement = statement.where(Appointment.series_id == filters.series_id)
    with get_session() as session:
        page = paginate(
            session,
            statement,
            keys=[Appointment.starts_at, Appointment.id],
            limit=limit,
            cursor=cursor,
            descending=False,
            to_item=lambda a: a,
        )
        _audited(session, page.items, user_id)
        return Page([AppointmentView.of(a, user_id) for a in page.items], page.next_cursor)


def expire_holds(now: datetime, batch_size: int = 500) -> dict[str, int]:
    """The `holds` job: end pending appointments whose hold passed, freeing their slots. Unpaid,
    the hold expired; paid but still waiting for a therapist, the consent did (and the money
    goes back, by the lifecycle's table).

    SKIP LOCKED lets two overlapping runs share the work instead of waiting on each other.
    """
    with get_session() as session:
        expired = list(
            session.scalars(
                select(Appointment)
                .where(
                    Appointment.status == AppointmentStatus.PENDING,
                    Appointment.hold_expires_at < now,
                )
                .options(selectinload(Appointment.therapists))
                .order_by(Appointment.hold_expires_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        )
        for appointment in expired:
            paid = appointment.payment_status in (PaidBy.PAID, PaidBy.CREDIT)
            cause = EndCause.CONSENT_EXPIRED if paid else EndCause.HOLD_EXPIRED
            end_appointment(session, appointment, cause, actor_id=None, now=now)
    if expired:
        logger.info("holds expired", extra={"count": len(expired)})
    return {"expired": len(expired)}


def end_future_appointments(session: Session, user_id: uuid.UUID, now: datetime) -> int:
    """End every future active appointment the user takes part in, as their account goes: as
    the client's cancellation at this moment, or as a therapist's (API.md's money table)."""
    future = list(
        session.scalars(
            select(Appointment)
            .where(
                takes_part(user_id),
                Appointment.status.in_((AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED)),
                Appointment.starts_at > now,
            )
            .options(selectinload(Appointment.therapists))
            .order_by(Appointment.id)
            .with_for_update()
        )
    )
    for appointment in future:
        cause = (
            EndCause.CLIENT_DELETED
            if appointment.client_id == user_id
            else EndCause.THERAPIST_DELETED
        )
        end_appointment(
            session, appointment, cause, actor_id=user_id, now=now, reason="account deleted"
        )
    return len(future)
