"""Reminders 24 h and 1 h before each confirmed appointment, each exactly once.

A reminder is a row of `reminder_deliveries` keyed by (appointment, kind, start time). Rows are
inserted with ON CONFLICT DO NOTHING, set-based, in the same statement as their notifications, so
two runs at once, or a run after one that crashed, never notify twice; a rescheduled appointment
has a new start time and so gets its own reminders. Emails go out after that commit and each
delivery is marked `emailed_at` once every recipient's email went out; a failed send leaves it
unsent, and a later run sends it (an email can repeat only if a run dies between sending it and
marking it, or when one of a delivery's recipients failed and the others get it again).
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shared.db import get_session
from shared.email import send_email
from shared.models import Appointment, AppointmentTherapist, ReminderDelivery, User
from shared.observability import record_business_event

WINDOWS = (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1)))
# Each batch is one transaction; a run takes batches until nothing is due, so a busy hour is
# never left behind, while a single transaction stays small.
BATCH = 2_000
EMAIL_BATCH = 100
# Emails stop after this long, well inside the function's 120 s timeout; the rest go next run.
EMAIL_BUDGET_SECONDS = 60.0

# Due appointments → deliveries (skipping any another run inserted) → one notification for the
# client and each therapist of the deliveries this statement inserted, live accounts only.
_REMIND = text(
    """
    WITH due AS (
        SELECT a.id, a.starts_at FROM appointments a
        WHERE a.status = 'confirmed' AND a.starts_at > :earliest AND a.starts_at <= :latest
          AND NOT EXISTS (
              SELECT 1 FROM reminder_deliveries d
              WHERE d.appointment_id = a.id AND d.kind = :kind AND d.starts_at = a.starts_at)
        ORDER BY a.starts_at
        LIMIT :batch
    ),
    delivered AS (
        INSERT INTO reminder_deliveries (appointment_id, kind, starts_at)
        SELECT id, :kind, starts_at FROM due
        ON CONFLICT DO NOTHING
        RETURNING appointment_id, starts_at
    ),
    people AS (
        SELECT d.appointment_id, d.starts_at, a.client_id AS user_id
        FROM delivered d JOIN appointments a ON a.id = d.appointment_id
        UNION
        SELECT d.appointment_id, d.starts_at, t.therapist_id
        FROM delivered d JOIN appointment_therapists t ON t.appointment_id = d.appointment_id
    ),
    notified AS (
        INSERT INTO notifications (user_id, type, title, message, related_id)
        SELECT p.user_id, 'reminder', :title,
               'Your session starts '
                   || to_char(p.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC.',
               p.appointment_id
        FROM people p JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM delivered), (SELECT count(*) FROM notified)
    """
)


def send_reminders(now: datetime) -> dict[str, int]:
    """The `reminders` job: notify the client and every therapist of what is due, once, then
    email what is still unsent."""
    created = 0
    for kind, lead in WINDOWS:
        # The 24 h reminder only while more than an hour is left: the 1 h one covers the rest.
        earliest = now + timedelta(hours=1) if kind == "24h" else now
        title = f"Session in {kind.replace('h', ' h')}"
        while True:
            with get_session() as session:
                delivered, _ = session.execute(
                    _REMIND,
                    {"earliest": earliest, "latest": now + lead, "kind": kind,
                     "batch": BATCH, "title": title},
                ).one()  # fmt: skip
            created += delivered
            if delivered < BATCH:
                break
    emailed, failed = _send_unsent_emails(now)
    if created:
        record_business_event("ReminderSent", created)
    return {"reminders": created, "emailed": emailed, "email_failed": failed}


def _send_unsent_emails(now: datetime) -> tuple[int, int]:
    """Email unsent deliveries, a locked batch at a time, within EMAIL_BUDGET_SECONDS; how many
    went out and how many failed (those stay unsent for the next run)."""
    sent = failed = 0
    skipped: set[uuid.UUID] = set()  # failed in this run: not again until the next one
    deadline = time.monotonic() + EMAIL_BUDGET_SECONDS
    while time.monotonic() < deadline:
        with get_session() as session:
            statement = (
                select(ReminderDelivery)
                .where(ReminderDelivery.emailed_at.is_(None))
                .order_by(ReminderDelivery.created_at)
                .limit(EMAIL_BATCH)
                .with_for_update(skip_locked=True)
            )
            if skipped:
                statement = statement.where(ReminderDelivery.id.not_in(skipped))
            deliveries = list(session.scalars(statement))
            if not deliveries:
                break
            addresses = _recipients(session, [d.appointment_id for d in deliveries])
            for delivery in deliveries:
                when = delivery.starts_at.strftime("%Y-%m-%d %H:%M UTC")
                results = [
                    send_email(address, "Your Attune session is coming up",
                               f"Your session starts {when}.\n\n— Attune\n")
                    for address in addresses[delivery.appointment_id]
                ]  # fmt: skip
                if all(results):
                    delivery.emailed_at = now
                    sent += 1
                else:
                    skipped.add(delivery.id)
                    failed += 1
    return sent, failed


def _recipients(session: Session, appointment_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """The live email addresses of each appointment's client and therapists."""
    found: dict[uuid.UUID, list[str]] = defaultdict(list)
    clients = select(Appointment.id, Appointment.client_id.label("user_id")).where(
        Appointment.id.in_(appointment_ids)
    )
    therapists = select(
        AppointmentTherapist.appointment_id, AppointmentTherapist.therapist_id
    ).where(AppointmentTherapist.appointment_id.in_(appointment_ids))
    people = clients.union(therapists).subquery()
    rows = session.execute(
        select(people.c.id, User.email)
        .join(User, User.id == people.c.user_id)
        .where(User.deleted_at.is_(None))
        .order_by(people.c.id, User.email)
    )
    for appointment_id, address in rows:
        found[appointment_id].append(address)
    return found
