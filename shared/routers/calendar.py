"""Calendars: an appointment's `.ics`, and the caller's secret feed URL (mounted in booking)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status

from shared.domain import calendar
from shared.http.auth import CurrentUser
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
def appointment_calendar(id: uuid.UUID, user: CurrentUser) -> CalendarResponse:
    return CalendarResponse(calendar.appointment_calendar(user.id, id))


@router.post("/me/calendar-feed", status_code=status.HTTP_201_CREATED, tags=["calendar"])
def new_feed(request: Request, user: CurrentUser) -> CalendarFeedOut:
    token = calendar.new_feed(user.id)
    return CalendarFeedOut(url=str(request.url_for("feed", token=token)))


@router.delete("/me/calendar-feed", status_code=status.HTTP_204_NO_CONTENT, tags=["calendar"])
def revoke_feed(user: CurrentUser) -> Response:
    calendar.revoke_feed(user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/calendar/{token}.ics", name="feed", response_class=CalendarResponse, responses=_ICS)
def feed(token: Annotated[str, Path(max_length=100)]) -> CalendarResponse:
    return CalendarResponse(calendar.feed_calendar(token))
