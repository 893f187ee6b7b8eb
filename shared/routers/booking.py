"""Services, availability, slots and appointments."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from shared.domain import appointments, availability, services
from shared.errors import Forbidden
from shared.http.auth import CurrentUser, MaybeUser, TherapistUser, TokenHolder, VerifiedUser
from shared.http.pagination import PageQuery
from shared.schemas.booking import (
    AppointmentIn,
    AppointmentOut,
    AvailabilityIn,
    AvailabilityOut,
    CancelIn,
    NotesIn,
    OverrideIn,
    PackageType,
    RescheduleIn,
    SeriesCancelIn,
    SeriesCancelledOut,
    SeriesIn,
    SeriesOut,
    ServiceIn,
    ServiceOut,
    ServicePatch,
    SkippedOut,
    SlotsOut,
)
from shared.schemas.common import CalendarDate, Instant, Page

router = APIRouter()
AppointmentStatus = Literal["pending", "confirmed", "completed", "cancelled"]


def _service(view: services.ServiceView) -> ServiceOut:
    return ServiceOut.model_validate(view, from_attributes=True)


def _appointment(view: appointments.AppointmentView) -> AppointmentOut:
    return AppointmentOut.model_validate(view, from_attributes=True)


# --- services ---------------------------------------------------------------------------------


@router.post("/services", status_code=status.HTTP_201_CREATED, tags=["services"])
def create_service(body: ServiceIn, user: TherapistUser) -> ServiceOut:
    return _service(services.create_service(user.id, body.model_dump(mode="json")))


@router.patch("/services/{id}", tags=["services"])
def update_service(id: uuid.UUID, body: ServicePatch, user: TherapistUser) -> ServiceOut:
    changes = body.model_dump(mode="json", exclude_unset=True)
    return _service(services.update_service(user.id, id, changes))


@router.get("/services", tags=["services"])
def list_services(
    page: PageQuery,
    viewer: MaybeUser,
    category: Annotated[str | None, Query(max_length=50, pattern=r"^[^\x00]*$")] = None,
    therapist_id: uuid.UUID | None = None,
    package_type: PackageType | None = None,
) -> Page[ServiceOut]:
    found = services.list_services(
        services.ServiceFilter(category, therapist_id, package_type),
        viewer.id if viewer else None,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=[_service(s) for s in found.items], next_cursor=found.next_cursor)


@router.get("/services/{id}", tags=["services"])
def get_service(id: uuid.UUID, viewer: MaybeUser) -> ServiceOut:
    return _service(services.get_service(id, viewer.id if viewer else None))


# --- availability -----------------------------------------------------------------------------


@router.put("/therapists/me/availability", tags=["availability"])
def put_availability(body: AvailabilityIn, user: TherapistUser) -> AvailabilityOut:
    settings = availability.ScheduleSettings(**body.model_dump())
    view = availability.set_schedule(user.id, settings)
    return AvailabilityOut.model_validate(view, from_attributes=True)


@router.put("/therapists/me/availability/overrides/{date}", tags=["availability"])
def put_override(date: CalendarDate, body: OverrideIn, user: TherapistUser) -> AvailabilityOut:
    view = availability.set_override(user.id, date, body.model_dump(mode="json")["intervals"])
    return AvailabilityOut.model_validate(view, from_attributes=True)


@router.delete(
    "/therapists/me/availability/overrides/{date}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["availability"],
)
def delete_override(date: CalendarDate, user: TherapistUser) -> Response:
    availability.delete_override(user.id, date)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/therapists/{id}/slots", tags=["availability"])
def slots(
    id: uuid.UUID,
    from_: Annotated[Instant, Query(alias="from")],
    to: Instant,
    service_id: uuid.UUID | None = None,
    duration_minutes: Annotated[int | None, Query(ge=5, le=480)] = None,
) -> SlotsOut:
    found = availability.therapist_slots(
        id, from_, to, service_id=service_id, duration_minutes=duration_minutes
    )
    return SlotsOut.model_validate(found, from_attributes=True)


# --- appointments -----------------------------------------------------------------------------


@router.post("/appointments", status_code=status.HTTP_201_CREATED, tags=["appointments"])
def book(body: AppointmentIn, holder: TokenHolder) -> AppointmentOut:
    # The account behind the token is checked (live, verified, a client) inside the booking.
    request = appointments.BookingRequest(
        client_id=holder.user_id,
        service_id=body.service_id,
        start=body.start,
        co_therapist_ids=body.co_therapist_ids,
        pre_session_message=body.pre_session_message,
    )
    return _appointment(appointments.book_appointment(request))


@router.post("/appointments/series", status_code=status.HTTP_201_CREATED, tags=["appointments"])
def book_series(body: SeriesIn, user: VerifiedUser) -> SeriesOut:
    """Every week, fortnight or four weeks at the same local time; the free occurrences are
    booked and the others listed in `skipped` (409 when the first is not free)."""
    from shared.domain import series

    if user.role != "client":
        raise Forbidden("Only clients book appointments.", code="wrong_role")
    booked = series.book_series(
        series.SeriesRequest(user.id, body.service_id, body.start, body.every_weeks, body.count,
                             tuple(body.co_therapist_ids), body.pre_session_message)
    )  # fmt: skip
    return SeriesOut(
        series_id=booked.series_id,
        appointments=[_appointment(a) for a in booked.appointments],
        skipped=[SkippedOut(start=s.start, code=s.code) for s in booked.skipped],
    )


@router.post("/appointments/series/{id}/cancel", tags=["appointments"])
def cancel_series(
    id: uuid.UUID, user: CurrentUser, body: SeriesCancelIn | None = None
) -> SeriesCancelledOut:
    """That occurrence (default: the next one) and every later one, each settled by the money
    table."""
    from shared.domain import series

    body = body or SeriesCancelIn()
    return SeriesCancelledOut(cancelled=series.cancel_series(user.id, id, body.from_, body.reason))


@router.get("/appointments", tags=["appointments"])
def list_appointments(
    user: CurrentUser,
    page: PageQuery,
    status: AppointmentStatus | None = None,
    from_: Annotated[Instant | None, Query(alias="from")] = None,
    to: Instant | None = None,
    series_id: uuid.UUID | None = None,
) -> Page[AppointmentOut]:
    found = appointments.list_appointments(
        user.id,
        appointments.AppointmentFilter(status, from_, to, series_id),
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=[_appointment(a) for a in found.items], next_cursor=found.next_cursor)


@router.get("/appointments/{id}", tags=["appointments"])
def get_appointment(id: uuid.UUID, user: CurrentUser) -> AppointmentOut:
    return _appointment(appointments.get_appointment(user.id, id))


@router.post("/appointments/{id}/confirm", tags=["appointments"])
def confirm(id: uuid.UUID, user: CurrentUser) -> AppointmentOut:
    return _appointment(appointments.confirm_appointment(user.id, id))


@router.post("/appointments/{id}/decline", tags=["appointments"])
def decline(id: uuid.UUID, user: CurrentUser) -> AppointmentOut:
    return _appointment(appointments.decline_appointment(user.id, id))


@router.post("/appointments/{id}/cancel", tags=["appointments"])
def cancel(id: uuid.UUID, user: CurrentUser, body: CancelIn | None = None) -> AppointmentOut:
    reason = body.reason if body else None
    return _appointment(appointments.cancel_appointment(user.id, id, reason))


@router.post("/appointments/{id}/reschedule", tags=["appointments"])
def reschedule(id: uuid.UUID, body: RescheduleIn, user: CurrentUser) -> AppointmentOut:
    return _appointment(appointments.reschedule_appointment(user.id, id, body.start))


@router.post("/appointments/{id}/complete", tags=["appointments"])
def complete(id: uuid.UUID, user: CurrentUser) -> AppointmentOut:
    return _appointment(appointments.complete_appointment(user.id, id))


@router.post("/appointments/{id}/no-show", tags=["appointments"])
def no_show(id: uuid.UUID, user: CurrentUser) -> AppointmentOut:
    """The client did not come: completed, the payment (or credit) kept."""
    return _appointment(appointments.mark_no_show(user.id, id))


@router.put("/appointments/{id}/notes", tags=["appointments"])
def notes(id: uuid.UUID, body: NotesIn, user: CurrentUser) -> AppointmentOut:
    return _appointment(appointments.save_notes(user.id, id, body.notes))
