"""Reminders: the scheduled `reminders` Lambda over 10,000 due appointments — how long it takes,
and exactly one reminder (one notification per participant, one delivery, its emails) each.

1,000 therapists with 10 confirmed 50-minute appointments each, two hours apart, 10,000
distinct clients. With the clock frozen at NOW, each therapist's first appointment starts within
the hour (due for the 1 h reminder) and the other nine within 24 hours (due for the 24 h one).
The handler (functions/reminders/app.py, loaded as `make invoke` loads it) runs with the sample
schedule event, emails go to a file outbox in a fresh /tmp directory (never SES).

A run records every due reminder, `BATCH` appointments per transaction (each with its email
effects in the outbox), then sends queued emails for up to `EMAIL_BUDGET_SECONDS`
(shared.domain.reminders). The bench times the first
run, runs the job again, as the 5-minute schedule would, until a run finds nothing left to do,
then checks the database and the outbox, and runs once more.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

THERAPISTS = 1_000
PER_THERAPIST = 10
APPOINTMENTS = THERAPISTS * PER_THERAPIST
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # a Monday morning
SPACING = timedelta(hours=2)
DURATION = timedelta(minutes=50)
BUFFER = timedelta(minutes=10)
MAX_RUNS = 200  # a safety stop for the drain loop


def _seed() -> None:
    from sqlalchemy.dialects.postgresql import Range

    from bench.common import copy_rows
    from shared.db import get_session
    from shared.models import (
        Appointment,
        AppointmentTherapist,
        Profile,
        Service,
        TherapistProfile,
        User,
    )

    therapists = [uuid.uuid4() for _ in range(THERAPISTS)]
    clients = [uuid.uuid4() for _ in range(APPOINTMENTS)]
    services = [uuid.uuid4() for _ in range(THERAPISTS)]
    verified = NOW - timedelta(days=30)
    users = [
        {"id": t, "email": f"t{i}@bench.example", "password_hash": "x", "role": "therapist",
         "email_verified_at": verified} for i, t in enumerate(therapists)
    ] + [
        {"id": c, "email": f"c{i}@bench.example", "password_hash": "x", "role": "client",
         "email_verified_at": verified} for i, c in enumerate(clients)
    ]  # fmt: skip
    appointments, taking_part = [], []
    for i, (therapist, service) in enumerate(zip(therapists, services, strict=True)):
        # Slot 0 starts 20-55 minutes from NOW (1 h reminder), slots 1-9 within 19 h (24 h).
        first = NOW + timedelta(minutes=20 + 5 * (i % 8))
        for slot in range(PER_THERAPIST):
            starts = first + slot * SPACING
            appointment = uuid.uuid4()
            appointments.append(
                {"id": appointment, "client_id": clients[i * PER_THERAPIST + slot],
                 "service_id": service, "status": "confirmed", "package_type": "single",
                 "starts_at": starts, "ends_at": starts + DURATION, "price_cents": 9000,
                 "currency": "eur", "payment_status": "paid", "requires_confirmation": False,
                 "confirmed_at": verified}
            )  # fmt: skip
            taking_part.append(
                {"appointment_id": appointment, "therapist_id": therapist, "position": 0,
                 "during": Range(starts, starts + DURATION + BUFFER)}
            )  # fmt: skip
    with get_session() as session:
        copy_rows(session, User, users)
        copy_rows(
            session,
            Profile,
            [{"user_id": u["id"], "full_name": u["email"], "timezone": "Europe/Berlin"}
             for u in users],
        )  # fmt: skip
        copy_rows(
            session,
            TherapistProfile,
            [{"user_id": t, "languages": ["en"], "specialties": ["anxiety"], "is_public": True,
              "accepting_clients": True} for t in therapists],
        )  # fmt: skip
        copy_rows(
            session,
            Service,
            [{"id": s, "therapist_id": t, "title": "Session", "description": "x",
              "category": "x", "package_type": "single", "sessions_included": 1,
              "duration_minutes": 50, "price_cents": 9000, "currency": "eur"}
             for t, s in zip(therapists, services, strict=True)],
        )  # fmt: skip
        copy_rows(session, Appointment, appointments)
        copy_rows(session, AppointmentTherapist, taking_part)
    with get_session() as session:
        session.execute(text("ANALYZE"))


def _count(sql: str) -> int:
    from shared.db import get_session

    with get_session() as session:
        return int(session.scalar(text(sql)) or 0)


def main() -> None:
    from bench.common import quiet_environment, report, scratch_database

    started = time.perf_counter()
    outbox = Path(tempfile.mkdtemp(prefix="attune-bench-outbox-"))
    quiet_environment(str(outbox))  # emails to files, never SES
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"  # no EMF line per run in the table
    scratch_database("attune_bench_reminders")  # also re-reads the settings
    from local.functions import load_module
    from local.invoke import LocalContext
    from local.template import ROOT, function_for_dir
    from shared.clock import FrozenClock, use_clock
    from shared.domain.reminders import BATCH
    from shared.email import reset_senders
    from shared.observability import logger

    reset_senders()
    logger.setLevel("WARNING")  # the handler logs a summary per run; the bench prints its own
    seeding = time.perf_counter()
    _seed()
    seeded = time.perf_counter() - seeding
    hour_later = (NOW + timedelta(hours=1)).isoformat()
    due_1h = _count(
        "SELECT count(*) FROM appointments WHERE status = 'confirmed' AND "
        f"starts_at > '{NOW.isoformat()}' AND starts_at <= '{hour_later}'"
    )
    print(f"seeded {APPOINTMENTS} appointments ({due_1h} due for the 1 h reminder, "
          f"{APPOINTMENTS - due_1h} for the 24 h one) in {seeded:.1f} s")  # fmt: skip

    function = function_for_dir("reminders")
    handler = getattr(load_module(function), function.handler)
    event = json.loads((ROOT / "events" / "schedule.json").read_text())

    def run() -> dict[str, Any]:
        result: dict[str, Any] = handler(event, LocalContext(function_name=function.logical_id))
        return result

    with use_clock(FrozenClock(NOW)):
        first_started = time.perf_counter()
        first = run()
        first_seconds = time.perf_counter() - first_started
        print(f"run 1: {first_seconds:.1f} s, {first}")
        runs, created, emailed = 1, first["reminders"], first["emailed"]
        drain_started = time.perf_counter()
        while runs < MAX_RUNS:
            result = run()
            runs += 1
            created += result["reminders"]
            emailed += result["emailed"]
            if result["reminders"] == 0 and result["emailed"] == 0:
                break
        all_seconds = first_seconds + time.perf_counter() - drain_started
        print(f"drained after {runs} runs (the last found nothing): {all_seconds:.1f} s, "
              f"{created} reminders, {emailed} emails sent")  # fmt: skip

        notifications = _count("SELECT count(*) FROM notifications WHERE type = 'reminder'")
        deliveries = _count("SELECT count(*) FROM reminder_deliveries")
        # Exactly one: per appointment one delivery, and per participant one notification.
        duplicate_deliveries = _count(
            "SELECT count(*) FROM (SELECT appointment_id FROM reminder_deliveries "
            "GROUP BY appointment_id HAVING count(*) > 1) d"
        )
        duplicates = _count(
            "SELECT count(*) FROM (SELECT related_id, user_id FROM notifications "
            "WHERE type = 'reminder' GROUP BY related_id, user_id HAVING count(*) > 1) d"
        )
        missing = _count(
            "SELECT count(*) FROM appointments a "
            "JOIN appointment_therapists t ON t.appointment_id = a.id "
            "WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.type = 'reminder' "
            "                  AND n.related_id = a.id AND n.user_id = a.client_id) "
            "   OR NOT EXISTS (SELECT 1 FROM notifications n WHERE n.type = 'reminder' "
            "                  AND n.related_id = a.id AND n.user_id = t.therapist_id)"
        )
        unsent = _count(
            "SELECT count(*) FROM outbox_effects WHERE kind = 'email' AND status <> 'done'"
        )
        mails = len(list(outbox.glob("*.eml")))

        again_started = time.perf_counter()
        again = run()
        again_seconds = time.perf_counter() - again_started
        again_notifications = (
            _count("SELECT count(*) FROM notifications WHERE type = 'reminder'") - notifications
        )
        again_mails = len(list(outbox.glob("*.eml"))) - mails
    total = time.perf_counter() - started
    print(f"total {total:.1f} s")
    assert deliveries == APPOINTMENTS and duplicate_deliveries == 0, (deliveries, duplicates)
    assert notifications == 2 * APPOINTMENTS and duplicates == 0 and missing == 0
    assert mails == 2 * APPOINTMENTS and unsent == 0
    assert again["reminders"] == 0 and again_notifications == 0 and again_mails == 0
    shutil.rmtree(outbox)  # 20,000 .eml files; kept above when a check fails
    first_case = (f"first run of the reminders handler, {APPOINTMENTS:,} appointments due "
                  f"({due_1h:,} within 1 h), BATCH={BATCH}")  # fmt: skip
    report(
        "reminders",
        [
            {"case": f"first run of the reminders handler, {APPOINTMENTS:,} appointments due "
                     f"({due_1h:,} within 1 h), BATCH={BATCH}",
             "seconds": round(first_seconds, 1), "reminders": first["reminders"],
             "emailed": first["emailed"]},
            {"case": "runs until nothing is due (what the 5-minute schedule would do)",
             "runs": runs, "seconds": round(all_seconds, 1),
             "ms_per_reminder": round(all_seconds * 1000 / max(1, created), 1),
             "reminders": created},
            {"case": "after draining: exactly one each",
             "appointments": APPOINTMENTS, "deliveries": deliveries,
             "notifications": notifications, "duplicates": duplicates + duplicate_deliveries,
             "missing": missing, "emails": mails, "unsent": unsent},
            {"case": "one more run", "seconds": round(again_seconds, 2),
             "reminders": again["reminders"], "notifications": again_notifications,
             "emails": again_mails},
            {"case": "seeding (COPY)", "seconds": round(seeded, 1),
             "total_seconds": round(total, 1)},
        ],
        {(first_case, "seconds"): ("<=", 5.0)},
    )  # fmt: skip


if __name__ == "__main__":
    main()
