"""Payments: Stripe PaymentIntents, webhook events applied exactly once, refunds carried out.

A payment row exists before its PaymentIntent (its id is the intent's idempotency key and
metadata), Stripe is called between two transactions, never inside one, and every Stripe event
is recorded by id in the same transaction that applies it and everything it causes (a refund for
a success that came too late is queued in that transaction), so redeliveries change nothing.
The state machine only moves forward: pending → succeeded | failed (a failed card may still
succeed with another on the same intent), and succeeded → refunded; an event that arrives late
(a failure after a success, a success after a refund) is recorded and otherwise ignored.

What an ending does with the money is the lifecycle's decision (`shared.domain.lifecycle`);
this module only carries a decided refund out (`carry_out_refund`, the outbox's executor) and
records Stripe's answer, whichever comes first of its Refund object and `charge.refunded`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from shared import clock, stripe_gateway
from shared.db import get_session
from shared.domain import documented
from shared.domain.lifecycle import (
    AppointmentStatus,
    PaidBy,
    grant_credit,
    mark_paid,
    request_refund,
)
from shared.domain.notifications import Notice, notify
from shared.errors import Conflict, NotFound, Unprocessable
from shared.models import Appointment, PackageCredit, Payment, Service, StripeEvent
from shared.observability import logger, record_business_event
from shared.pagination import Page, paginate

RefundStatus = Literal["pending", "succeeded", "failed"]  # the column's check constraint


@dataclass(frozen=True)
class RefundView:
    status: RefundStatus
    amount_cents: int
    requested_at: datetime


@documented
@dataclass(frozen=True)
class PaymentView:
    """A payment as its payer sees it."""

    id: uuid.UUID
    amount_cents: int
    currency: str
    status: str
    appointment_id: uuid.UUID | None
    service_id: uuid.UUID
    package_type: str
    created_at: datetime
    refund: RefundView | None
    """Null until a refund was decided; `status` becomes `succeeded` with the payment's
    `refunded`."""

    @classmethod
    def of(cls, p: Payment) -> PaymentView:
        refund = None
        if p.refund_status is not None and p.refund_requested_at is not None:
            refund = RefundView(
                cast(RefundStatus, p.refund_status),
                p.refund_amount_cents or p.amount_cents,
                p.refund_requested_at,
            )
        return cls(
            id=p.id,
            amount_cents=p.amount_cents,
            currency=p.currency,
            status=p.status,
            appointment_id=p.appointment_id,
            service_id=p.service_id,
            package_type=p.package_type,
            created_at=p.created_at,
            refund=refund,
        )


@dataclass(frozen=True)
class Checkout:
    """A payment's Stripe PaymentIntent, for the client to confirm with Stripe."""

    payment_id: uuid.UUID
    stripe_payment_intent_id: str
    client_secret: str
    amount_cents: int
    currency: str
    status: str

    @classmethod
    def of(cls, p: Payment) -> Checkout:
        assert p.stripe_payment_intent_id is not None and p.stripe_client_secret is not None
        return cls(p.id, p.stripe_payment_intent_id, p.stripe_client_secret, p.amount_cents,
                   p.currency, p.status)  # fmt: skip


def _open_payment(session: Session, user_id: uuid.UUID, appointment_id: uuid.UUID) -> Payment:
    appointment = session.scalar(
        select(Appointment).where(Appointment.id == appointment_id).with_for_update()
    )
    if appointment is None or appointment.client_id != user_id:
        raise NotFound("No such appointment.")
    if (
        appointment.status != AppointmentStatus.PENDING
        or appointment.payment_status != PaidBy.UNPAID
    ):
        raise Conflict("This appointment has nothing to pay.", code="not_payable")
    existing = session.scalar(
        select(Payment).where(
            Payment.appointment_id == appointment.id, Payment.status.in_(("pending", "succeeded"))
        )
    )
    if existing is not None:
        return existing
    declined = session.scalar(
        select(Payment)
        .where(Payment.appointment_id == appointment.id, Payment.status == "failed",
               Payment.stripe_payment_intent_id.is_not(None))
        .order_by(Payment.created_at.desc())
        .limit(1)
    )  # fmt: skip
    if declined is not None:  # try another card on the same intent, as Stripe allows
        declined.status = "pending"
        return declined
    payment = Payment(
        user_id=user_id,
        appointment_id=appointment.id,
        service_id=appointment.service_id,
        package_type=appointment.package_type,
        amount_cents=appointment.price_cents,  # the price booked, never the client's number
        currency=appointment.currency,
    )
    session.add(payment)
    session.flush()
    return payment


def _package_payment(session: Session, user_id: uuid.UUID, service_id: uuid.UUID) -> Payment:
    service = session.get(Service, service_id)
    if service is None or not service.is_active:
        raise NotFound("No such service.")
    if service.package_type == "single":
        raise Unprocessable("Book a single session instead of buying it.", code="not_a_package")
    payment = Payment(
        user_id=user_id,
        service_id=service.id,
        package_type=service.package_type,
        amount_cents=service.price_cents,
        currency=service.currency,
    )
    session.add(payment)
    session.flush()
    return payment


