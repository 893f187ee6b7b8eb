"""Free-slot arithmetic for therapist availability: pure, stdlib only (no database, no FastAPI).

The rules, which the booking service, the directory filter and the tests all rely on:

* Availability is kept as wall-clock intervals in the therapist's IANA zone: weekly hours per
  weekday, replaced for a given *local* date by an override (an empty override is a day off).
  A service's own weekly hours, when given (`narrow`), intersect the day's intervals by local
  weekday, on override dates too.
* An interval [start, end) on local date D covers the real time from the first moment the
  therapist's clock reads D+start until the first moment it reads D+end ("24:00" is the next
  midnight). On spring-forward days wall times in the gap never occur: an interval crossing the
  gap is shorter in real time and no slot starts inside it (01:00-04:00 in Berlin on 2026-03-29
  is 2 real hours). On fall-back days the clock passes the repeated hour twice, and an interval
  spanning it covers both passes, so both occurrences are offered (01:00-04:00 in Berlin on
  2026-10-25 is 4 real hours). An endpoint that itself lies in the repeated hour means its first
  occurrence, which keeps splitting an interval at any point from changing the time it covers.
* Real-time pieces that touch are one availability interval (09:00-12:00 + 12:00-17:00, or
  Monday 22:00-24:00 + Tuesday 00:00-02:00, admit a slot across the seam).
* Candidate starts are every `step`, counted in real time from the real start of each of the
  therapist's day intervals (after overrides). Counting from the interval, not from the clock
  hour, offers 09:10, 09:25, ... to a therapist who starts at 09:10; counting in real time means
  a skipped or repeated hour neither offers a non-existent time nor knocks starts off the grid.
  Service hours only filter that grid, never shift it: all of a therapist's services share one
  grid (fewer odd gaps between appointments), and narrowing can never add a slot.
* A slot [s, s + duration) is free iff it lies inside one availability interval, it does not
  overlap any busy interval widened by `buffer` on both sides (an empty widened interval blocks
  nothing), s >= now + min_notice, s < now + horizon and window_start <= s < window_end.

All instants returned are aware datetimes in UTC. Naive datetimes are refused with ValueError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from heapq import heapify, heappop
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_STEP = timedelta(minutes=15)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_SECOND = 1_000_000  # microseconds
_DAY = timedelta(days=1)
# Instants outside these years are never offered: keeps every conversion (and the arithmetic
# with buffers and durations on top) far from datetime's limits, whatever a query asks for.
_FLOOR = (datetime(1900, 1, 1, tzinfo=UTC) - _EPOCH) // _US
_CEILING = (datetime(9000, 1, 1, tzinfo=UTC) - _EPOCH) // _US
_LONGEST = timedelta(days=366)  # for durations, steps and buffers
_HHMM = re.compile(r"(\d{2}):(\d{2})")

# Internally an instant is an int of microseconds since the epoch: the sweep does integer
# arithmetic only and builds datetimes for the slots it returns.
_Span = tuple[int, int]
# A piece of availability: (start, end, origin of its grid of slot starts).
_Piece = tuple[int, int, int]
# A day's wall-clock intervals as offsets from local midnight, sorted and disjoint.
_DayHours = tuple[tuple[timedelta, timedelta], ...]


@dataclass(frozen=True)
class DailyInterval:
    """A wall-clock interval within one local day; `end=None` is "24:00", the day's end."""

    start: time
    end: time | None

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if value is not None and value.tzinfo is not None:
                raise ValueError("interval times are wall-clock times and carry no time zone")
        if self.end is not None and self.start >= self.end:
            raise ValueError(f"interval {self.label()} must start before it ends")

    @property
    def start_offset(self) -> timedelta:
        """The start as time since local midnight."""
        return _offset(self.start)

    @property
    def end_offset(self) -> timedelta:
        """The end as time since local midnight (a whole day for "24:00")."""
        return _DAY if self.end is None else _offset(self.end)

    def label(self) -> str:
        """The interval as the API writes it, e.g. "09:00-24:00"."""
        end = "24:00" if self.end is None else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


WeeklyHours = Mapping[str, Sequence[DailyInterval]]


