"""Reminders 24 h and 1 h before each confirmed appointment, each exactly once.

A reminder is a row of `reminder_deliveries` keyed by (appointment, kind, start time). One
statement per batch inserts the deliveries (ON CONFLICT DO NOTHING), a notification for the
client and each therapist, and their emails as outbox effects — so two runs at once, or a run
after one that crashed, never remind twice, and an email exists exactly when its reminder does.
A rescheduled appointment has a new start time and so gets its own reminders. The 1 h reminders
go first, and their emails are the outbox's most urgent; the run then sends what it can within
its time budget, and the outbox function retries whatever the mailer refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from shared import outbox
from shared.db import get_session
from shared.observability import record_business_event

# Most urgent first: an hour's notice matters more than a day's.
WINDOWS = (("1h", timedelta(hours=1), outbox.URGENT), ("24h", timedelta(hours=24), outbox.LATER))
# Each batch is one transaction; a run takes batches until nothing is due, so a busy hour is
# never left behind, while a single transaction stays small.
BATCH = 2_000
# Emails stop after this long, well inside the function's 120 s timeout; the rest go next run.
EMAIL_BUDGET_SECONDS = 60.0

# Due appointments → deliveries (skipping any another run inserted) → one notification and one
# email effect for the client and each therapist of the deliveries this statement inserted, live
# accounts only.
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
        RETURNING id, appointment_id, starts_at
    ),
    participants AS (
        SELECT d.id AS delivery_id, d.appointment_id, d.starts_at, a.client_id AS user_id
        FROM delivered d JOIN appointments a ON a.id = d.appointment_id
        UNION ALL
        SELECT d.id, d.appointment_id, d.starts_at, t.therapist_id
        FROM delivered d JOIN appointment_therapists t ON t.appointment_id = d.appointment_id
    ),
    people AS (
        SELECT p.delivery_id, p.appointment_id, p.user_id, u.email,
               'Your session starts '
                   || to_char(p.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC.'
                   AS message
        FROM participants p JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
    ),
    notified AS (
        INSERT INTO notifications (user_id, type, title, message, related_id)
        SELECT user_id, 'reminder', :title, message, appointment_id FROM people
        RETURNING 1
    ),
    emailed AS (
        INSERT INTO outbox_effects (kind, idempotency_key, payload, priority, next_attempt_at)
        SELECT 'email', 'reminder-' || delivery_id || '-' || user_id,
               jsonb_build_object('to', email, 'subject', 'Your Attune session is coming up',
                                  'body', message || E'\\n\\n— Attune\\n'),
               :priority, :now
        FROM people
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM delivered), (SELECT count(*) FROM notified),
           (SELECT count(*) FROM emailed)
    """
)


def send_reminders(now: datetime) -> dict[str, int]:
    """The `reminders` job: notify the client and every therapist of what is due, once, and
    queue their emails; then send what is queued, most urgent first, within the budget."""
    created = 0
    for kind, lead, priority in WINDOWS:
        # The 24 h reminder only while more than an hour is left: the 1 h one covers the rest.
        earliest = now + timedelta(hours=1) if kind == "24h" else now
        title = f"Session in {kind.replace('h', ' h')}"
        while True:
            with get_session() as session:
                delivered, _, _ = session.execute(
                    _REMIND,
                    {"earliest": earliest, "latest": now + lead, "kind": kind, "batch": BATCH,
                     "title": title, "priority": priority, "now": now},
                ).one()  # fmt: skip
            created += delivered
            if delivered < BATCH:
                break
    sent = outbox.run_outbox(now, kinds=("email",), budget_seconds=EMAIL_BUDGET_SECONDS)
    if created:
        record_business_event("ReminderSent", created)
    return {"reminders": created, "emailed": sent["done"], "email_failed": sent["failed"]}
