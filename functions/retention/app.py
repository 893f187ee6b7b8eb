"""Scheduled Lambda entry: deletes login attempts and spent or expired tokens older than 90
days (daily)."""

from shared.domain.retention import apply_retention
from shared.scheduled import scheduled_handler

handler = scheduled_handler("retention", apply_retention)
