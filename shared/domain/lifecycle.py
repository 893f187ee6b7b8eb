"""The appointment lifecycle: statuses, consents, package credits, and how every ending settles.

The rules are pure and tested without a database: `can_transition` (the status table),
`confirmable` (paid and every required consent given) and `settlement` (API.md's table "Money
when an appointment ends"). The functions below them apply those rules inside the caller's
transaction; `end_appointment` is the one way an appointment ends, whatever ends it, and it
decides the money in that same transaction: a returned credit at once, a refund as an outbox
effect that is carried out after the commit and retried until Stripe answers.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from shared import outbox
from shared.config import get_settings
from shared.domain.notifications import Notice, notify
from shared.errors import Conflict
from shared.models import Appointment, PackageCredit, Payment, Service
from shared.observability import record_business_event

PAYMENT_HOLD = timedelta(minutes=15)
CONSENT_HOLD = timedelta(hours=48)
FREE_CANCELLATION = timedelta(hours=24)


class AppointmentStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PaidBy(StrEnum):
    """`appointments.payment_status`: how the session is paid for."""

    UNPAID = "unpaid"
    PAID = "paid"  # by card
    CREDIT = "credit"  # by a package credit
    REFUNDED = "refunded"  # the card payment went back, or the credit was returned


class ConsentStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ConsentRole(StrEnum):
    PRIMARY = "primary"  # the service's therapist
    CO = "co"


class EndCause(StrEnum):
    """Why an appointment ended: each path that ends one names its cause."""

    CLIENT_CANCELLED = "client_cancelled"
    THERAPIST_CANCELLED = "therapist_cancelled"
    DECLINED = "declined"
    HOLD_EXPIRED = "hold_expired"
    CONSENT_EXPIRED = "consent_expired"
    CLIENT_DELETED = "client_deleted"
    THERAPIST_DELETED = "therapist_deleted"
    ADMIN_REFUND = "admin_refund"
    THERAPIST_SUSPENDED = "therapist_suspended"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


_S = AppointmentStatus
_TRANSITIONS: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    _S.PENDING: frozenset({_S.CONFIRMED, _S.CANCELLED}),
    _S.CONFIRMED: frozenset({_S.COMPLETED, _S.CANCELLED}),
    _S.COMPLETED: frozenset(),
    _S.CANCELLED: frozenset(),
}
ACTIVE = frozenset({AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED})
# Causes that only end an appointment still waiting for something.
_ONLY_PENDING = frozenset({EndCause.DECLINED, EndCause.HOLD_EXPIRED, EndCause.CONSENT_EXPIRED})
_CLIENT_SIDE = frozenset({EndCause.CLIENT_CANCELLED, EndCause.CLIENT_DELETED})
_KEEPS_MONEY = frozenset({EndCause.COMPLETED, EndCause.NO_SHOW})


def can_transition(current: str, to: str) -> bool:
    """Whether the status table allows `current` → `to` (a terminal status goes nowhere)."""
    return AppointmentStatus(to) in _TRANSITIONS[AppointmentStatus(current)]


def ends_in(cause: EndCause) -> AppointmentStatus:
    """The status an ending leaves: completed for a session held (or missed), else cancelled."""
    return AppointmentStatus.COMPLETED if cause in _KEEPS_MONEY else AppointmentStatus.CANCELLED


def can_end(current: str, cause: EndCause) -> bool:
    """Whether an appointment in `current` can end for `cause`."""
    if cause in _ONLY_PENDING and current != AppointmentStatus.PENDING:
        return False
    return can_transition(current, ends_in(cause))


@dataclass(frozen=True)
class Settlement:
    """What an ending does with the money: refund the card, return the credit, or keep it."""

    refund: bool
    return_credit: bool
    late: bool  # a client's cancellation under FREE_CANCELLATION before the start

    @property
    def kept(self) -> bool:
        return not self.refund and not self.return_credit


def settlement(cause: EndCause, paid_by: str, starts_at: datetime, now: datetime) -> Settlement:
    """API.md's table "Money when an appointment ends", for an appointment paid as `paid_by`.

    A client's cancellation (or deletion) 24 h or more ahead, any therapist's cancellation or
    decline, an expired hold or consent, and an admin refund give everything back; a client's
    later cancellation, a completed session and a no-show keep it.
    """
    late = cause in _CLIENT_SIDE and starts_at - now < FREE_CANCELLATION
    kept = cause in _KEEPS_MONEY or late
    return Settlement(
        refund=not kept and paid_by == PaidBy.PAID,
        return_credit=not kept and paid_by == PaidBy.CREDIT,
        late=late,
    )


def confirmable(paid_by: str, consents: Iterable[str]) -> bool:
    """Confirmed once paid (by card or credit) and every required consent is accepted."""
    return paid_by in (PaidBy.PAID, PaidBy.CREDIT) and all(
        c == ConsentStatus.ACCEPTED for c in consents
    )


# --- applying the rules, inside the caller's transaction ---------------------------------------


def everyone(appointment: Appointment) -> list[uuid.UUID]:
    return [appointment.client_id, *(t.therapist_id for t in appointment.therapists)]


def role_of(position: int) -> ConsentRole:
    return ConsentRole.PRIMARY if position == 0 else ConsentRole.CO


def settle(appointment: Appointment, now: datetime) -> Notice | None:
    """Confirm a pending appointment once it is paid and every consent is given (returning the
    confirmation everyone is to be told of); while paid but still waiting for a therapist, hold
    the slot for CONSENT_HOLD (at most until the start). Touches only the object."""
    if appointment.status != AppointmentStatus.PENDING:
        return None
    if confirmable(appointment.payment_status, (t.consent for t in appointment.therapists)):
        appointment.status = AppointmentStatus.CONFIRMED
        appointment.confirmed_at = now
        appointment.hold_expires_at = None
        appointment.meeting_url = (
            f"{get_settings().meeting_base_url}/{appointment.id}-{secrets.token_urlsafe(9)}"
        )
        record_business_event("AppointmentConfirmed")
        return Notice("confirmation", "confirmation", related_id=appointment.id,
                      appointment=appointment, invite="REQUEST")  # fmt: skip
    if appointment.payment_status in (PaidBy.PAID, PaidBy.CREDIT):
        appointment.hold_expires_at = min(now + CONSENT_HOLD, appointment.starts_at)
    return None


def settle_status(session: Session, appointment: Appointment, now: datetime) -> None:
    """`settle`, and everyone told of a confirmation."""
    confirmed = settle(appointment, now)
    if confirmed is not None:
        notify(session, everyone(appointment), confirmed, email=True)


def mark_paid(session: Session, appointment: Appointment, how: PaidBy, now: datetime) -> None:
    """Record the appointment's payment (`paid` or `credit`) and confirm it if it can be."""
    appointment.payment_status = how
    settle_status(session, appointment, now)


