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

import json
from datetime import datetime, timedelta

from sqlalchemy import text

from shared import outbox
from shared.config import get_settings
from shared.db import get_session
from shared.emails.locales import LANGUAGES, N_, translations
from shared.observability import record_business_event

# Most urgent first: an hour's notice matters more than a day's.
WINDOWS = (("1h", timedelta(hours=1), outbox.URGENT), ("24h", timedelta(hours=24), outbox.LATER))
# Each batch is one transaction; a run takes batches until nothing is due, so a busy hour is
# never left behind, while a single transaction stays small.
BATCH = 2_000
# Emails stop after this long, well inside the function's 120 s timeout; the rest go next run.
EMAIL_BUDGET_SECONDS = 60.0
# Emails claimed at a time: a claim and its "done" are two round trips, and a batch of this
# many goes out in well under a second (its lease is five minutes).
EMAIL_BATCH = 200

# Due appointments → deliveries (skipping any another run inserted) → one notification and one
# email effect for the client and each therapist of the deliveries this statement inserted, live
# accounts only. The notification is in the recipient's language (the titles and messages are
# bound per language); the email is queued as its template and facts, rendered when it is sent
# (shared.email.deliver_email) in the recipient's language and zone, with the real lead time.
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
    facts AS (
        SELECT d.id AS delivery_id, d.appointment_id, d.starts_at, a.client_id,
               jsonb_build_object(
                   'id', a.id, 'link', CAST(:app AS text) || '/appointments/' || a.id,
                   'service', s.title, 'starts_at', a.starts_at, 'ends_at', a.ends_at,
                   'status', a.status, 'meeting_url', a.meeting_url,
                   'client', cp.full_name, 'therapist', tp.full_name,
                   'co_therapists', COALESCE((
                       SELECT jsonb_agg(op.full_name ORDER BY o.position)
                       FROM appointment_therapists o JOIN profiles op ON op.user_id = o.therapist_id
                       WHERE o.appointment_id = a.id AND o.position > 0), '[]'::jsonb)
               ) AS appointment
        FROM delivered d JOIN appointments a ON a.id = d.appointment_id
        JOIN services s ON s.id = a.service_id
        LEFT JOIN profiles cp ON cp.user_id = a.client_id
        LEFT JOIN appointment_therapists t ON t.appointment_id = a.id AND t.position = 0
        LEFT JOIN profiles tp ON tp.user_id = t.therapist_id
    ),
    participants AS (
        SELECT f.delivery_id, f.appointment_id, f.starts_at, f.appointment, f.client_id AS user_id
        FROM facts f
        UNION ALL
        SELECT f.delivery_id, f.appointment_id, f.starts_at, f.appointment, t.therapist_id
        FROM facts f JOIN appointment_therapists t ON t.appointment_id = f.appointment_id
    ),
    people AS (
        SELECT p.*, u.email, COALESCE(pr.language, 'en') AS language,
               COALESCE(pr.timezone, 'UTC') AS timezone,
               COALESCE(CAST(:titles AS jsonb) ->> lower(split_part(pr.language, '-', 1)),
                        CAST(:titles AS jsonb) ->> 'en') AS title,
               replace(COALESCE(CAST(:messages AS jsonb) ->> lower(split_part(pr.language, '-', 1)),
                                CAST(:messages AS jsonb) ->> 'en'),
                       '%(when)s',
                       to_char(p.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC')
                   AS message
        FROM participants p JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
        LEFT JOIN profiles pr ON pr.user_id = p.user_id
    ),
    notified AS (
        INSERT INTO notifications (user_id, type, title, message, related_id)
        SELECT user_id, 'reminder', title, message, appointment_id FROM people
        RETURNING 1
    ),
    emailed AS (
        INSERT INTO outbox_effects (kind, idempotency_key, payload, priority, next_attempt_at)
        SELECT 'email', 'reminder-' || delivery_id || '-' || user_id,
               jsonb_build_object('to', email, 'template', 'reminder', 'language', language,
                                  'timezone', timezone,
                                  'context', jsonb_build_object('appointment', appointment)),
               :priority, :now
        FROM people
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM delivered), (SELECT count(*) FROM notified),
           (SELECT count(*) FROM emailed)
    """
)
# The in-app reminder, by language: the title names the window, the message the start in UTC
# (the app shows it in the reader's zone; the email names the reader's own).
_TITLES = {"24h": N_("Session in 24 h"), "1h": N_("Session in 1 h")}
_MESSAGE = N_("Your session starts %(when)s.")


def _by_language(message: str) -> str:
    """A msgid translated into every language, as JSON for the statement."""
    return json.dumps({lang: translations(lang).gettext(message) for lang in LANGUAGES})


def send_reminders(now: datetime) -> dict[str, int]:
    """The `reminders` job: notify the client and every therapist of what is due, once, and
    queue their emails; then send what is queued, most urgent first, within the budget."""
    created = 0
    for kind, lead, priority in WINDOWS:
        # The 24 h reminder only while more than an hour is left: the 1 h one covers the rest.
        earliest = now + timedelta(hours=1) if kind == "24h" else now
        titles, messages = _by_language(_TITLES[kind]), _by_language(_MESSAGE)
        while True:
            with get_session() as session:
                delivered, _, _ = session.execute(
                    _REMIND,
                    {"earliest": earliest, "latest": now + lead, "kind": kind, "batch": BATCH,
                     "titles": titles, "messages": messages, "priority": priority, "now": now,
                     "app": get_settings().app_base_url.rstrip("/")},
                ).one()  # fmt: skip
            created += delivered
            if delivered < BATCH:
                break
    sent = outbox.run_outbox(
        now, kinds=("email",), budget_seconds=EMAIL_BUDGET_SECONDS, batch=EMAIL_BATCH
    )
    if created:
        record_business_event("ReminderSent", created)
    return {"reminders": created, "emailed": sent["done"], "email_failed": sent["failed"]}
