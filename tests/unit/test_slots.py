"""Slot arithmetic (shared/domain/slots.py): the rules, both DST days in several zones, and
properties checked against a brute-force reference that walks the clock five minutes at a time.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.domain.slots import (
    WEEKDAYS,
    Availability,
    DailyInterval,
    WeeklyHours,
    first_free_slot,
    free_slots,
    is_bookable,
    open_intervals,
    parse_intervals,
    parse_weekly,
)

HOUR = timedelta(hours=1)
BERLIN, SYDNEY = ZoneInfo("Europe/Berlin"), ZoneInfo("Australia/Sydney")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def hours(spec: str) -> tuple[DailyInterval, ...]:
    """ "09:00-12:00,13:00-17:00" as parsed intervals; "" is a day off."""
    parts = spec.split(",") if spec else []
    return parse_intervals([dict(zip(("start", "end"), p.split("-"), strict=True)) for p in parts])


def every_day(spec: str) -> dict[str, tuple[DailyInterval, ...]]:
    return {day: hours(spec) for day in WEEKDAYS}


def availability(
    weekly: str | WeeklyHours = "09:00-17:00",
    *,
    tz: str = "UTC",
    overrides: Mapping[date, Sequence[DailyInterval]] | None = None,
    buffer: int = 0,
    notice: int = 0,
    horizon: timedelta = timedelta(days=400),
) -> Availability:
    return Availability(
        tz,
        every_day(weekly) if isinstance(weekly, str) else weekly,
        overrides or {},
        buffer=timedelta(minutes=buffer),
        min_notice=timedelta(minutes=notice),
        horizon=horizon,
    )


NOW = utc(2026, 1, 1)


def slots(
    av: Availability,
    start: datetime,
    end: datetime,
    *,
    minutes: int = 60,
    now: datetime = NOW,
    busy: Sequence[tuple[datetime, datetime]] = (),
    narrow: WeeklyHours | None = None,
    step: int = 15,
) -> list[tuple[datetime, datetime]]:
    return free_slots(
        av,
        duration=timedelta(minutes=minutes),
        window_start=start,
        window_end=end,
        now=now,
        busy=busy,
        narrow=narrow,
        step=timedelta(minutes=step),
    )


def starts(found: Sequence[tuple[datetime, datetime]], zone: ZoneInfo | None = None) -> list[str]:
    """Slot starts as "HH:MM" (UTC), or "HH:MM+offset" on the clock of `zone`."""
    if zone is None:
        return [s.strftime("%H:%M") for s, _ in found]
    return [s.astimezone(zone).strftime("%H:%M%z") for s, _ in found]


def day(on: date, zone: ZoneInfo | None = None) -> tuple[datetime, datetime]:
    """The window of one whole day: a UTC day, or a local day of `zone`."""
    tz = zone or UTC
    return datetime.combine(on, time(), tz), datetime.combine(on + timedelta(days=1), time(), tz)


MONDAY = date(2026, 6, 1)
assert MONDAY.weekday() == 0


# --- parsing ----------------------------------------------------------------------------------


def test_parse_weekly_sorts_and_reads_24_00_as_end_of_day() -> None:
    week = parse_weekly(
        {
            "monday": [{"start": "13:00", "end": "24:00"}, {"start": "09:00", "end": "12:00"}],
            "friday": [],
        }
    )
    assert week == {
        "monday": (DailyInterval(time(9), time(12)), DailyInterval(time(13), None)),
        "friday": (),
    }
    assert week["monday"][1].label() == "13:00-24:00"


def test_touching_intervals_are_allowed() -> None:
    assert len(hours("09:00-12:00,12:00-17:00")) == 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"Monday": []}, "unknown weekday 'Monday'"),
        ({"monday": [{"start": "9:00", "end": "17:00"}]}, "monday: '9:00' is not a time"),
        ({"monday": [{"start": "09:00", "end": "25:00"}]}, "'25:00' is not a time"),
        ({"monday": [{"start": "09:60", "end": "17:00"}]}, "'09:60' is not a time"),
        ({"monday": [{"start": "24:00", "end": "24:00"}]}, '"24:00" can only end'),
        ({"monday": [{"start": "17:00", "end": "09:00"}]}, "17:00-09:00 must start before"),
        ({"monday": [{"start": "22:00", "end": "02:00"}]}, "must start before it ends"),
        ({"monday": [{"start": "09:00", "end": "09:00"}]}, "must start before it ends"),
        (
            {"monday": [{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}]},
            "monday: intervals 09:00-12:00 and 11:00-13:00 overlap",
        ),
        ({"monday": [{"start": "09:00"}]}, 'exactly "start" and "end"'),
        ({"monday": [{"start": "09:00", "end": "10:00", "x": "1"}]}, 'exactly "start" and "end"'),
        ({"monday": [{"start": 9, "end": "10:00"}]}, "not a time of day"),
        ({"monday": "09:00-17:00"}, "must be a list"),
        (["monday"], "keyed by weekday"),
    ],
)
def test_parse_weekly_rejects_bad_hours_with_a_clear_message(raw: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_weekly(raw)


def test_daily_interval_and_availability_validate_themselves() -> None:
    with pytest.raises(ValueError, match="start before"):
        DailyInterval(time(10), time(9))
    with pytest.raises(ValueError, match="no time zone"):
        DailyInterval(time(9, tzinfo=UTC), None)
    with pytest.raises(ValueError, match="unknown time zone"):
        availability(tz="Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="overlap"):
        availability({"monday": (DailyInterval(time(9), time(12)), DailyInterval(time(11), None))})
    with pytest.raises(ValueError, match="unknown weekday"):
        availability({"mon": ()})
    with pytest.raises(ValueError, match="must be a date"):
        availability(overrides={datetime(2026, 6, 1): ()})
    with pytest.raises(ValueError, match="buffer must not be negative"):
        availability(buffer=-5)


def test_naive_datetimes_are_refused() -> None:
    av, naive, aware = availability(), datetime(2026, 6, 1, 9), utc(2026, 6, 1, 9)
    with pytest.raises(ValueError, match="window_start must be timezone-aware"):
        slots(av, naive, aware)
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        slots(av, aware, aware, now=naive)
    with pytest.raises(ValueError, match="busy intervals must be timezone-aware"):
        slots(av, aware, aware + HOUR, busy=[(naive, aware)])
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        is_bookable(av, naive, duration=HOUR, now=NOW, busy=[])
    with pytest.raises(ValueError, match="end must be timezone-aware"):
        open_intervals(av, aware, naive)


def test_other_bad_arguments_are_refused() -> None:
    av, at = availability(), utc(2026, 6, 1)
    with pytest.raises(ValueError, match="duration must be positive"):
        slots(av, at, at + HOUR, minutes=0)
    with pytest.raises(ValueError, match="step must be positive"):
        slots(av, at, at + HOUR, step=0)
    with pytest.raises(ValueError, match="ends before it starts"):
        slots(av, at, at + HOUR, busy=[(at + HOUR, at)])


# --- the rule, piece by piece -----------------------------------------------------------------


def test_slots_step_through_an_interval_and_end_inside_it() -> None:
    found = slots(availability("09:00-12:00"), *day(MONDAY))
    assert starts(found) == [f"{h:02}:{m:02}" for h in (9, 10) for m in (0, 15, 30, 45)] + ["11:00"]
    assert all(e - s == HOUR and s.tzinfo is UTC for s, e in found)


def test_steps_are_counted_from_the_interval_start() -> None:
    found = slots(availability("09:10-11:00"), *day(MONDAY), minutes=30, step=25)
    assert starts(found) == ["09:10", "09:35", "10:00", "10:25"]


def test_buffer_keeps_time_free_before_and_after_each_appointment() -> None:
    busy = [(utc(2026, 6, 1, 10), utc(2026, 6, 1, 11))]
    found = slots(availability("08:00-13:00", buffer=15), *day(MONDAY), minutes=30, busy=busy)
    # Slots must end by 09:45 and may start from 11:15.
    before = ["08:00", "08:15", "08:30", "08:45", "09:00", "09:15"]
    after = ["11:15", "11:30", "11:45", "12:00", "12:15", "12:30"]
    assert starts(found) == before + after


def test_without_buffer_a_slot_may_touch_an_appointment() -> None:
    busy = [(utc(2026, 6, 1, 10), utc(2026, 6, 1, 11))]
    found = slots(availability("09:00-12:00"), *day(MONDAY), busy=busy, step=60)
    assert starts(found) == ["09:00", "11:00"]


def test_busy_may_come_in_any_zone_and_any_order() -> None:
    berlin = [(datetime(2026, 6, 1, 12, tzinfo=BERLIN), datetime(2026, 6, 1, 13, tzinfo=BERLIN))]
    busy = [(utc(2026, 6, 1, 14), utc(2026, 6, 1, 15)), *berlin]
    found = slots(availability("09:00-17:00"), *day(MONDAY), busy=busy, step=60)
    assert starts(found) == ["09:00", "11:00", "12:00", "13:00", "15:00", "16:00"]


def test_min_notice_is_counted_from_now_and_inclusive() -> None:
    av = availability("09:00-12:00", notice=30)
    found = slots(av, *day(MONDAY), now=utc(2026, 6, 1, 8, 50))
    assert starts(found)[0] == "09:30"  # 09:20 is the earliest allowed, 09:30 the next step
    found = slots(av, *day(MONDAY), now=utc(2026, 6, 1, 9, 15))
    assert starts(found)[0] == "09:45"  # exactly now + notice is allowed


def test_horizon_is_an_exclusive_bound_on_starts() -> None:
    av = availability("09:00-12:00", horizon=timedelta(days=1))
    found = slots(av, *day(MONDAY), now=utc(2026, 5, 31, 10))
    assert starts(found) == ["09:00", "09:15", "09:30", "09:45"]


def test_window_holds_starts_not_ends() -> None:
    av = availability("09:00-12:00")
    found = slots(av, utc(2026, 6, 1, 9, 30), utc(2026, 6, 1, 10, 30))
    assert starts(found) == ["09:30", "09:45", "10:00", "10:15"]
    assert found[-1][1] == utc(2026, 6, 1, 11, 15)
    assert slots(av, utc(2026, 6, 1, 10), utc(2026, 6, 1, 9)) == []


def test_an_override_replaces_the_day_and_an_empty_one_is_a_day_off() -> None:
    tuesday = MONDAY + timedelta(days=1)
    av = availability("09:00-12:00", overrides={MONDAY: hours("14:00-16:00"), tuesday: ()})
    assert starts(slots(av, *day(MONDAY), step=60)) == ["14:00", "15:00"]
    assert slots(av, *day(tuesday)) == []
    assert starts(slots(av, *day(tuesday + timedelta(days=1)), step=60)) == [
        "09:00",
        "10:00",
        "11:00",
    ]


def test_an_override_lands_on_the_therapists_local_date() -> None:
    # Sydney is UTC+10 in June: local Tuesday 16 June 09:00 is Monday 15 June 23:00 UTC.
    local_tuesday = date(2026, 6, 16)
    av = availability("09:00-17:00", tz="Australia/Sydney", overrides={local_tuesday: ()})
    assert slots(av, *day(local_tuesday, SYDNEY)) == []
    assert slots(av, utc(2026, 6, 15, 22), utc(2026, 6, 16, 8)) == []
    override = availability(
        "", tz="Australia/Sydney", overrides={local_tuesday: hours("09:00-11:00")}
    )
    found = slots(override, utc(2026, 6, 14), utc(2026, 6, 18), step=60)
    assert [s for s, _ in found] == [utc(2026, 6, 15, 23), utc(2026, 6, 16, 0)]


def test_service_hours_narrow_the_therapists() -> None:
    av = availability("09:00-17:00", overrides={MONDAY + timedelta(days=1): hours("08:00-20:00")})
    narrow = {"monday": hours("12:00-20:00"), "tuesday": hours("07:00-09:00,18:00-19:00")}
    assert starts(slots(av, *day(MONDAY), narrow=narrow, step=60)) == [
        "12:00",
        "13:00",
        "14:00",
        "15:00",
        "16:00",
    ]
    # Narrowing applies on override days too.
    tuesday = slots(av, *day(MONDAY + timedelta(days=1)), narrow=narrow, step=60)
    assert starts(tuesday) == ["08:00", "18:00"]
    # A weekday the service has no hours on has no slots.
    assert slots(av, *day(MONDAY + timedelta(days=2)), narrow=narrow) == []


def test_service_hours_filter_the_therapists_grid_and_never_shift_it() -> None:
    narrow = {"monday": hours("09:10-11:00")}
    found = slots(availability("09:00-17:00"), *day(MONDAY), narrow=narrow)
    assert starts(found) == ["09:15", "09:30", "09:45", "10:00"]


def test_several_intervals_a_day_and_the_gap_between_them() -> None:
    av = availability("09:00-10:30,11:00-12:00")
    assert starts(slots(av, *day(MONDAY), step=30)) == ["09:00", "09:30", "11:00"]


def test_touching_intervals_form_one_interval() -> None:
    av = availability("09:00-12:00,12:00-13:00")
    assert starts(slots(av, *day(MONDAY), minutes=90, step=30)) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
    ]


def test_24_00_ends_the_day_and_joins_a_midnight_start() -> None:
    late = availability("22:00-24:00")
    assert starts(slots(late, *day(MONDAY), step=30)) == ["22:00", "22:30", "23:00"]
    night = availability("00:00-01:00,22:00-24:00")
    found = slots(night, *day(MONDAY), minutes=120, step=60)
    assert found == [
        (utc(2026, 6, 1, 22), utc(2026, 6, 2, 0)),
        (utc(2026, 6, 1, 23), utc(2026, 6, 2, 1)),  # across midnight, into Tuesday's hour
    ]


def test_open_intervals_merges_touching_pieces_and_clips() -> None:
    av = availability("00:00-02:00,09:00-12:00,12:00-13:00,22:00-24:00")
    found = open_intervals(av, utc(2026, 6, 1, 10), utc(2026, 6, 2, 1))
    assert found == [
        (utc(2026, 6, 1, 10), utc(2026, 6, 1, 13)),
        (utc(2026, 6, 1, 22), utc(2026, 6, 2, 1)),
    ]


def test_first_free_slot_and_is_bookable() -> None:
    av = availability("09:00-12:00", notice=60)
    busy = [(utc(2026, 6, 1, 9), utc(2026, 6, 1, 11))]
    now = utc(2026, 6, 1, 7)
    kwargs: dict[str, Any] = {"duration": HOUR, "now": now, "busy": busy}
    assert first_free_slot(av, window_start=now, window_end=now + timedelta(days=30), **kwargs) == (
        utc(2026, 6, 1, 11),
        utc(2026, 6, 1, 12),
    )
    assert first_free_slot(av, window_start=now, window_end=utc(2026, 6, 1, 11), **kwargs) is None
    assert is_bookable(av, utc(2026, 6, 1, 11), **kwargs)
    assert is_bookable(av, utc(2026, 6, 2, 9, 45), **kwargs)
    assert not is_bookable(av, utc(2026, 6, 2, 9, 40), **kwargs)  # not on the 15-minute grid
    assert not is_bookable(av, utc(2026, 6, 1, 10), **kwargs)  # busy
    assert not is_bookable(av, utc(2026, 6, 2, 11, 15), **kwargs)  # would end after 12:00
    assert not is_bookable(av, utc(2026, 6, 1, 7, 30), **kwargs)  # outside hours and notice


# --- daylight saving time ---------------------------------------------------------------------

DST_HOURS = "01:00-04:00,09:00-17:00"


def lengths(av: Availability, on: date, zone: ZoneInfo) -> list[timedelta]:
    return [e - s for s, e in open_intervals(av, *day(on, zone))]


def test_berlin_spring_forward() -> None:
    # 2026-03-29: at 02:00 CET the clock jumps to 03:00 CEST (01:00 UTC).
    av, on = availability(DST_HOURS, tz="Europe/Berlin"), date(2026, 3, 29)
    assert lengths(av, on, BERLIN) == [2 * HOUR, 8 * HOUR]
    found = slots(av, *day(on, BERLIN), step=30)
    assert starts(found, BERLIN)[:4] == ["01:00+0100", "01:30+0100", "03:00+0200", "09:00+0200"]
    assert [s for s, _ in found[:3]] == [
        utc(2026, 3, 29, 0),
        utc(2026, 3, 29, 0, 30),
        utc(2026, 3, 29, 1),
    ]
    assert len(found) == 3 + 15
    assert found[-1] == (utc(2026, 3, 29, 14), utc(2026, 3, 29, 15))
    assert lengths(availability("00:00-24:00", tz="Europe/Berlin"), on, BERLIN) == [23 * HOUR]


def test_berlin_fall_back_offers_the_repeated_hour_twice() -> None:
    # 2026-10-25: at 03:00 CEST the clock goes back to 02:00 CET (01:00 UTC).
    av, on = availability(DST_HOURS, tz="Europe/Berlin"), date(2026, 10, 25)
    # 09:00-17:00 lies after the change: 8 real hours, not 9; 01:00-04:00 holds 4.
    assert lengths(av, on, BERLIN) == [4 * HOUR, 8 * HOUR]
    found = slots(av, *day(on, BERLIN), step=30)
    assert starts(found, BERLIN)[:8] == [
        "01:00+0200",
        "01:30+0200",
        "02:00+0200",
        "02:30+0200",
        "02:00+0100",
        "02:30+0100",
        "03:00+0100",
        "09:00+0100",
    ]
    assert [s for s, _ in found[:7]] == [utc(2026, 10, 24, 23) + k * HOUR / 2 for k in range(7)]
    assert len(found) == 7 + 15
    assert lengths(availability("00:00-24:00", tz="Europe/Berlin"), on, BERLIN) == [25 * HOUR]


def test_sydney_spring_forward() -> None:
    # 2026-10-04: at 02:00 AEST the clock jumps to 03:00 AEDT (16:00 UTC the day before).
    av, on = availability(DST_HOURS, tz="Australia/Sydney"), date(2026, 10, 4)
    assert lengths(av, on, SYDNEY) == [2 * HOUR, 8 * HOUR]
    found = slots(av, *day(on, SYDNEY), step=30)
    assert [s for s, _ in found[:4]] == [
        utc(2026, 10, 3, 15),
        utc(2026, 10, 3, 15, 30),
        utc(2026, 10, 3, 16),
        utc(2026, 10, 3, 22),
    ]
    assert starts(found, SYDNEY)[:3] == ["01:00+1000", "01:30+1000", "03:00+1100"]
    assert len(found) == 3 + 15


def test_sydney_fall_back() -> None:
    # 2026-04-05: at 03:00 AEDT the clock goes back to 02:00 AEST (16:00 UTC the day before).
    av, on = availability(DST_HOURS, tz="Australia/Sydney"), date(2026, 4, 5)
    assert lengths(av, on, SYDNEY) == [4 * HOUR, 8 * HOUR]
    found = slots(av, *day(on, SYDNEY), step=30)
    assert [s for s, _ in found[:7]] == [utc(2026, 4, 4, 14) + k * HOUR / 2 for k in range(7)]
    assert starts(found, SYDNEY)[4] == "02:00+1000"
    assert found[7][0] == utc(2026, 4, 4, 23)  # 09:00 AEST
    assert len(found) == 7 + 15


def test_a_start_inside_the_gap_begins_when_the_clock_jumps() -> None:
    av = availability("02:30-05:00", tz="Europe/Berlin")
    found = slots(av, *day(date(2026, 3, 29), BERLIN), step=30)
    assert starts(found, BERLIN) == ["03:00+0200", "03:30+0200", "04:00+0200"]


def test_an_end_inside_the_repeated_hour_means_its_first_occurrence() -> None:
    on = date(2026, 10, 25)
    ends_inside = availability("01:00-02:30", tz="Europe/Berlin")
    assert open_intervals(ends_inside, *day(on, BERLIN)) == [
        (utc(2026, 10, 24, 23), utc(2026, 10, 25, 0, 30))
    ]
    # Split at any point, an interval still covers the same real time.
    split = availability("01:00-02:30,02:30-04:00", tz="Europe/Berlin")
    assert open_intervals(split, *day(on, BERLIN)) == [
        (utc(2026, 10, 24, 23), utc(2026, 10, 25, 3))
    ]


def test_santiago_changes_at_midnight() -> None:
    santiago = ZoneInfo("America/Santiago")
    av = availability("00:00-02:00,23:00-24:00", tz="America/Santiago")
    # 2026-09-06 has no 00:00: the clock goes from 24:00 on the 5th to 01:00 (04:00 UTC).
    assert open_intervals(av, utc(2026, 9, 6, 1), utc(2026, 9, 6, 12)) == [
        (utc(2026, 9, 6, 3), utc(2026, 9, 6, 5))  # 23:00 -04 on the 5th to 02:00 -03
    ]
    assert lengths(av, date(2026, 9, 6), santiago) == [HOUR, HOUR]
    # 2026-04-04 ends twice: 24:00 -03 becomes 23:00 -04, so 23:00-24:00 lasts two hours.
    found = slots(av, utc(2026, 4, 4, 12), utc(2026, 4, 5, 12), step=60)
    assert starts(found, santiago) == ["23:00-0300", "23:00-0400", "00:00-0400", "01:00-0400"]


def test_overrides_on_a_dst_day() -> None:
    on = date(2026, 3, 29)
    av = availability("09:00-17:00", tz="Europe/Berlin", overrides={on: hours("00:00-04:00")})
    assert lengths(av, on, BERLIN) == [3 * HOUR]


# --- properties -------------------------------------------------------------------------------

FIVE = timedelta(minutes=5)
# Each zone with the local dates of its 2026 clock changes (Santiago changes at midnight, Lord
# Howe by half an hour), and two zones without DST.
CHANGES = [
    ("Europe/Berlin", date(2026, 3, 29)),
    ("Europe/Berlin", date(2026, 10, 25)),
    ("Australia/Sydney", date(2026, 4, 5)),
    ("Australia/Sydney", date(2026, 10, 4)),
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("America/Santiago", date(2026, 4, 5)),
    ("America/Santiago", date(2026, 9, 6)),
    ("Australia/Lord_Howe", date(2026, 4, 5)),
    ("Australia/Lord_Howe", date(2026, 10, 4)),
    ("Asia/Kathmandu", date(2026, 6, 15)),  # +05:45
    ("UTC", date(2026, 6, 15)),
]
NO_DST = ("Asia/Kathmandu", "UTC")
# Modest counts keep the file under ~15 s; drawing a scenario costs more than checking it.
PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _clock(units: int) -> time | None:
    return None if units == 288 else time(units // 12, units % 12 * 5)


@st.composite
def day_hours(draw: st.DrawFn) -> tuple[DailyInterval, ...]:
    """0-3 (mostly 1-3) sorted, non-overlapping (maybe touching) intervals on a 5-minute grid."""
    # Clocks change around 00:00-03:00, so interval ends are drawn there more often.
    early = st.integers(0, 48)
    point = st.integers(0, 288) | early | early | st.integers(276, 288)
    points = sorted(draw(st.lists(point, min_size=2, max_size=6)))
    pairs: Iterable[tuple[int, int]]
    if draw(st.booleans()):  # back to back: each interval ends where the next one starts
        pairs = pairwise(points[:4])
    else:
        pairs = zip(points[::2], points[1::2], strict=False)
    # `a < b <= 288`, so only an end can be 24:00.
    return tuple(DailyInterval(_clock(a) or time(), _clock(b)) for a, b in pairs if a < b)


def week() -> st.SearchStrategy[dict[str, tuple[DailyInterval, ...]]]:
    return st.fixed_dictionaries({name: day_hours() for name in WEEKDAYS})


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """An availability and a query around a DST change, everything on a five-minute grid."""
    zone, anchor = draw(st.sampled_from(CHANGES))
    near = [anchor + timedelta(days=k) for k in range(-2, 3)]
    av = Availability(
        zone,
        draw(week()),
        draw(st.dictionaries(st.sampled_from(near), day_hours(), max_size=3)),
        buffer=FIVE * draw(st.integers(0, 12)),
        min_notice=FIVE * draw(st.integers(0, 12 * 12)),
        horizon=FIVE * draw(st.integers(3 * 24 * 12, 7 * 24 * 12) | st.integers(1, 7 * 24 * 12)),
    )
    # Every zone's change falls between 30 h before and 12 h after the anchor's UTC midnight.
    window_start = datetime.combine(anchor, time(), UTC) + FIVE * draw(
        st.integers(-30 * 12, 12 * 12)
    )
    window_end = window_start + FIVE * draw(st.integers(12 * 12, 48 * 12) | st.integers(1, 48 * 12))
    busy_at = window_start - 12 * HOUR
    busy = [
        (busy_at + FIVE * a, busy_at + FIVE * (a + n))
        for a, n in draw(
            st.lists(st.tuples(st.integers(0, 72 * 12), st.integers(0, 48)), max_size=8)
        )
    ]
    return {
        "av": av,
        "narrow": draw(st.none() | week()),
        "duration": FIVE * draw(st.integers(1, 36)),
        "step": timedelta(minutes=draw(st.sampled_from([5, 10, 15, 20, 25, 30, 45, 60]))),
        "window_start": window_start,
        "window_end": window_end,
        "now": window_start
        + FIVE * draw(st.integers(-24 * 12, 0) | st.integers(-48 * 12, 12 * 12)),
        "busy": busy,
    }


def run(case: Mapping[str, Any], **changes: Any) -> list[tuple[datetime, datetime]]:
    args = {**case, **changes}
    return free_slots(args.pop("av"), **args)


def clock_readings(zone: ZoneInfo, instants: Sequence[datetime]) -> list[datetime]:
    """The latest wall-clock time reached by each instant: a clock turned back repeats an hour,
    and during the repeat this still reads the end of it."""
    readings: list[datetime] = []
    for at in instants:
        wall = at.astimezone(zone).replace(tzinfo=None)
        readings.append(max(wall, readings[-1]) if readings else wall)
    return readings


def inside(reading: datetime, intervals: Sequence[DailyInterval]) -> bool:
    since = reading - datetime.combine(reading.date(), time())
    return any(i.start_offset <= since < i.end_offset for i in intervals)


def reference(case: Mapping[str, Any]) -> list[datetime]:
    """The free starts, found the slow way: walk the clock in five-minute steps.

    An instant counts as the latest wall-clock time reached so far (the running maximum, so the
    second pass of a repeated hour reads as the end of that hour); it is available iff that
    reading lies in one of its local date's intervals and in the service's. An interval starts
    at the first instant whose reading reaches its start; slot starts are every `step` from the
    start of the therapist's interval, within the part the service's hours leave.
    """
    av: Availability = case["av"]
    narrow: WeeklyHours | None = case["narrow"]
    zone = ZoneInfo(av.timezone)
    duration, step = case["duration"], case["step"]
    lo = max(case["window_start"], case["now"] + av.min_notice)
    hi = min(case["window_end"], case["now"] + av.horizon)
    if lo >= hi:
        return []
    origin = lo - timedelta(days=2)
    count = (hi + duration + timedelta(days=1) - origin) // FIVE
    instants = [origin + FIVE * i for i in range(count)]
    readings = clock_readings(zone, instants)

    def own(on: date) -> Sequence[DailyInterval]:
        return av.overrides.get(on, av.weekly.get(WEEKDAYS[on.weekday()], ()))

    def service(on: date) -> Sequence[DailyInterval]:
        return (
            (DailyInterval(time(), None),)
            if narrow is None
            else narrow.get(WEEKDAYS[on.weekday()], ())
        )

    open_ = [inside(r, own(r.date())) and inside(r, service(r.date())) for r in readings]
    prefix = [0]
    for flag in open_:
        prefix.append(prefix[-1] + flag)
    span = duration // FIVE
    blocked = [
        (a - av.buffer, b + av.buffer) for a, b in case["busy"] if a - av.buffer < b + av.buffer
    ]
    found: set[datetime] = set()
    first_day = (lo - timedelta(days=1)).astimezone(zone).date()
    for k in range(6):
        on = first_day + timedelta(days=k)
        midnight = datetime.combine(on, time())
        for a in own(on):
            # Starts are counted from the therapist's interval; service hours only filter them.
            origin = bisect_left(readings, midnight + a.start_offset)
            for b in service(on):
                start, end = max(a.start_offset, b.start_offset), min(a.end_offset, b.end_offset)
                if start >= end:
                    continue
                first = bisect_left(readings, midnight + start)
                stop = bisect_left(readings, midnight + end)
                stride = step // FIVE
                first = origin + -(-(first - origin) // stride) * stride
                for i in range(first, stop, stride):
                    at = instants[i]
                    if not lo <= at < hi or i + span > len(open_):
                        continue
                    if prefix[i + span] - prefix[i] != span:
                        continue
                    if any(at < b_end and b_start < at + duration for b_start, b_end in blocked):
                        continue
                    found.add(at)
    return sorted(found)


HALF_HOURS = [time(h, m) for h in range(4) for m in (0, 30)] + [time(4)]
LATE = [time(22), time(22, 30), time(23), time(23, 30)]


@pytest.mark.parametrize(("zone", "on"), [c for c in CHANGES if c[0] not in NO_DST])
def test_every_interval_near_a_clock_change_covers_what_the_clock_reads(
    zone: str, on: date
) -> None:
    """Exhaustively, on the half-hour grid across each change: an instant is available iff the
    clock's reading (the latest reached, through a repeated hour) lies in the interval."""
    tz = ZoneInfo(zone)
    origin = datetime.combine(on - timedelta(days=1), time(), UTC) - 24 * HOUR
    instants = [origin + FIVE * i for i in range(96 * 12)]
    readings = clock_readings(tz, instants)
    lo, hi = instants[24 * 12], instants[-24 * 12]
    early = [(a, b) for i, a in enumerate(HALF_HOURS) for b in HALF_HOURS[i + 1 :]]
    late = [(a, b) for i, a in enumerate(LATE) for b in [*LATE[i + 1 :], None]]
    for start, end in early + late:
        interval = (DailyInterval(start, end),)
        expected: list[tuple[datetime, datetime]] = []
        for at, reading in zip(instants, readings, strict=True):
            if lo <= at < hi and inside(reading, interval):
                if expected and expected[-1][1] == at:
                    expected[-1] = (expected[-1][0], at + FIVE)
                else:
                    expected.append((at, at + FIVE))
        found = open_intervals(availability({d: interval for d in WEEKDAYS}, tz=zone), lo, hi)
        assert found == expected, (start, end)