@dataclass(frozen=True)
class Availability:
    """One therapist's bookable hours and booking rules. Validated (and sorted) on creation."""

    timezone: str
    weekly: WeeklyHours
    overrides: Mapping[date, Sequence[DailyInterval]]
    buffer: timedelta = timedelta(0)
    min_notice: timedelta = timedelta(hours=12)
    horizon: timedelta = timedelta(days=60)

    def __post_init__(self) -> None:
        _zone(self.timezone)
        for name in ("buffer", "min_notice", "horizon"):
            if getattr(self, name) < timedelta(0):
                raise ValueError(f"{name} must not be negative")
        if self.buffer > _LONGEST:
            raise ValueError(f"buffer must be at most {_LONGEST.days} days")
        overrides: dict[date, tuple[DailyInterval, ...]] = {}
        for day, intervals in self.overrides.items():
            # A datetime is a date too, and would silently never match a local date.
            if not isinstance(day, date) or isinstance(day, datetime):
                raise ValueError(f"override key {day!r} must be a date")
            overrides[day] = _checked_day(intervals, day.isoformat())
        # Frozen, yet normalised once here so the hot paths can trust the shape.
        object.__setattr__(self, "weekly", _checked_week(self.weekly))
        object.__setattr__(self, "overrides", overrides)


def parse_intervals(raw: Sequence[Mapping[str, str]]) -> tuple[DailyInterval, ...]:
    """Parse one day's `[{"start": "HH:MM", "end": "HH:MM"}, ...]`, sorted by start.

    "24:00" is allowed as an end only. Intervals must start before they end and must not overlap
    (touching is fine); an interval cannot cross midnight (use "24:00" and "00:00" on the next
    day). Raises ValueError with a message fit for a 422 answer.
    """
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise ValueError("intervals must be a list of {start, end} objects")
    parsed: list[DailyInterval] = []
    for item in raw:
        if not isinstance(item, Mapping) or set(item) != {"start", "end"}:
            raise ValueError('each interval must be an object with exactly "start" and "end"')
        start, end = _parse_hhmm(item["start"]), _parse_hhmm(item["end"])
        if start is None:
            raise ValueError('"24:00" can only end an interval')
        if end is not None and start >= end:
            raise ValueError(f"interval {item['start']}-{item['end']} must start before it ends")
        parsed.append(DailyInterval(start, end))
    return _checked_day(parsed, "")


def parse_weekly(
    raw: Mapping[str, Sequence[Mapping[str, str]]],
) -> dict[str, tuple[DailyInterval, ...]]:
    """Parse `{"monday": [{"start": "09:00", "end": "17:00"}], ...}`; a missing day has no hours.

    Raises ValueError naming the weekday at fault.
    """
    if not isinstance(raw, Mapping):
        raise ValueError("weekly hours must be an object keyed by weekday")
    week: dict[str, tuple[DailyInterval, ...]] = {}
    for name, intervals in raw.items():
        if name not in WEEKDAYS:
            raise ValueError(f"unknown weekday {name!r}; expected one of {', '.join(WEEKDAYS)}")
        try:
            week[name] = parse_intervals(intervals)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    return week


def open_intervals(
    av: Availability, start: datetime, end: datetime, *, narrow: WeeklyHours | None = None
) -> list[tuple[datetime, datetime]]:
    """The availability within [start, end) as sorted, disjoint UTC intervals.

    Touching pieces are merged, and the result is clipped to [start, end).
    """
    lo = min(max(_instant(start, "start"), _FLOOR), _CEILING)
    hi = max(min(_instant(end, "end"), _CEILING), _FLOOR)
    zone = _zone(av.timezone)
    narrowed = _narrowing(narrow)
    spans: list[_Span] = []
    for run_end, pieces in _runs(_pieces(av, zone, narrowed, lo, hi)):
        run_start = pieces[0][0]
        if run_end > lo and run_start < hi:
            spans.append((max(run_start, lo), min(run_end, hi)))
    return [(_datetime(a), _datetime(b)) for a, b in spans]


