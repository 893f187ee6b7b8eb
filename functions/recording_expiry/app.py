"""Scheduled Lambda entry: deletes expired recordings from S3 and the database (hourly)."""

from shared.domain.recordings import expire_recordings
from shared.scheduled import scheduled_handler

handler = scheduled_handler("recording_expiry", expire_recordings)
