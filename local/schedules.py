"""Local EventBridge Scheduler: every scheduled function of template.yaml, on its `rate(...)`,
through its real Lambda handler (as `sam local` would not), each run logged.

`make run` starts it; `SCHEDULES=off` leaves the schedules alone (run one by hand with
`make invoke FUNCTION=<dir> EVENT=events/schedule.json`). Two run more often than their
template schedules (LOCAL_SECONDS): the outbox every 10 s, as a newcomer waiting for a
verification email should not wait a minute, and reminders every 15 s, so that `make demo`
sees one without waiting five minutes.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from local.template import Function, functions

_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
OUTBOX_LOCAL_SECONDS = 10.0
REMINDERS_LOCAL_SECONDS = 15.0


def rate_seconds(expression: str) -> float | None:
    """Seconds between runs of an EventBridge `rate(...)` expression; None for anything else
    (cron(...), at(...)), which the local scheduler does not run."""
    found = _RATE.match(expression.strip())
    if found is None:
        return None
    return float(int(found.group(1)) * _UNIT_SECONDS[found.group(2).rstrip("s")])


@dataclass(frozen=True)
class Schedule:
    function: Function
    expression: str  # as the template writes it
    every_seconds: float  # as it runs here

    @property
    def name(self) -> str:
        return self.function.code_dir.name

    def describe(self) -> str:
        template = rate_seconds(self.expression)
        if template is not None and template != self.every_seconds:
            return f"{self.name} every {self.every_seconds:g} s (template: {self.expression})"
        return f"{self.name} {self.expression}"


def schedules(outbox_seconds: float = OUTBOX_LOCAL_SECONDS) -> list[Schedule]:
    """The template's scheduled functions with a `rate(...)`, sorted by name."""
    found = []
    for function in functions().values():
        for expression in function.schedules:
            seconds = rate_seconds(expression)
            if seconds is None:
                continue
            if function.code_dir.name == "outbox":
                seconds = min(seconds, outbox_seconds)
            if function.code_dir.name == "reminders":
                seconds = min(seconds, REMINDERS_LOCAL_SECONDS)
            found.append(Schedule(function, expression, seconds))
    return sorted(found, key=lambda s: s.name)


def schedule_event(at: datetime, name: str) -> dict[str, Any]:
    """The event EventBridge Scheduler sends a Lambda target (events/schedule.json's shape)."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "account": "000000000000",
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": [f"arn:aws:scheduler:us-east-1:000000000000:schedule/default/attune-{name}"],
        "detail": {},
    }


def invoke(schedule: Schedule) -> dict[str, Any]:
    """One run of the function's real handler, with a schedule event and a Lambda context."""
    from local.functions import load_module
    from local.invoke import LocalContext

    handler = getattr(load_module(schedule.function), schedule.function.handler)
    event = schedule_event(datetime.now(UTC), schedule.name)
    result: dict[str, Any] = handler(event, LocalContext(schedule.function.logical_id))
    return result


def _loop(schedule: Schedule, stop: threading.Event, log: Callable[[str], None]) -> None:
    while not stop.is_set():
        started = time.monotonic()
        try:
            result = invoke(schedule)
            counts = {k: v for k, v in result.items() if k not in {"job", "ran_at"} and v}
            if schedule.name != "outbox" or counts:  # an idle outbox every 10 s is noise
                log(f"schedule: {schedule.name} ran {counts or '(nothing to do)'}")
        except Exception as error:  # as EventBridge would retry: the next run tries again
            log(
                f"schedule: {schedule.name} failed: {error!r}; "
                f"next run in {schedule.every_seconds:g} s"
            )
        stop.wait(max(0.0, schedule.every_seconds - (time.monotonic() - started)))


def start(
    found: list[Schedule] | None = None, log: Callable[[str], None] = print
) -> threading.Event:
    """Start one daemon thread per schedule, each running its function at once, then on its
    rate. Set the returned event to stop them."""
    stop = threading.Event()
    for schedule in schedules() if found is None else found:
        threading.Thread(
            target=_loop, args=(schedule, stop, log), name=f"schedule-{schedule.name}", daemon=True
        ).start()
    return stop
