"""Booking contention through the real booking Lambda handler, each worker a separate process
(as Lambda containers are), each with its own database connection:

- 64 concurrent attempts on one slot: exactly one wins, the rest get 409 `slot_unavailable`;
- 1,000 bookings on distinct slots of 10 therapists from 8 workers: bookings per second, errors;
- the same 1,000 bookings as the database sees them - BEGIN, the booking's two statements
  (shared/domain/booking.py, prepared once per connection), COMMIT - from 8 workers with no
  HTTP, Lambda or ORM work in between: what PostgreSQL can take on this machine, apart from
  the client CPU that the first run shares its two cores with;

and afterwards, the invariant in SQL: no two active appointments of one therapist overlap.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
import uuid
from collections import Counter
from typing import Any

RACERS = 64
BOOKINGS = 1_000
WORKERS = 8
THERAPISTS = 10

_OVERLAPS = """
    SELECT count(*) FROM appointment_therapists a
    JOIN appointment_therapists b
      ON a.therapist_id = b.therapist_id AND a.appointment_id < b.appointment_id
     AND a.during && b.during
    WHERE a.active AND b.active
"""


def _book(tasks: list[tuple[str, str, str]], ready: Any, results: Any) -> None:
    """A worker process: wait for the others, then book each (token, service, start) in turn."""
    import asyncio

    from bench.common import LambdaFunction, api_event

    # The event loop Mangum found in the parent shares its epoll descriptor with it: a fresh one.
    asyncio.set_event_loop(asyncio.new_event_loop())
    booking = LambdaFunction("booking")
    outcomes: list[tuple[int, str]] = []
    ready.wait()
    started = time.perf_counter()
    for token, service_id, start in tasks:
        status, body = booking(
            api_event(
                "POST",
                "/appointments",
                token=token,
                body={"service_id": service_id, "start": start},
            )
        )
        outcomes.append((status, body.get("code", "") if status != 201 else ""))
    results.put((started, time.perf_counter(), outcomes))


def _book_in_sql(tasks: list[dict[str, Any]], ready: Any, results: Any) -> None:
    """A worker process that sends only what a booking sends the database: BEGIN, the facts
    statement, the writing statement, COMMIT (a taken slot rolls back)."""
    from datetime import UTC, datetime, timedelta

    import pg8000.native
    from sqlalchemy.engine import make_url

    from shared.domain.booking import _FACTS, _WRITE

    url = make_url(os.environ["DATABASE_URL"])
    connection = pg8000.native.Connection(
        url.username or "postgres", host=url.host or "127.0.0.1", port=url.port or 5432,
        password=url.password, database=url.database,
    )  # fmt: skip
    facts = connection.prepare(_FACTS.format(vetting="AND tp.vetting_status = 'approved'"))
    write = connection.prepare(_WRITE)
    notices = ("n_ids", "n_users", "n_kinds", "n_titles", "n_messages", "n_payloads", "n_related")
    empty: dict[str, Any] = {name: [] for name in notices}
    outcomes: list[tuple[int, str]] = []
    ready.wait()
    started = time.perf_counter()
    for task in tasks:
        now = datetime.now(UTC)
        start = datetime.fromisoformat(task["start"])
        end = start + timedelta(minutes=50)
        connection.run("BEGIN")
        try:
            window = {"lo": start - timedelta(days=1), "hi": start + timedelta(days=2)}
            facts.run(client=task["client"], service=task["service"], co=[], due=now, now=now,
                      **window)  # fmt: skip
            write.run(
                id=uuid.uuid4(), client=task["client"], service=task["service"],
                status="pending", package_type="single", starts_at=start, ends_at=end,
                price_cents=9000, currency="eur", payment_status="unpaid",
                requires_confirmation=False, hold_expires_at=now + timedelta(minutes=15),
                pre_session_message=None, meeting_url=None, credit=None, confirmed_at=None,
                series_id=None, t_ids=[task["therapist"]], t_positions=[0], t_from=[start],
                t_to=[end], t_consents=["accepted"], t_consent_at=[now], max_unpaid=3,
                due=now, now=now, n_priority=5, **empty,
            )  # fmt: skip
            connection.run("COMMIT")
            outcomes.append((201, ""))
        except pg8000.native.DatabaseError:
            connection.run("ROLLBACK")
            outcomes.append((409, "slot_unavailable"))
    results.put((started, time.perf_counter(), outcomes))


def _run(batches: list[list[Any]], worker: Any = _book) -> tuple[float, Counter[tuple[int, str]]]:
    """Run one worker process per batch, all released at once; wall seconds and outcomes."""
    from shared.db import reset_engine

    reset_engine()  # each forked worker opens its own connection, as each container does
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(len(batches))
    results = context.Queue()
    workers = [context.Process(target=worker, args=(b, ready, results)) for b in batches]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    seconds = max(r[1] for r in reports) - min(r[0] for r in reports)
    return seconds, Counter(o for r in reports for o in r[2])


def main() -> None:
    from bench.common import (
        LambdaFunction,
        quiet_environment,
        report,
        scratch_database,
        verified_users,
    )
    from bench.warm import free_starts, open_practice

    quiet_environment(tempfile.mkdtemp(prefix="attune-bench-outbox-"))
    os.environ["OUTBOX_TRY_NOW"] = "refund"  # as template.yaml configures the booking function
    scratch_database("attune_bench_contention")
    from sqlalchemy import text

    from shared.db import get_engine

    booking, entries = LambdaFunction("booking"), LambdaFunction("entries")
    practices = []
    for _ in range(THERAPISTS):
        [(therapist_id, token)] = verified_users("therapist", 1)
        service_id = open_practice(booking, entries, token)
        practices.append((str(therapist_id), service_id))
    clients = verified_users("client", RACERS + 2 * BOOKINGS)
    tokens = [token for _, token in clients]

    contested_therapist, contested_service = practices[0]
    [contested] = free_starts(booking, contested_therapist, contested_service, 1)
    race_seconds, race = _run([[(tokens[i], contested_service, contested)] for i in range(RACERS)])

    per_therapist = -(-BOOKINGS // THERAPISTS)
    slots = [
        (service, start)
        for therapist, service in practices
        for start in free_starts(booking, therapist, service, per_therapist + 1)[1:]
    ]
    # Interleave therapists so that every worker books for all of them at the same time.
    slots = [slots[t * per_therapist + k] for k in range(per_therapist) for t in range(THERAPISTS)]
    tasks = [(tokens[RACERS + i], *slots[i]) for i in range(BOOKINGS)]
    run_seconds, run = _run([tasks[w::WORKERS] for w in range(WORKERS)])

    # The same kind of bookings again (the next free slots, other clients), as SQL only.
    sql_slots = [
        (therapist, service, start)
        for therapist, service in practices
        for start in free_starts(booking, therapist, service, per_therapist + 1)[1:]
    ]
    sql_slots = [sql_slots[t * per_therapist + k] for k in range(per_therapist)
                 for t in range(THERAPISTS)]  # fmt: skip
    sql_tasks = [
        {"client": clients[RACERS + BOOKINGS + i][0], "therapist": uuid.UUID(therapist),
         "service": uuid.UUID(service), "start": start}
        for i, (therapist, service, start) in enumerate(sql_slots[:BOOKINGS])
    ]  # fmt: skip
    sql_seconds, sql_run = _run([sql_tasks[w::WORKERS] for w in range(WORKERS)], _book_in_sql)

    with get_engine().connect() as connection:
        overlaps = connection.execute(text(_OVERLAPS)).scalar()
        booked = connection.execute(text("SELECT count(*) FROM appointments")).scalar()
    won = race[(201, "")]
    booked_in_run = run[(201, "")]
    run_case = (
        f"{BOOKINGS} bookings on distinct slots of {THERAPISTS} therapists, {WORKERS} workers"
    )
    sql_case = f"the same as SQL only (BEGIN, the 2 statements, COMMIT), {WORKERS} workers"
    report(
        "contention",
        [
            {
                "case": f"{RACERS} concurrent attempts on one slot",
                "won": won,
                "slot_unavailable": race[(409, "slot_unavailable")],
                "other": sum(
                    n for o, n in race.items() if o not in {(201, ""), (409, "slot_unavailable")}
                ),
                "seconds": round(race_seconds, 2),
                "exactly_one_winner": won == 1,
            },
            {
                "case": run_case,
                "booked": booked_in_run,
                "errors": BOOKINGS - booked_in_run,
                "seconds": round(run_seconds, 2),
                "bookings_per_s": round(booked_in_run / run_seconds, 1),
            },
            {
                "case": sql_case,
                "booked": sql_run[(201, "")],
                "errors": BOOKINGS - sql_run[(201, "")],
                "seconds": round(sql_seconds, 2),
                "bookings_per_s": round(sql_run[(201, "")] / sql_seconds, 1),
            },
            {
                "case": "invariant afterwards",
                "appointments": booked,
                "overlapping_active_pairs": overlaps,
                "holds": overlaps == 0 and booked == won + booked_in_run + sql_run[(201, "")],
            },
        ],
        {(run_case, "bookings_per_s"): (">=", 200.0)},
    )


if __name__ == "__main__":
    main()