def free_slots(
    av: Availability,
    *,
    duration: timedelta,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
    busy: Iterable[tuple[datetime, datetime]],
    narrow: WeeklyHours | None = None,
    step: timedelta = DEFAULT_STEP,
) -> list[tuple[datetime, datetime]]:
    """Every free slot `(start, end)` whose start lies in [window_start, window_end), sorted.

    `busy` holds the active appointments' intervals (any order, any aware zone); `narrow` is
    the service's own weekly hours, if it has any. See the module docstring for the rule.
    """
    return [
        (_datetime(s), _datetime(e))
        for s, e in _free(av, duration, window_start, window_end, now, busy, narrow, step)
    ]


def first_free_slot(
    av: Availability,
    *,
    duration: timedelta,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
    busy: Iterable[tuple[datetime, datetime]],
    narrow: WeeklyHours | None = None,
    step: timedelta = DEFAULT_STEP,
) -> tuple[datetime, datetime] | None:
    """The earliest slot `free_slots` would return, or None; stops at the first one found."""
    for s, e in _free(av, duration, window_start, window_end, now, busy, narrow, step):
        return _datetime(s), _datetime(e)
    return None


def is_bookable(
    av: Availability,
    start: datetime,
    *,
    duration: timedelta,
    now: datetime,
    busy: Iterable[tuple[datetime, datetime]],
    narrow: WeeklyHours | None = None,
    step: timedelta = DEFAULT_STEP,
) -> bool:
    """Whether `start` is one of the slot starts `free_slots` offers, by the very same rule.

    For a reschedule, leave the appointment being moved out of `busy`.
    """
    at = _instant(start, "start")
    if not _FLOOR <= at < _CEILING:
        return False
    # A window holding exactly one instant: the same sweep, one local day of work.
    only = _datetime(at + 1)
    found = first_free_slot(
        av,
        duration=duration,
        window_start=start,
        window_end=only,
        now=now,
        busy=busy,
        narrow=narrow,
        step=step,
    )
    return found is not None and _instant(found[0], "slot") == at


# --- the sweep ------------------------------------------------------------------------------


def _free(
    av: Availability,
    duration: timedelta,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
    busy: Iterable[tuple[datetime, datetime]],
    narrow: WeeklyHours | None,
    step: timedelta,
) -> Iterator[_Span]:
    """Free slots in order, lazily, as microsecond spans. Arguments are validated eagerly."""
    for name, value in (("duration", duration), ("step", step)):
        if not timedelta(0) < value <= _LONGEST:
            raise ValueError(f"{name} must be positive and at most {_LONGEST.days} days")
    now_us = _instant(now, "now")
    lo = max(_instant(window_start, "window_start"), now_us + _micros(av.min_notice))
    hi = min(_instant(window_end, "window_end"), now_us + _micros(av.horizon))
    lo, hi = min(max(lo, _FLOOR), _CEILING), max(min(hi, _CEILING), _FLOOR)
    dur, stride = _micros(duration), _micros(step)
    heap = _busy_heap(busy, av.buffer, lo, hi + dur)  # validates every busy interval
    blocked = _blocked(heap, _micros(av.buffer))
    narrowed = _narrowing(narrow)
    zone = _zone(av.timezone)
    return _sweep(av, zone, narrowed, lo, hi, dur, stride, blocked)


def _sweep(
    av: Availability,
    zone: ZoneInfo,
    narrow: Mapping[str, _DayHours] | None,
    lo: int,
    hi: int,
    dur: int,
    stride: int,
    blocked: Iterator[_Span],
) -> Iterator[_Span]:
    """One pass over availability pieces and blocked spans, both sorted: O(pieces+busy+slots)."""
    if lo >= hi:
        return
    block = next(blocked, None)  # the first blocked span that ends after the current start
    # Slots may end up to `dur` after the last start, so pieces are needed that far.
    for run_end, pieces in _runs(_pieces(av, zone, narrow, lo, hi + dur)):
        for piece_start, piece_end, origin in pieces:
            last = min(piece_end - 1, hi - 1, run_end - dur)  # the latest allowed start
            s = _align_up(max(lo, piece_start), origin, stride)
            while s <= last:
                # Starts only grow, so blocked spans ending by `s` are done with for good.
                while block is not None and block[1] <= s:
                    block = next(blocked, None)
                if block is not None and block[0] < s + dur:
                    s = _align_up(block[1], origin, stride)
                    continue
                free_last = last if block is None else min(last, block[0] - dur)
                for x in range(s, free_last + 1, stride):
                    yield x, x + dur
                s = _align_up(free_last + 1, origin, stride)


