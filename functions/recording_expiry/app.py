"""Scheduled Lambda entry: deletes expired recordings from S3 and the database.

The job arrives with issue 7 (recordings).
"""

from datetime import datetime

from shared.scheduled import scheduled_handler


def run(now: datetime) -> dict[str, int]:
    # The domain tables this job works on arrive with their issue; until then there is no work.
    return {"processed": 0}


handler = scheduled_handler("recording_expiry", run)
