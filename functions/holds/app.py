"""Scheduled Lambda entry: cancels pending appointments whose hold expired, freeing the slot."""

from shared.domain.appointments import expire_holds
from shared.scheduled import scheduled_handler

handler = scheduled_handler("holds", expire_holds)