def _busy_heap(
    busy: Iterable[tuple[datetime, datetime]], buffer: timedelta, lo: int, hi: int
) -> list[tuple[datetime, datetime]]:
    """The busy intervals that, widened by `buffer`, reach [lo, hi), as a heap by start."""
    # Busy lists span months while a query may span an hour: datetimes are compared (cheap)
    # and only converted once the sweep reaches them. A heap, not a sort, so that a search
    # for the first free slot pays O(n) plus only the intervals it passes.
    after, before = _datetime(lo) - buffer, _datetime(hi) + buffer
    heap: list[tuple[datetime, datetime]] = []
    for start, end in busy:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("busy intervals must be timezone-aware")
        if end < start:
            raise ValueError("a busy interval ends before it starts")
        if end > after and start < before:
            heap.append((start, end))
    heapify(heap)
    return heap


def _blocked(heap: list[tuple[datetime, datetime]], pad: int) -> Iterator[_Span]:
    """Pop the busy heap, widen by `pad` and merge: disjoint blocked spans by start, lazily."""
    current: _Span | None = None
    while heap:
        start, end = heappop(heap)
        a, b = (start - _EPOCH) // _US - pad, (end - _EPOCH) // _US + pad
        if a >= b:  # an empty appointment with no buffer blocks nothing
            continue
        if current is None:
            current = (a, b)
        elif a <= current[1]:
            current = (current[0], max(current[1], b))
        else:
            yield current
            current = (a, b)
    if current is not None:
        yield current


def _runs(pieces: Iterator[_Piece]) -> Iterator[tuple[int, list[_Piece]]]:
    """Group sorted pieces that touch into availability intervals: `(end, pieces)`, lazily."""
    group: list[_Piece] = []
    for piece in pieces:
        if group and piece[0] > group[-1][1]:
            yield group[-1][1], group
            group = []
        group.append(piece)
    if group:
        yield group[-1][1], group


def _pieces(
    av: Availability, zone: ZoneInfo, narrow: Mapping[str, _DayHours] | None, lo: int, hi: int
) -> Iterator[_Piece]:
    """Each local day's intervals as real-time pieces, sorted, for the days that reach [lo, hi).

    Day D's pieces lie within [first(D 00:00), first(D+1 00:00)), where first(t) is the first
    instant the clock reads t. The day of `lo`'s wall clock is therefore the first one that can
    reach `lo`; a clock turned back by a few hours can put instants before `hi` on the wall date
    after `hi`'s, so one more day is scanned at the end.
    """
    day = _local_date(lo, zone)
    last = _local_date(hi, zone) + _DAY
    while day <= last:
        midnight = datetime.combine(day, time())
        for start, end, origin in _day_hours(av, narrow, day):
            a = _first_instant(midnight + start, zone)
            b = _first_instant(midnight + end, zone)
            if a < b:  # an interval wholly inside a spring-forward gap never happens
                yield a, b, a if origin == start else _first_instant(midnight + origin, zone)
        day += _DAY


def _day_hours(
    av: Availability, narrow: Mapping[str, _DayHours] | None, day: date
) -> list[tuple[timedelta, timedelta, timedelta]]:
    """One local date's wall-clock hours (override or weekly, then narrowed) as offsets from
    midnight: `(start, end, origin)`, origin being the start of the therapist's own interval.
    """
    weekday = WEEKDAYS[day.weekday()]
    own = av.overrides.get(day)
    if own is None:
        own = av.weekly.get(weekday, ())
    hours = _offsets(tuple(own))
    if narrow is None:
        return [(start, end, start) for start, end in hours]
    return _intersect(hours, narrow.get(weekday, ()))


def _narrowing(narrow: WeeklyHours | None) -> dict[str, _DayHours] | None:
    if narrow is None:
        return None
    return {name: _offsets(tuple(day)) for name, day in _checked_week(narrow).items()}


@lru_cache(maxsize=4096)  # a day's intervals are frozen values, shared by many days and people
def _offsets(intervals: tuple[DailyInterval, ...]) -> _DayHours:
    return tuple((i.start_offset, i.end_offset) for i in intervals)