@settings(PROPERTY, max_examples=60)
@given(scenarios())
def test_free_slots_match_the_brute_force_reference(case: dict[str, Any]) -> None:
    assert [s for s, _ in run(case)] == reference(case)


@PROPERTY
@given(scenarios())
def test_every_slot_obeys_the_rule(case: dict[str, Any]) -> None:
    av: Availability = case["av"]
    found = run(case)
    assert found == sorted(set(found))
    if not found:
        return
    available = open_intervals(av, found[0][0], found[-1][1], narrow=case["narrow"])
    for start, end in found:
        assert start.tzinfo is UTC and end - start == case["duration"]
        assert any(a <= start and end <= b for a, b in available)
        for a, b in case["busy"]:
            widened = (a - av.buffer, b + av.buffer)
            assert not (widened[0] < widened[1] and start < widened[1] and widened[0] < end)
        assert start >= case["now"] + av.min_notice
        assert start < case["now"] + av.horizon
        assert case["window_start"] <= start < case["window_end"]


@PROPERTY
@given(scenarios(), st.randoms(use_true_random=False))
def test_first_free_slot_and_is_bookable_agree_with_free_slots(
    case: dict[str, Any], rnd: random.Random
) -> None:
    found = run(case)
    first = first_free_slot(case["av"], **{k: v for k, v in case.items() if k != "av"})
    assert first == (found[0] if found else None)
    offered = {s for s, _ in found}
    window = (case["window_end"] - case["window_start"]) // FIVE
    probes = {case["window_start"] + FIVE * rnd.randrange(window) for _ in range(15)}
    probes |= {s + FIVE for s in offered} | set(list(offered)[:10])
    for probe in sorted(probes):
        if probe >= case["window_end"]:
            continue
        bookable = is_bookable(
            case["av"],
            probe,
            duration=case["duration"],
            now=case["now"],
            busy=case["busy"],
            narrow=case["narrow"],
            step=case["step"],
        )
        assert bookable == (probe in offered), probe


