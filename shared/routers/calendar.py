"""Calendars: an appointment's `.ics`, and the caller's secret feed URL (mounted in booking)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status

from shared.domain import calendar
from shared.errors import NotFound
from shared.http.auth import CurrentUser
from shared.http.openapi import raises
from shared.schemas.calendar import CalendarFeedOut

router = APIRouter()


class CalendarResponse(Response):
    media_type = "text/calendar"
    charset = "utf-8"


_ICS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "An iCalendar object (RFC 5545)",
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/appointments/{id}/calendar.ics",
    response_class=CalendarResponse,
    responses=_ICS,
    tags=["appointments"],
)
@raises(NotFound)
def get_appointment_calendar(id: uuid.UUID, user: CurrentUser) -> CalendarResponse:
    """Download an appointment as iCalendar

    A participant (anyone else gets a 404). One VEVENT (RFC 5545) with a stable `UID`, a
    `SEQUENCE` that rises with each reschedule, and `STATUS:CANCELLED` once cancelled.
    """
    return CalendarResponse(calendar.appointment_calendar(user.id, id))


@router.post("/me/calendar-feed", status_code=status.HTTP_201_CREATED, tags=["calendar"])
def create_calendar_feed(request: Request, user: CurrentUser) -> CalendarFeedOut:
    """Make a new secret calendar feed URL

    A logged-in user. The URL serves their appointments to a calendar app that subscribes to
    it; making a new one stops the old one working.
    """
    token = calendar.new_feed(user.id)
    return CalendarFeedOut(url=str(request.url_for("get_calendar_feed", token=token)))


@router.delete("/me/calendar-feed", status_code=status.HTTP_204_NO_CONTENT, tags=["calendar"])
def revoke_calendar_feed(user: CurrentUser) -> Response:
    """Stop my calendar feed URL working

    A logged-in user; nothing to do when they have none.
    """
    calendar.revoke_feed(user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/calendar/{token}.ics", response_class=CalendarResponse, responses=_ICS, tags=["calendar"]
)
@raises(NotFound)
def get_calendar_feed(token: Annotated[str, Path(max_length=100)]) -> CalendarResponse:
    """Read a calendar feed

    Anyone holding the secret URL, no token needed: the user's appointments from 30 days back
    onwards as one iCalendar feed, what Google, Apple or Outlook subscribe to. 404 for an
    unknown, replaced or revoked URL.
    """
    return CalendarResponse(calendar.feed_calendar(token))