def _intersect(own: _DayHours, service: _DayHours) -> list[tuple[timedelta, timedelta, timedelta]]:
    """Two sorted, disjoint interval lists intersected (two-pointer merge), each piece tagged
    with the start of the `own` interval it came from.
    """
    out: list[tuple[timedelta, timedelta, timedelta]] = []
    i = j = 0
    while i < len(own) and j < len(service):
        start, end = max(own[i][0], service[j][0]), min(own[i][1], service[j][1])
        if start < end:
            out.append((start, end, own[i][0]))
        if own[i][1] < service[j][1]:
            i += 1
        else:
            j += 1
    return out


@lru_cache(maxsize=4096)
def _local_date(micros: int, zone: ZoneInfo) -> date:
    return _datetime(micros).astimezone(zone).date()


# Cached: a pure function of a wall time and a zone, and the same few (midnight plus 09:00,
# 17:00, ...) recur for every therapist in a zone, request after request; the directory asks
# it for a thousand therapists at once.
@lru_cache(maxsize=65536)
def _first_instant(local: datetime, zone: ZoneInfo) -> int:
    """The first instant at which the clock in `zone` reads `local` (naive) or later.

    For a repeated wall time that is its first occurrence (fold=0); for a wall time skipped by
    a spring-forward gap it is the transition itself, where the clock jumps past it.
    """
    utc = local.replace(tzinfo=zone).astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == local:
        return _micros(utc - _EPOCH)
    # In a gap, fold=0 and fold=1 resolve with the offsets before and after the jump, which
    # land on either side of it; zoneinfo does not expose the transition, so bisect for it.
    other = _micros(local.replace(tzinfo=zone, fold=1).astimezone(UTC) - _EPOCH)
    here = _micros(utc - _EPOCH)
    before, after = min(here, other) // _SECOND, -(-max(here, other) // _SECOND)
    while after - before > 1:  # tz transitions fall on whole seconds
        mid = (before + after) // 2
        if _datetime(mid * _SECOND).astimezone(zone).replace(tzinfo=None) >= local:
            after = mid
        else:
            before = mid
    return after * _SECOND


# --- small helpers --------------------------------------------------------------------------


def _align_up(at: int, origin: int, stride: int) -> int:
    """The first `origin + k * stride` (k >= 0 integer) that is >= `at`."""
    return origin + max(0, -(-(at - origin) // stride)) * stride


def _micros(delta: timedelta) -> int:
    return delta // _US


def _instant(value: datetime, name: str) -> int:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return _micros(value - _EPOCH)


def _datetime(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _offset(value: time) -> timedelta:
    return timedelta(
        hours=value.hour, minutes=value.minute, seconds=value.second, microseconds=value.microsecond
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)  # zoneinfo caches instances by key
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r}") from None


def _parse_hhmm(value: str) -> time | None:
    """ "HH:MM" as a time; "24:00" as None, the day's end."""
    match = _HHMM.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a time of day written HH:MM")
    hour, minute = int(match[1]), int(match[2])
    if (hour, minute) == (24, 0):
        return None
    if hour > 23 or minute > 59:
        raise ValueError(f"{value!r} is not a time of day written HH:MM")
    return time(hour, minute)


def _checked_day(intervals: Iterable[DailyInterval], where: str) -> tuple[DailyInterval, ...]:
    """One day's intervals sorted by start; ValueError, prefixed with `where`, if two overlap."""
    prefix = f"{where}: " if where else ""
    items = list(intervals)
    if not all(isinstance(i, DailyInterval) for i in items):
        raise ValueError(f"{prefix}intervals must be DailyInterval values")
    items.sort(key=lambda i: i.start_offset)
    for earlier, later in pairwise(items):
        if later.start_offset < earlier.end_offset:
            raise ValueError(f"{prefix}intervals {earlier.label()} and {later.label()} overlap")
    return tuple(items)


def _checked_week(week: WeeklyHours) -> dict[str, tuple[DailyInterval, ...]]:
    unknown = sorted(set(week) - set(WEEKDAYS))
    if unknown:
        raise ValueError(f"unknown weekday {unknown[0]!r}; expected one of {', '.join(WEEKDAYS)}")
    return {name: _checked_day(intervals, name) for name, intervals in week.items()}