def record_consent(
    session: Session, appointment: Appointment, therapist_id: uuid.UUID, accept: bool, now: datetime
) -> None:
    """One therapist's own answer. An acceptance may confirm the appointment; a decline ends it,
    settled as a therapist's cancellation. 409 `not_pending` when nothing awaits their answer."""
    mine = next(t for t in appointment.therapists if t.therapist_id == therapist_id)
    if appointment.status != AppointmentStatus.PENDING or mine.consent != ConsentStatus.PENDING:
        raise Conflict("This appointment is not awaiting your answer.", code="not_pending")
    mine.consent_at = now
    if accept:
        mine.consent = ConsentStatus.ACCEPTED
        settle_status(session, appointment, now)
    else:
        mine.consent = ConsentStatus.DECLINED
        end_appointment(session, appointment, EndCause.DECLINED, actor_id=therapist_id, now=now,
                        reason="declined by a therapist")  # fmt: skip


def spend_credit(
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


def grant_credit(session: Session, payment: Payment, service: Service, now: datetime) -> None:
    """A paid package's sessions, once per payment (a redelivered event grants nothing more)."""
    session.execute(
        insert(PackageCredit)
        .values(
            id=uuid.uuid4(),
            user_id=payment.user_id,
            service_id=service.id,
            payment_id=payment.id,
            package_type=service.package_type,
            sessions_total=service.sessions_included,
            remaining=service.sessions_included,
            expires_at=now + timedelta(days=service.validity_days or 30),
        )
        .on_conflict_do_nothing(index_elements=["payment_id"])
    )


def _return_credit(session: Session, appointment: Appointment) -> None:
    credit = (
        session.get(PackageCredit, appointment.credit_id, with_for_update=True)
        if appointment.credit_id is not None
        else None
    )
    # Never above the package: a credit is returned once, as the appointment leaves `credit`.
    if credit is not None and credit.remaining < credit.sessions_total:
        credit.remaining += 1
    appointment.payment_status = PaidBy.REFUNDED


def request_refund(session: Session, payment: Payment, now: datetime) -> None:
    """Decide a full refund of a succeeded payment: recorded on the payment and queued for
    Stripe in the caller's transaction, once whatever asks again (the key is the payment's)."""
    if payment.status != "succeeded" or payment.refund_status in ("pending", "succeeded"):
        return
    payment.refund_status = "pending"
    payment.refund_amount_cents = payment.amount_cents
    payment.refund_requested_at = now
    outbox.enqueue(
        session,
        "refund",
        f"attune-refund-{payment.id}",
        {"payment_id": str(payment.id)},
        priority=outbox.MONEY,
        now=now,
    )


def _money_outcome(money: Settlement, paid_by: str) -> str | None:
    """What the client is told about the money (templates/_money.jinja)."""
    if money.refund:
        return "refund"
    if money.return_credit:
        return "credit"
    if paid_by == PaidBy.PAID:
        return "kept_payment"
    if paid_by == PaidBy.CREDIT:
        return "kept_credit"
    return None


def invited(appointment: Appointment) -> bool:
    """Whether its participants ever got the appointment as an invitation: at its
    confirmation, or with a reschedule. Only then does its ending carry a CANCEL."""
    return appointment.confirmed_at is not None or (appointment.sequence or 0) > 0


def end_appointment(
    session: Session,
    appointment: Appointment,
    cause: EndCause,
    *,
    actor_id: uuid.UUID | None,
    now: datetime,
    reason: str | None = None,
    notify_actor: bool = False,
) -> Settlement:
    """End an appointment (locked by the caller) for `cause`, in the caller's transaction: its
    status, its slots freed, the money settled by `settlement`, everyone else told.

    409 `not_cancellable` when the status table does not allow it.
    """
    if not can_end(appointment.status, cause):
        raise Conflict("This appointment cannot end that way now.", code="not_cancellable")
    paid_by = appointment.payment_status
    money = settlement(cause, paid_by, appointment.starts_at, now)
    status = ends_in(cause)
    appointment.status = status
    appointment.end_cause = cause
    appointment.hold_expires_at = None
    for row in appointment.therapists:
        row.active = False
    if status == AppointmentStatus.COMPLETED:
        appointment.completed_at = now
        return money
    had_invitation = invited(appointment)
    appointment.cancelled_at = now
    appointment.cancelled_by = actor_id
    appointment.cancellation_reason = reason
    appointment.late_cancellation = money.late
    appointment.sequence = (appointment.sequence or 0) + 1  # STATUS changes: a new revision
    if money.return_credit:
        _return_credit(session, appointment)
    if money.refund:
        payment = session.scalar(
            select(Payment)
            .where(Payment.appointment_id == appointment.id, Payment.status == "succeeded")
            .with_for_update()
        )
        if payment is not None:
            request_refund(session, payment, now)
    template = "declined" if cause == EndCause.DECLINED else "cancellation"
    told = [u for u in everyone(appointment) if notify_actor or u != actor_id]
    # A reason is the canceller's own words to the others; a deletion's is ours, not shown.
    words = reason if cause in (EndCause.CLIENT_CANCELLED, EndCause.THERAPIST_CANCELLED) else None
    # The client reads what happens to their money; the therapists read the ending only.
    for for_client in (True, False):
        notify(
            session,
            [u for u in told if (u == appointment.client_id) == for_client],
            Notice(template, template,
                   context={"cause": str(cause), "for_client": for_client, "reason": words,
                            "money": _money_outcome(money, paid_by) if for_client else None},
                   related_id=appointment.id, appointment=appointment,
                   invite="CANCEL" if had_invitation else None, names={"actor": actor_id}),
            email=True,
        )  # fmt: skip
    record_business_event("AppointmentCancelled")
    return money
