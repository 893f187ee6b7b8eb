"""Calendar feeds (API.md: POST /me/calendar-feed)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CalendarFeedOut(BaseModel):
    url: str = Field(
        description="The secret feed URL (GET /calendar/{token}.ics); whoever holds it can "
        "read the calendar, until a new one is made or it is deleted.",
        examples=["https://api.example.com/calendar/3q2...Xw.ics"],
    )
