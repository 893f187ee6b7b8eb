"""Slot computation: 30 days for one therapist with 500 booked appointments, and the directory's
availability filter across 1,000 therapists."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.dialects.postgresql import Range

THERAPISTS = 1_000
APPOINTMENTS = 500
WEEK = {
    d: [{"start": "06:00", "end": "22:00"}]
    for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}
PER_DAY = 8  # one 50-minute appointment every two hours: 500 fill about 63 days
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # a fixed Monday morning: runs compare
RUNS = 100


def _seed(now: datetime) -> uuid.UUID:
    from shared import clock
    from shared.db import get_session
    from shared.models import (
        Appointment,
        AppointmentTherapist,
        Profile,
        Service,
        TherapistProfile,
        TherapistSchedule,
        User,
    )

    busy_id = uuid.uuid4()
    client_id = uuid.uuid4()
    with get_session() as session:
        session.add(User(id=client_id, email="bench-client@example.com", password_hash="x",
                         role="client", email_verified_at=clock.now()))  # fmt: skip
        ids = [busy_id] + [uuid.uuid4() for _ in range(THERAPISTS - 1)]
        for i, tid in enumerate(ids):
            user = User(id=tid, email=f"t{i}@bench.example", password_hash="x", role="therapist")
            user.profile = Profile(full_name=f"Therapist {i:04d}", timezone="Europe/Berlin")
            session.add(user)
        session.flush()  # users first: the rows below refer to them
        for tid in ids:
            session.add(TherapistProfile(user_id=tid, languages=["en"], specialties=["anxiety"],
                                         is_public=True, accepting_clients=True))  # fmt: skip
            session.add(TherapistSchedule(therapist_id=tid, weekly=WEEK, min_notice_minutes=0,
                                          horizon_days=90, buffer_minutes=10))  # fmt: skip
        session.flush()
        service = Service(therapist_id=busy_id, title="Session", description="x", category="x",
                          package_type="single", sessions_included=1, duration_minutes=50,
                          price_cents=9000, currency="eur")  # fmt: skip
        session.add(service)
        session.flush()
        start = now.replace(hour=6, minute=0, second=0, microsecond=0) + timedelta(days=1)
        made = 0
        day = 0
        while made < APPOINTMENTS:
            for slot in range(PER_DAY):
                if made == APPOINTMENTS:
                    break
                at = start + timedelta(days=day, hours=2 * slot)
                appointment_id = uuid.uuid4()
                session.add(Appointment(
                    id=appointment_id, client_id=client_id,
                    service_id=service.id, status="confirmed", package_type="single",
                    starts_at=at, ends_at=at + timedelta(minutes=50), price_cents=9000,
                    currency="eur", payment_status="paid", requires_confirmation=False,
                ))  # fmt: skip
                session.flush()
                session.add(AppointmentTherapist(
                    appointment_id=appointment_id, therapist_id=busy_id, position=0,
                    during=Range(at, at + timedelta(minutes=60)),
                ))  # fmt: skip
                made += 1
            day += 1
    return busy_id


# 9,000 more therapists like the first thousand, in SQL (the ORM would take minutes).
_MORE_THERAPISTS = """
    WITH made AS (
        INSERT INTO users (id, email, password_hash, role)
        SELECT gen_random_uuid(), 'more' || i || '@bench.example', 'x', 'therapist'
        FROM generate_series(1, :count) AS i
        RETURNING id
    ),
    profiles AS (
        INSERT INTO profiles (user_id, full_name, timezone)
        SELECT id, 'More Therapist', 'Europe/Berlin' FROM made
    ),
    listed AS (
        INSERT INTO therapist_profiles (user_id, languages, specialties, is_public,
                                        accepting_clients)
        SELECT id, ARRAY['en'], ARRAY['anxiety'], true, true FROM made
    )
    INSERT INTO therapist_schedules (therapist_id, weekly, min_notice_minutes, horizon_days,
                                     buffer_minutes)
    SELECT id, CAST(:weekly AS jsonb), 0, 90, 10 FROM made
