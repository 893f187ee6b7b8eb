"""The local EventBridge: the template's schedules, run through the real handlers."""

from __future__ import annotations

import threading

from local import schedules


def test_rate_expressions_as_eventbridge_reads_them() -> None:
    assert schedules.rate_seconds("rate(1 minute)") == 60
    assert schedules.rate_seconds("rate(5 minutes)") == 300
    assert schedules.rate_seconds("rate(2 hours)") == 7200
    assert schedules.rate_seconds("rate(1 day)") == 86400
    assert schedules.rate_seconds("cron(0 12 * * ? *)") is None


def test_every_scheduled_function_of_the_template_is_scheduled() -> None:
    found = {s.name: s for s in schedules.schedules()}
    assert set(found) == {"holds", "outbox", "recording_expiry", "reminders", "retention"}
    assert found["reminders"].every_seconds == schedules.REMINDERS_LOCAL_SECONDS
    assert "template: rate(5 minutes)" in found["reminders"].describe()
    assert found["recording_expiry"].every_seconds == 3600
    assert found["outbox"].every_seconds == schedules.OUTBOX_LOCAL_SECONDS
    assert "template: rate(1 minute)" in found["outbox"].describe()


def test_a_schedule_runs_the_real_handler_and_logs_it() -> None:
    holds = next(s for s in schedules.schedules() if s.name == "holds")
    result = schedules.invoke(holds)
    assert result["job"] == "holds"
    lines: list[str] = []
    ran = threading.Event()

    def log(line: str) -> None:
        lines.append(line)
        ran.set()

    stop = schedules.start([holds], log=log)
    try:
        assert ran.wait(30)
    finally:
        stop.set()
    assert lines[0].startswith("schedule: holds ran")
