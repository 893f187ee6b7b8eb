"""Scheduled Lambda entry: reminders 24 h and 1 h before each confirmed appointment.

The job arrives with issue 7 (notifications).
"""

from datetime import datetime

from shared.scheduled import scheduled_handler


def run(now: datetime) -> dict[str, int]:
    # The domain tables this job works on arrive with their issue; until then there is no work.
    return {"processed": 0}


handler = scheduled_handler("reminders", run)