"""


def main() -> None:
    from bench.common import median_ms, report, rounded, scratch_database

    scratch_database("attune_bench_slots")
    from sqlalchemy import select, text

    from shared.clock import FrozenClock, use_clock
    from shared.db import get_session
    from shared.domain.availability import first_free_slots, therapist_slots
    from shared.domain.therapists import DirectoryFilter, list_therapists
    from shared.models import TherapistProfile

    now = NOW
    busy_id = _seed(now)
    with use_clock(FrozenClock(now)):
        window = (now, now + timedelta(days=30))
        slots = therapist_slots(busy_id, *window, duration_minutes=50)
        one = median_ms(lambda: therapist_slots(busy_id, *window, duration_minutes=50), RUNS)
        wide = (now, now + timedelta(days=62))
        wide_ = median_ms(lambda: therapist_slots(busy_id, *wide, duration_minutes=50), RUNS)
        with get_session() as session:
            ids = list(session.scalars(select(TherapistProfile.user_id)))
        tuesday = (now + timedelta(days=1)).replace(hour=9, minute=0)  # 10:00 in Berlin
        night = tuesday.replace(hour=0)  # 01:00 in Berlin: nobody works, nobody is free

        def directory_filter() -> None:
            with get_session() as session:
                first_free_slots(session, ids, tuesday, tuesday + timedelta(hours=3), now)

        def page(start: datetime) -> None:
            list_therapists(
                DirectoryFilter(available_from=start, available_to=start + timedelta(hours=1)),
                limit=20, cursor=None,
            )  # fmt: skip

        every = median_ms(directory_filter, RUNS)
        best = median_ms(lambda: page(tuesday), RUNS)
        worst = median_ms(lambda: page(night), RUNS)
        with get_session() as session:
            session.execute(text(_MORE_THERAPISTS),
                            {"count": 9 * THERAPISTS, "weekly": json.dumps(WEEK)})  # fmt: skip
            session.execute(text("ANALYZE"))
        with get_session() as session:
            ids = list(session.scalars(select(TherapistProfile.user_id)))
        tenfold = median_ms(directory_filter, 20)
    one_case = f"30 days of slots, 1 therapist with {APPOINTMENTS} appointments booked"
    every_case = f"first free slot for {THERAPISTS} therapists (directory filter)"
    tenfold_case = f"the same for {10 * THERAPISTS} therapists"
    best_case = "GET /therapists?available_from&available_to, page of 20, best window (all free)"
    worst_case = "the same, worst window (nobody free: every therapist is looked at)"
    report(
        "slots",
        [
            {"case": one_case, "slots": len(slots.slots), "p50_ms": rounded(one[0]),
             "p99_ms": rounded(one[1])},
            {"case": f"62 days of slots (all {APPOINTMENTS} appointments inside)",
             "p50_ms": rounded(wide_[0]), "p99_ms": rounded(wide_[1])},
            {"case": every_case, "p50_ms": rounded(every[0], 1), "p99_ms": rounded(every[1], 1)},
            {"case": tenfold_case, "therapists": len(ids), "p50_ms": rounded(tenfold[0], 1)},
            {"case": best_case, "p50_ms": rounded(best[0], 1), "p99_ms": rounded(best[1], 1)},
            {"case": worst_case, "p50_ms": rounded(worst[0], 1), "p99_ms": rounded(worst[1], 1)},
        ],
        {(one_case, "p50_ms"): ("<=", 3.0), (every_case, "p50_ms"): ("<=", 30.0),
         (tenfold_case, "p50_ms"): ("<=", 150.0),
         (best_case, "p50_ms"): ("<=", 15.0), (worst_case, "p50_ms"): ("<=", 50.0)},
    )  # fmt: skip


if __name__ == "__main__":
    main()
