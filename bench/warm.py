"""Warm latency through the real Lambda handlers: an API Gateway v2 event into Mangum, through the
app, to the database and back, in one warm container per function — beside the floor of one
`SELECT 1` round trip and of a minimal transaction over the same kind of connection; then the
round trips each request makes, counted by a proxy in front of PostgreSQL (bench/rtt_proxy.py),
and with BENCH_RTT_MS=1 the latency once every round trip costs a millisecond, as behind RDS
Proxy."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.rtt_proxy import LatencyProxy

RUNS = 300
COUNTED = 20  # requests per case through the round-trip-counting proxy
EVERY_DAY = {
    d: [{"start": "00:00", "end": "23:59"}]
    for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}
PROFILE = {
    "full_name": "Dr. Bench Mark",
    "languages": ["en"],
    "specialties": ["anxiety", "sleep"],
    "timezone": "Europe/Berlin",
    "is_public": True,
    "accepting_clients": True,
    "bio": "I help adults with anxiety, panic and poor sleep, with CBT and calm, practical steps.",
}
SERVICE = {
    "title": "Individual session",
    "description": "Fifty minutes.",
    "category": "anxiety",
    "package_type": "single",
    "duration_minutes": 50,
    "price_cents": 9000,
    "currency": "eur",
}
ENTRY = (
    "I keep waking at 4 am with my heart racing about work. I cannot get back to sleep and the "
    "next day I snap at everyone. I would like to talk to someone about anxiety and sleep."
)


def expect(status: int, answer: tuple[int, Any]) -> Any:
    """The body of an answer with the expected status; anything else stops the benchmark."""
    if answer[0] != status:
        raise SystemExit(f"expected {status}, got {answer[0]}: {answer[1]}")
    return answer[1]


def open_practice(booking: Any, entries: Any, token: str) -> str:
    """A public therapist open around the clock, with one 50-minute service; its id."""
    from bench.common import api_event

    expect(200, entries(api_event("PUT", "/therapists/me", body=PROFILE, token=token)))
    schedule = {
        "timezone": "Europe/Berlin",
        "weekly": EVERY_DAY,
        "min_notice_minutes": 0,
        "horizon_days": 90,
    }
    expect(
        200, booking(api_event("PUT", "/therapists/me/availability", body=schedule, token=token))
    )
    service = expect(201, booking(api_event("POST", "/services", body=SERVICE, token=token)))
    return str(service["id"])


def free_starts(booking: Any, therapist_id: str, service_id: str, count: int) -> list[str]:
    """`count` bookable, non-overlapping start times, from the real slots endpoint."""
    from bench.common import api_event

    starts: list[str] = []
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    while len(starts) < count:
        window = {
            "from": day.isoformat(),
            "to": (day + timedelta(days=1)).isoformat(),
            "service_id": service_id,
        }
        found = expect(
            200, booking(api_event("GET", f"/therapists/{therapist_id}/slots", query=window))
        )
        taken_until = datetime.min.replace(tzinfo=UTC)
        for slot in found["slots"]:
            start = datetime.fromisoformat(slot["start"])
            if start >= taken_until:
                starts.append(slot["start"])
                taken_until = datetime.fromisoformat(slot["end"])
        day += timedelta(days=1)
    return starts[:count]


def main() -> None:
    from bench.common import (
        LambdaFunction,
        api_event,
        median_ms,
        quiet_environment,
        report,
        rounded,
        scratch_database,
        verified_users,
    )

    quiet_environment(tempfile.mkdtemp(prefix="attune-bench-outbox-"))
    # As template.yaml configures the booking function: refunds tried at once, emails left
    # to the outbox function.
    os.environ["OUTBOX_TRY_NOW"] = "refund"
    scratch_database("attune_bench_warm")
    from sqlalchemy import text

    from shared.db import get_engine

    auth, entries, booking = (LambdaFunction(d) for d in ("auth", "entries", "booking"))
    [(therapist_id, therapist_token)] = verified_users("therapist", 1)
    # One client per booking: a client may hold at most 3 unpaid bookings (API.md).
    clients = [token for _, token in verified_users("client", RUNS + 3 * COUNTED + 10)]
    client_token, bookers = clients[0], iter(clients)
    service_id = open_practice(booking, entries, therapist_token)
    starts = iter(free_starts(booking, str(therapist_id), service_id, RUNS + 3 * COUNTED + 10))
    tomorrow = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(1)
    week = {
        "from": tomorrow.isoformat(),
        "to": (tomorrow + timedelta(days=7)).isoformat(),
        "service_id": service_id,
    }

    def call(function: LambdaFunction, status: int, make_event: Callable[[], dict[str, Any]]):  # type: ignore[no-untyped-def]
        return lambda: expect(status, function(make_event()))

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("GET /health", call(auth, 200, lambda: api_event("GET", "/health"))),
        (
            "GET /therapists/{id}",
            call(entries, 200, lambda: api_event("GET", f"/therapists/{therapist_id}")),
        ),
        (
            "POST /entries (embeds the text)",
            call(
                entries,
                201,
                lambda: api_event("POST", "/entries", body={"content": ENTRY}, token=client_token),
            ),
        ),
        (
            "GET /therapists/{id}/slots (7 days)",
            call(
                booking,
                200,
                lambda: api_event("GET", f"/therapists/{therapist_id}/slots", query=week),
            ),
        ),
        (
            "POST /appointments",
            call(
                booking,
                201,
                lambda: api_event(
                    "POST",
                    "/appointments",
                    token=next(bookers),
                    body={"service_id": service_id, "start": next(starts)},
                ),
            ),
        ),
    ]
    engine = get_engine()
    with engine.connect() as connection:
        floor = median_ms(lambda: connection.exec_driver_sql("SELECT 1").scalar(), RUNS)

    def transaction() -> None:  # what the cheapest use case pays: BEGIN, a statement, COMMIT
        with engine.begin() as connection:
            connection.execute(text("SELECT CAST(:n AS integer)"), {"n": 1}).scalar()

    floor_tx = median_ms(transaction, RUNS)
    rows: list[dict[str, Any]] = [
        {"case": "SELECT 1 round trip (floor)", "p50_ms": rounded(floor[0]),
         "p99_ms": rounded(floor[1])},
        {"case": "a transaction: BEGIN, one parameterised statement, COMMIT (floor)",
         "p50_ms": rounded(floor_tx[0]), "p99_ms": rounded(floor_tx[1])},
    ]  # fmt: skip
    for name, action in cases:
        p50, p99 = median_ms(action, RUNS)
        rows.append({"case": name, "p50_ms": rounded(p50), "p99_ms": rounded(p99),
                     "x_floor_p50": round(p50 / floor_tx[0], 1)})  # fmt: skip
    # Round trips per request, counted by a proxy between the code and PostgreSQL; with
    # BENCH_RTT_MS, latency through it with that much added to every round trip.
    rtt_ms = float(os.environ.get("BENCH_RTT_MS") or 0)
    with through_proxy(rtt_ms) as proxy:
        for (_, action), row in zip(cases, rows[2:], strict=True):
            action()  # a connection through the proxy, its pre-ping and first use
            before = proxy.counted()
            for _ in range(COUNTED):
                action()
            row["round_trips"] = round((proxy.counted() - before) / COUNTED, 1)
            if rtt_ms:
                row[f"p50_ms_at_{rtt_ms:g}ms_rtt"] = rounded(median_ms(action, COUNTED)[0])
    with engine.connect() as connection:
        booked = connection.execute(text("SELECT count(*) FROM appointments")).scalar()
    rows.append({"case": "appointments booked during the run", "count": booked})
    route = "POST /appointments"
    targets = {(route, "p50_ms"): ("<=", 6.0), (route, "round_trips"): ("<=", 8.0)}
    if rtt_ms == 1:
        targets[(route, "p50_ms_at_1ms_rtt")] = ("<=", 15.0)
    report("warm", rows, targets)


@contextmanager
def through_proxy(rtt_ms: float) -> Iterator[LatencyProxy]:
    """The process's database connections go through a LatencyProxy for the block."""
    from sqlalchemy.engine import make_url

    from bench.rtt_proxy import LatencyProxy
    from shared.config import reset_settings
    from shared.db import reset_engine

    direct = os.environ["DATABASE_URL"]
    url = make_url(direct)
    proxy = LatencyProxy((url.host or "127.0.0.1", url.port or 5432), rtt_ms)
    os.environ["DATABASE_URL"] = url.set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False
    )
    reset_settings()
    reset_engine()
    try:
        yield proxy
    finally:
        os.environ["DATABASE_URL"] = direct
        reset_settings()
        reset_engine()
        proxy.stop()


if __name__ == "__main__":
    main()
