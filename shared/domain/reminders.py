"""Reminders 24 h and 1 h before each confirmed appointment, each exactly once.

A reminder is a row of `reminder_deliveries` keyed by (appointment, kind, start time). It is
inserted with ON CONFLICT DO NOTHING in the same transaction as its notifications, so two runs at
once, or a run after one that crashed, never notify twice; a rescheduled appointment has a new
start time and so gets its own reminders. Emails go out after that commit and each delivery is
marked `emailed_at`; a run finds deliveries whose email is still unsent and sends them (an email
can repeat only if a run dies between sending it and marking it).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import selectinload

from shared.db import get_session
from shared.domain.notifications import notify
from shared.email import send_email
from shared.models import Appointment, ReminderDelivery, User
from shared.observability import record_business_event

WINDOWS = (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1)))
BATCH = 200  # bounded, so one run fits in a Lambda's time limit


def _due(kind: str, lead: timedelta, now: datetime) -> list[Appointment]:
    # The 24 h reminder only while more than an hour is left: the 1 h one covers the rest.
    earliest = now + timedelta(hours=1) if kind == "24h" else now
    with get_session() as session:
        return list(
            session.scalars(
                select(Appointment)
                .where(
                    Appointment.status == "confirmed",
                    Appointment.starts_at > earliest,
                    Appointment.starts_at <= now + lead,
                    ~exists().where(
                        and_(
                            ReminderDelivery.appointment_id == Appointment.id,
                            ReminderDelivery.kind == kind,
                            ReminderDelivery.starts_at == Appointment.starts_at,
                        )
                    ),
                )
                .options(selectinload(Appointment.therapists))
                .order_by(Appointment.starts_at)
                .limit(BATCH)
            )
        )


def send_reminders(now: datetime) -> dict[str, int]:
    """The `reminders` job: notify the client and every therapist of what is due, once."""
    created = 0
    for kind, lead in WINDOWS:
        for appointment in _due(kind, lead, now):
            with get_session() as session:
                inserted = session.execute(
                    insert(ReminderDelivery)
                    .values(
                        appointment_id=appointment.id, kind=kind, starts_at=appointment.starts_at
                    )
                    .on_conflict_do_nothing()
                    .returning(ReminderDelivery.id)
                ).first()
                if inserted is None:
                    continue  # another run got there first
                people = [appointment.client_id, *(t.therapist_id for t in appointment.therapists)]
                when = appointment.starts_at.strftime("%Y-%m-%d %H:%M UTC")
                notify(
                    session,
                    people,
                    "reminder",
                    f"Session in {kind.replace('h', ' h')}",
                    f"Your session starts {when}.",
                    appointment.id,
                )
                created += 1
    emailed = _send_unsent_emails(now)
    if created:
        record_business_event("ReminderSent", created)
    return {"reminders": created, "emailed": emailed}


def _send_unsent_emails(now: datetime) -> int:
    sent = 0
    while True:
        with get_session() as session:
            delivery = session.scalar(
                select(ReminderDelivery)
                .where(ReminderDelivery.emailed_at.is_(None))
                .order_by(ReminderDelivery.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if delivery is None:
                return sent
            appointment = session.scalar(
                select(Appointment)
                .where(Appointment.id == delivery.appointment_id)
                .options(selectinload(Appointment.therapists))
            )
            assert appointment is not None
            people = [appointment.client_id, *(t.therapist_id for t in appointment.therapists)]
            addresses = session.scalars(
                select(User.email).where(User.id.in_(people), User.deleted_at.is_(None))
            ).all()
            when = delivery.starts_at.strftime("%Y-%m-%d %H:%M UTC")
            for address in addresses:
                send_email(
                    address,
                    "Your Attune session is coming up",
                    f"Your session starts {when}.\n\n— Attune\n",
                )
            delivery.emailed_at = now
            sent += 1
