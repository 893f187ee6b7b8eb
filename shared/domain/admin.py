"""Administration (role `admin`, API.md): vetting therapists, suspending accounts, refunding a
payment. Every action is an audit event written in its own transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from shared import clock
from shared.db import get_session
from shared.domain import audit, documented
from shared.domain.notifications import Notice, notify
from shared.domain.vetting import VettingStatus
from shared.errors import Conflict, NotFound
from shared.models import Appointment, Payment, Profile, RefreshToken, TherapistProfile, User
from shared.pagination import Page, paginate

VETTING_STATUSES = ("pending", "approved", "rejected")


@dataclass(frozen=True)
class LicenseView:
    number: str
    jurisdiction: str


@dataclass(frozen=True)
class VettingView:
    id: uuid.UUID
    full_name: str
    email: str
    vetting_status: VettingStatus
    vetting_reason: str | None
    vetted_at: datetime | None
    license: LicenseView | None
    is_public: bool
    suspended: bool
    created_at: datetime


def _vetting_view(t: TherapistProfile, p: Profile, u: User) -> VettingView:
    licence = (
        LicenseView(t.license_number, t.license_jurisdiction)
        if t.license_number and t.license_jurisdiction
        else None
    )
    status = cast(VettingStatus, t.vetting_status)  # the column's check constraint
    return VettingView(u.id, p.full_name, u.email, status, t.vetting_reason,
                       t.vetted_at, licence, t.is_public, u.suspended_at is not None,
                       t.created_at)  # fmt: skip


def list_for_vetting(
    admin_id: uuid.UUID, status: str | None, *, limit: int, cursor: str | None
) -> Page[VettingView]:
    """Therapists with their licence, oldest first (the queue an admin works through)."""
    statement = (
        select(TherapistProfile, Profile, User)
        .join(Profile, Profile.user_id == TherapistProfile.user_id)
        .join(User, User.id == TherapistProfile.user_id)
        .where(User.deleted_at.is_(None))
    )
    if status:
        statement = statement.where(TherapistProfile.vetting_status == status)
    with get_session() as session:
        page = paginate(
            session, statement, keys=[TherapistProfile.created_at, TherapistProfile.user_id],
            limit=limit, cursor=cursor, descending=False, to_item=lambda row: _vetting_view(*row),
            row_key=lambda row: [row[0].created_at, row[0].user_id],
        )  # fmt: skip
        for item in page.items:
            audit.admin_action(session, admin_id, "read", "therapist", item.id, item.id)
        return page


def decide_vetting(
    admin_id: uuid.UUID, therapist_id: uuid.UUID, approve: bool, reason: str | None
) -> VettingView:
    """Approve or reject a therapist; they are told, with the reason."""
    now = clock.now()
    with get_session() as session:
        row = session.execute(
            select(TherapistProfile, Profile, User)
            .join(Profile, Profile.user_id == TherapistProfile.user_id)
            .join(User, User.id == TherapistProfile.user_id)
            .where(TherapistProfile.user_id == therapist_id, User.deleted_at.is_(None))
            .with_for_update(of=TherapistProfile)
        ).first()
        if row is None:
            raise NotFound("No such therapist.")
        therapist = row[0]
        therapist.vetting_status = "approved" if approve else "rejected"
        therapist.vetting_reason = reason
        therapist.vetted_at = now
        notice = Notice("vetting", "vetting", {"approved": approve, "reason": reason},
                        related_id=therapist_id)  # fmt: skip
        notify(session, [therapist_id], notice, email=True)
        audit.admin_action(session, admin_id, "approve" if approve else "reject", "therapist",
                           therapist_id, therapist_id, reason)  # fmt: skip
        session.flush()
        return _vetting_view(*row)


@documented
@dataclass(frozen=True)
class AccountStatus:
    id: uuid.UUID
    role: str
    suspended: bool
    suspended_at: datetime | None
    suspension_reason: str | None
    ended_appointments: int = 0


def _end_their_future(session: Session, therapist_id: uuid.UUID, now: datetime) -> int:
    """A suspended therapist's future appointments end, as a therapist's cancellation would."""
    from shared.domain.appointments import takes_part
    from shared.domain.lifecycle import EndCause, end_appointment

    future = list(
        session.scalars(
            select(Appointment)
            .where(takes_part(therapist_id), Appointment.status.in_(("pending", "confirmed")),
                   Appointment.starts_at > now)
            .options(selectinload(Appointment.therapists))
            .order_by(Appointment.id)
            .with_for_update()
        )
    )  # fmt: skip
    for appointment in future:
        end_appointment(session, appointment, EndCause.THERAPIST_SUSPENDED, actor_id=None,
                        now=now, reason="the therapist is no longer available")  # fmt: skip
    return len(future)


def suspend(admin_id: uuid.UUID, user_id: uuid.UUID, reason: str) -> AccountStatus:
    """No more logins, every refresh token revoked (access tokens stop at the next request);
    a therapist leaves the directory and matching, and their future appointments end."""
    now = clock.now()
    with get_session() as session:
        user = session.scalar(
            select(User).where(User.id == user_id, User.deleted_at.is_(None)).with_for_update()
        )
        if user is None:
            raise NotFound("No such account.")
        if user.id == admin_id:
            raise Conflict("You cannot suspend yourself.", code="own_account")
        ended = 0
        if user.suspended_at is None:
            user.suspended_at, user.suspension_reason = now, reason
            session.execute(
                update(RefreshToken)
                .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            if user.role == "therapist":
                ended = _end_their_future(session, user.id, now)
        audit.admin_action(session, admin_id, "suspend", "account", user.id, user.id, reason)
        return AccountStatus(user.id, user.role, True, user.suspended_at,
                             user.suspension_reason, ended)  # fmt: skip


def unsuspend(admin_id: uuid.UUID, user_id: uuid.UUID, reason: str) -> AccountStatus:
    with get_session() as session:
        user = session.scalar(
            select(User).where(User.id == user_id, User.deleted_at.is_(None)).with_for_update()
        )
        if user is None:
            raise NotFound("No such account.")
        user.suspended_at, user.suspension_reason = None, None
        audit.admin_action(session, admin_id, "unsuspend", "account", user.id, user.id, reason)
        return AccountStatus(user.id, user.role, False, None, None)


@dataclass(frozen=True)
class AdminRefund:
    payment_id: uuid.UUID
    status: str
    refund_status: str | None
    appointment_status: str | None


def refund_payment(admin_id: uuid.UUID, payment_id: uuid.UUID, reason: str) -> AdminRefund:
    """A full refund through the same durable path as every other (the outbox, keyed by the
    payment); an appointment it paid for that has not happened yet ends with it."""
    from shared.domain.lifecycle import EndCause, can_end, end_appointment, request_refund

    now = clock.now()
    with get_session() as session:
        payment = session.scalar(select(Payment).where(Payment.id == payment_id).with_for_update())
        if payment is None:
            raise NotFound("No such payment.")
        if payment.status != "succeeded":
            raise Conflict("Only a succeeded payment can be refunded.", code="not_refundable")
        appointment = None
        if payment.appointment_id is not None:
            appointment = session.scalar(
                select(Appointment)
                .where(Appointment.id == payment.appointment_id)
                .options(selectinload(Appointment.therapists))
                .with_for_update()
            )
        if (appointment is not None and appointment.starts_at > now
                and can_end(appointment.status, EndCause.ADMIN_REFUND)):  # fmt: skip
            end_appointment(session, appointment, EndCause.ADMIN_REFUND, actor_id=None, now=now,
                            reason=reason)  # fmt: skip
        request_refund(session, payment, now)  # once, whoever asked first
        audit.admin_action(session, admin_id, "refund", "payment", payment.id, payment.user_id,
                           reason)  # fmt: skip
        return AdminRefund(payment.id, payment.status, payment.refund_status,
                           appointment.status if appointment else None)  # fmt: skip