def _started(payment: Payment) -> tuple[PaymentView, Checkout | None]:
    """The payment, and its checkout if its PaymentIntent exists already."""
    return PaymentView.of(payment), (Checkout.of(payment) if payment.stripe_payment_intent_id
                                     else None)  # fmt: skip


def checkout(
    user_id: uuid.UUID, *, appointment_id: uuid.UUID | None, service_id: uuid.UUID | None
) -> Checkout:
    """A PaymentIntent for an unpaid appointment (always the same one for it) or a package."""
    try:
        with get_session() as session:
            if appointment_id is not None:
                payment = _open_payment(session, user_id, appointment_id)
            else:
                assert service_id is not None
                payment = _package_payment(session, user_id, service_id)
            view, existing = _started(payment)
    except IntegrityError:  # a concurrent checkout for the same appointment made it first
        with get_session() as session:
            assert appointment_id is not None
            view, existing = _started(_open_payment(session, user_id, appointment_id))
    if existing is not None:
        return existing
    metadata = {
        "payment_id": str(view.id),
        "user_id": str(user_id),
        "service_id": str(view.service_id),
    }
    if view.appointment_id:
        metadata["appointment_id"] = str(view.appointment_id)
    intent = stripe_gateway.payment_gateway().create_payment_intent(
        amount_cents=view.amount_cents,
        currency=view.currency,
        metadata=metadata,
        idempotency_key=f"attune-payment-{view.id}",
    )
    with get_session() as session:
        stored = session.scalar(select(Payment).where(Payment.id == view.id).with_for_update())
        assert stored is not None
        if stored.stripe_payment_intent_id is None:  # else a concurrent request stored it
            stored.stripe_payment_intent_id = intent.id
            stored.stripe_client_secret = intent.client_secret
        return Checkout.of(stored)


def list_payments(user_id: uuid.UUID, *, limit: int, cursor: str | None) -> Page[PaymentView]:
    with get_session() as session:
        return paginate(
            session,
            select(Payment).where(Payment.user_id == user_id),
            keys=[Payment.created_at, Payment.id],
            limit=limit,
            cursor=cursor,
            to_item=PaymentView.of,
        )


def get_payment(user_id: uuid.UUID, payment_id: uuid.UUID) -> PaymentView:
    with get_session() as session:
        payment = session.get(Payment, payment_id)
        if payment is None or payment.user_id != user_id:
            raise NotFound("No such payment.")
        return PaymentView.of(payment)


@dataclass(frozen=True)
class CreditView:
    service_id: uuid.UUID
    package_type: str
    remaining: int
    expires_at: datetime


def list_credits(user_id: uuid.UUID, *, limit: int) -> list[CreditView]:
    """The client's unexpired package credits with sessions left, soonest to expire first."""
    now = clock.now()
    with get_session() as session:
        credits = session.scalars(
            select(PackageCredit)
            .where(
                PackageCredit.user_id == user_id,
                PackageCredit.remaining > 0,
                PackageCredit.expires_at > now,
            )
            .order_by(PackageCredit.expires_at, PackageCredit.id)
            .limit(limit)
        )
        return [
            CreditView(c.service_id, c.package_type, c.remaining, c.expires_at) for c in credits
        ]


# --- webhooks ---------------------------------------------------------------------------------


def _payment_for(session: Session, obj: dict[str, Any]) -> Payment | None:
    intent_id = obj.get("payment_intent") if obj.get("object") == "charge" else obj.get("id")
    payment = None
    if isinstance(intent_id, str):
        payment = session.scalar(
            select(Payment).where(Payment.stripe_payment_intent_id == intent_id).with_for_update()
        )
    metadata = obj.get("metadata")
    if payment is None and isinstance(metadata, dict) and metadata.get("payment_id"):
        try:
            payment_id = uuid.UUID(str(metadata["payment_id"]))
        except ValueError:
            return None
        payment = session.scalar(select(Payment).where(Payment.id == payment_id).with_for_update())
    return payment


def _appointment(session: Session, payment: Payment) -> Appointment | None:
    if payment.appointment_id is None:
        return None
    return session.scalar(
        select(Appointment)
        .where(Appointment.id == payment.appointment_id)
        .options(selectinload(Appointment.therapists))
        .with_for_update()
    )


