"""Scheduled Lambda entry: cancels pending appointments whose hold expired.

The job arrives with issue 5 (booking).
"""

from datetime import datetime

from shared.scheduled import scheduled_handler


def run(now: datetime) -> dict[str, int]:
    # The domain tables this job works on arrive with their issue; until then there is no work.
    return {"processed": 0}


handler = scheduled_handler("holds", run)
