"""Scheduled Lambda entry: reminders 24 h and 1 h before each confirmed appointment, once each."""

from shared.domain.reminders import send_reminders
from shared.scheduled import scheduled_handler

handler = scheduled_handler("reminders", send_reminders)
