"""Booking contention through the real booking Lambda handler, each worker a separate process
(as Lambda containers are), each with its own database connection:

- 64 concurrent attempts on one slot: exactly one wins, the rest get 409 `slot_unavailable`;
- 1,000 bookings on distinct slots of 10 therapists from 8 workers: bookings per second, errors;

and afterwards, the invariant in SQL: no two active appointments of one therapist overlap.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
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


def _run(batches: list[list[tuple[str, str, str]]]) -> tuple[float, Counter[tuple[int, str]]]:
    """Run one worker process per batch, all released at once; wall seconds and outcomes."""
    from shared.db import reset_engine

    reset_engine()  # each forked worker opens its own connection, as each container does
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(len(batches))
    results = context.Queue()
    workers = [context.Process(target=_book, args=(b, ready, results)) for b in batches]
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
    scratch_database("attune_bench_contention")
    from sqlalchemy import text

    from shared.db import get_engine

    booking, entries = LambdaFunction("booking"), LambdaFunction("entries")
    practices = []
    for _ in range(THERAPISTS):
        [(therapist_id, token)] = verified_users("therapist", 1)
        service_id = open_practice(booking, entries, token)
        practices.append((str(therapist_id), service_id))
    tokens = [token for _, token in verified_users("client", RACERS + BOOKINGS)]

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

    with get_engine().connect() as connection:
        overlaps = connection.execute(text(_OVERLAPS)).scalar()
        booked = connection.execute(text("SELECT count(*) FROM appointments")).scalar()
    won = race[(201, "")]
    booked_in_run = run[(201, "")]
    run_case = (
        f"{BOOKINGS} bookings on distinct slots of {THERAPISTS} therapists, {WORKERS} workers"
    )
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
                "case": "invariant afterwards",
                "appointments": booked,
                "overlapping_active_pairs": overlaps,
                "holds": overlaps == 0 and booked == won + booked_in_run,
            },
        ],
        {(run_case, "bookings_per_s"): (">=", 200.0)},
    )


if __name__ == "__main__":
    main()
