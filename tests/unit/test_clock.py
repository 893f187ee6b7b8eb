from datetime import UTC, datetime, timedelta

from shared import clock
from shared.clock import FrozenClock, use_clock


def test_frozen_clock_moves_only_when_told() -> None:
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    with use_clock(FrozenClock(start)) as frozen:
        assert clock.now() == start
        assert isinstance(frozen, FrozenClock)
        frozen.advance(timedelta(hours=2))
        assert clock.now() == start + timedelta(hours=2)
    assert clock.now() > start + timedelta(days=100)


def test_system_clock_is_aware_utc() -> None:
    assert clock.now().tzinfo is not None
    assert clock.now().utcoffset() == timedelta(0)
