"""Scheduled Lambda entry: carries out the side effects committed changes asked for (refunds,
emails, S3 deletes) that have not succeeded yet, with backoff (every minute)."""

from shared.outbox import run_outbox
from shared.scheduled import scheduled_handler

handler = scheduled_handler("outbox", run_outbox)