@PROPERTY
@given(scenarios(), st.integers(0, 60 * 12), st.integers(0, 48))
def test_another_appointment_never_adds_slots(case: dict[str, Any], at: int, length: int) -> None:
    start = case["window_start"] - 6 * HOUR + FIVE * at
    more = run(case, busy=[*case["busy"], (start, start + FIVE * length)])
    assert set(more) <= set(run(case))


@PROPERTY
@given(scenarios())
def test_dropping_min_notice_never_removes_slots(case: dict[str, Any]) -> None:
    av: Availability = case["av"]
    eager = Availability(
        av.timezone,
        av.weekly,
        av.overrides,
        buffer=av.buffer,
        min_notice=timedelta(0),
        horizon=av.horizon,
    )
    assert set(run(case)) <= set(run(case, av=eager))


@PROPERTY
@given(scenarios(), week())
def test_service_hours_never_add_slots(case: dict[str, Any], narrow: WeeklyHours) -> None:
    assert set(run(case, narrow=narrow)) <= set(run(case, narrow=None))


@PROPERTY
@given(scenarios(), st.randoms(use_true_random=False))
def test_busy_order_does_not_matter(case: dict[str, Any], rnd: random.Random) -> None:
    shuffled = list(case["busy"])
    rnd.shuffle(shuffled)
    assert run(case, busy=shuffled) == run(case)


@PROPERTY
@given(scenarios(), st.integers(0, 60 * 12))
def test_splitting_the_window_splits_the_answer(case: dict[str, Any], cut: int) -> None:
    middle = min(case["window_start"] + FIVE * cut, case["window_end"])
    left = run(case, window_end=middle)
    right = run(case, window_start=middle)
    assert left + right == run(case)