def _succeeded(session: Session, payment: Payment, now: datetime) -> None:
    if payment.status in ("succeeded", "refunded"):
        return
    payment.status = "succeeded"
    record_business_event("PaymentSucceeded")
    notify(session, [payment.user_id],
           Notice("payment", "payment", related_id=payment.id, service_id=payment.service_id,
                  context={"amount_cents": payment.amount_cents, "currency": payment.currency,
                           "payment_id": str(payment.id)}),
           email=True)  # fmt: skip
    appointment = _appointment(session, payment)
    if appointment is not None:
        if appointment.status == AppointmentStatus.CANCELLED:
            # Paid after it ended (its hold expired, or it was cancelled meanwhile): the money
            # goes back, decided here, in the event's own transaction.
            request_refund(session, payment, now)
        elif appointment.payment_status == PaidBy.UNPAID:
            mark_paid(session, appointment, PaidBy.PAID, now)
        return
    service = session.get(Service, payment.service_id)
    assert service is not None
    grant_credit(session, payment, service, now)


def _failed(payment: Payment) -> None:
    # A failure after a success (or refund) changes nothing. A declined card leaves the
    # appointment pending until its hold expires, so the client can try another.
    if payment.status == "pending":
        payment.status = "failed"


def record_refunded(session: Session, payment: Payment, now: datetime) -> None:
    """The payment's money went back (Stripe's Refund object succeeded, or `charge.refunded`):
    applied once, whichever of the two comes first."""
    if payment.status == "refunded":
        return
    payment.status = "refunded"
    payment.refund_status = "succeeded"
    payment.refund_amount_cents = payment.refund_amount_cents or payment.amount_cents
    payment.refund_requested_at = payment.refund_requested_at or now
    notify(session, [payment.user_id],
           Notice("refund", "refund", related_id=payment.id,
                  context={"amount_cents": payment.refund_amount_cents,
                           "currency": payment.currency, "payment_id": str(payment.id)}),
           email=True)  # fmt: skip
    record_business_event("PaymentRefunded")
    appointment = _appointment(session, payment)
    if appointment is not None and appointment.payment_status == PaidBy.PAID:
        appointment.payment_status = PaidBy.REFUNDED
    # A refunded package's unspent sessions go with the money.
    session.execute(
        update(PackageCredit).where(PackageCredit.payment_id == payment.id).values(remaining=0)
    )


def apply_stripe_event(payload: bytes, signature: str | None) -> str:
    """Verify a webhook delivery and apply its effect exactly once. Returns what happened."""
    event = stripe_gateway.verify_webhook(payload, signature)
    now = clock.now()
    with get_session() as session:
        inserted = session.execute(
            insert(StripeEvent)
            .values(id=str(event["id"]), type=str(event["type"]), payload=json.dumps(event))
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(StripeEvent.id)
        ).first()
        if inserted is None:
            return "duplicate"
        data = event.get("data")
        obj = data.get("object") if isinstance(data, dict) else None
        payment = _payment_for(session, obj) if isinstance(obj, dict) else None
        if payment is None:
            return "ignored"
        kind = event["type"]
        if kind == "payment_intent.succeeded":
            _succeeded(session, payment, now)
        elif kind in ("payment_intent.payment_failed", "payment_intent.canceled"):
            _failed(payment)
        elif kind == "charge.refunded":
            record_refunded(session, payment, now)
        else:
            return "ignored"
    return "applied"


# --- refunds, carried out by the outbox ----------------------------------------------------------


def carry_out_refund(effect: dict[str, Any], key: str) -> None:
    """The outbox's `refund` executor: refund the payment in full through Stripe (the effect's
    key is Stripe's idempotency key, so retries are one refund), then record Stripe's answer.
    Raises while Stripe does not answer, so the outbox retries."""
    payment_id = uuid.UUID(str(effect["payment_id"]))
    with get_session() as session:
        payment = session.get(Payment, payment_id)
        if payment is None or payment.status == "refunded" or payment.refund_status != "pending":
            return  # already refunded (charge.refunded came first), or no longer asked for
        intent_id = payment.stripe_payment_intent_id
    if intent_id is None:
        raise RuntimeError(f"payment {payment_id} has no PaymentIntent to refund")
    refund = stripe_gateway.payment_gateway().refund_payment_intent(intent_id, idempotency_key=key)
    now = clock.now()
    with get_session() as session:
        payment = session.scalar(select(Payment).where(Payment.id == payment_id).with_for_update())
        assert payment is not None
        payment.stripe_refund_id = refund.id
        if refund.status == "succeeded":
            record_refunded(session, payment, now)
        elif refund.status in ("failed", "canceled") and payment.status != "refunded":
            payment.refund_status = "failed"
            logger.error("Stripe refused a refund", extra={"payment": str(payment_id)})
        # Otherwise (pending, requires_action) `charge.refunded` finishes it.


def refund_given_up(session: Session, effect: dict[str, Any]) -> None:
    """The outbox parked a refund as dead: the payment shows it failed, for support to act."""
    payment = session.get(Payment, uuid.UUID(str(effect["payment_id"])), with_for_update=True)
    if payment is not None and payment.refund_status == "pending":
        payment.refund_status = "failed"
