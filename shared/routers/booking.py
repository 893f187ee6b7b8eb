"""Services, availability, slots and appointments."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from shared.domain import appointments, availability, series, services
from shared.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from shared.http.auth import CurrentUser, MaybeUser, TherapistUser, TokenHolder, VerifiedUser
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.pagination import Page
from shared.schemas.booking import (
    AppointmentIn,
    AvailabilityIn,
    CancelIn,
    NotesIn,
    OverrideIn,
    PackageType,
    RescheduleIn,
    SeriesCancelIn,
    SeriesCancelledOut,
    SeriesIn,
    ServiceIn,
    ServicePatch,
)
from shared.schemas.common import CalendarDate, Instant

router = APIRouter()
AppointmentStatus = Literal["pending", "confirmed", "completed", "cancelled"]


# --- services ---------------------------------------------------------------------------------


@router.post("/services", status_code=status.HTTP_201_CREATED, tags=["services"])
@raises((Unprocessable, "invalid_package", "invalid_hours"))
def create_service(body: ServiceIn, user: TherapistUser) -> services.ServiceView:
    """Offer a service

    A therapist. A `single` session includes exactly one session; a `monthly` or `intensive`
    package needs `validity_days` (422 `invalid_package`). `availability` narrows the
    therapist's weekly hours for this service. With `requires_confirmation` every booking waits
    for the therapist's answer.
    """
    return services.create_service(user.id, body.model_dump(mode="json"))


@router.patch("/services/{id}", tags=["services"])
@raises(NotFound, (Unprocessable, "field_required", "invalid_package", "invalid_hours"))
def update_service(id: uuid.UUID, body: ServicePatch, user: TherapistUser) -> services.ServiceView:
    """Change one of my services

    The service's therapist (anyone else gets a 404). Only the fields sent change; only
    `validity_days` and `availability` can be removed with `null`. Existing appointments keep
    the price and duration they were booked with.
    """
    changes = body.model_dump(mode="json", exclude_unset=True)
    return services.update_service(user.id, id, changes)


@router.get("/services", tags=["services"])
def list_services(
    page: PageQuery,
    viewer: MaybeUser,
    category: Annotated[str | None, Query(max_length=50, pattern=r"^[^\x00]*$")] = None,
    therapist_id: uuid.UUID | None = None,
    package_type: PackageType | None = None,
) -> Page[services.ServiceView]:
    """Browse services

    Anyone; a token is optional. Filter by `category`, `therapist_id` and `package_type`.
    Inactive services are listed only to their own therapist.
    """
    return services.list_services(
        services.ServiceFilter(category, therapist_id, package_type),
        viewer.id if viewer else None,
        limit=page.limit,
        cursor=page.cursor,
    )


@router.get("/services/{id}", tags=["services"])
@raises(NotFound)
def get_service(id: uuid.UUID, viewer: MaybeUser) -> services.ServiceView:
    """Read a service

    Anyone; a token is optional. An inactive service is a 404 except to its own therapist.
    """
    return services.get_service(id, viewer.id if viewer else None)


# --- availability -----------------------------------------------------------------------------


@router.put("/therapists/me/availability", tags=["availability"])
@raises((Unprocessable, "invalid_hours"))
def set_my_availability(body: AvailabilityIn, user: TherapistUser) -> availability.ScheduleView:
    """Set my weekly hours

    A therapist. Hours per weekday in the given time zone (`"09:00"` to `"17:00"`, in order, not
    overlapping: 422 `invalid_hours` otherwise), with the buffer after each session, the
    minimum notice and how far ahead clients may book. Existing bookings stay.
    """
    return availability.set_schedule(user.id, availability.ScheduleSettings(**body.model_dump()))


@router.put("/therapists/me/availability/overrides/{date}", tags=["availability"])
@raises((Unprocessable, "invalid_hours"))
def set_availability_override(
    date: CalendarDate, body: OverrideIn, user: TherapistUser
) -> availability.ScheduleView:
    """Set other hours for one day

    A therapist. The hours on that local date replace the weekly ones; an empty list is a day
    off.
    """
    return availability.set_override(user.id, date, body.model_dump(mode="json")["intervals"])


@router.delete(
    "/therapists/me/availability/overrides/{date}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["availability"],
)
@raises(NotFound)
def delete_availability_override(date: CalendarDate, user: TherapistUser) -> Response:
    """Remove a day's override

    A therapist. The weekly hours apply to that date again; 404 when it has no override.
    """
    availability.delete_override(user.id, date)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/therapists/{id}/slots", tags=["availability"])
@raises(NotFound, (Unprocessable, "invalid_window", "window_too_long"))
def list_free_slots(
    id: uuid.UUID,
    from_: Annotated[Instant, Query(alias="from")],
    to: Instant,
    service_id: uuid.UUID | None = None,
    duration_minutes: Annotated[int | None, Query(ge=5, le=480)] = None,
) -> availability.SlotList:
    """List a therapist's free start times

    Anyone, no token needed. The free slots in [`from`, `to`) in UTC (and in the therapist's
    zone, `start_local`), for a service's duration (`service_id`) or `duration_minutes`
    (default: the shortest service). At most 62 days at once; `to` after `from`.
    """
    return availability.therapist_slots(
        id, from_, to, service_id=service_id, duration_minutes=duration_minutes
    )


# --- appointments -----------------------------------------------------------------------------

# What booking an appointment or a series can refuse (the checks every booking makes).
refused_booking = raises(
    (Forbidden, "wrong_role"),
    NotFound,
    (BadRequest, "own_service"),
    (Unprocessable, "too_many", "duplicate_therapist"),
    (Conflict, "slot_unavailable", "too_many_pending", "not_accepting_clients"),
)


@router.post("/appointments", status_code=status.HTTP_201_CREATED, tags=["appointments"])
@refused_booking
# The caller's account is checked inside the booking, in its first statement.
@raises(
    (Unauthorized, "invalid_token"),
    (Forbidden, "email_not_verified"),
    (Conflict, "credit_unavailable"),
)
def book_appointment(body: AppointmentIn, holder: TokenHolder) -> appointments.AppointmentView:
    """Book an appointment

    A client with a verified email. The start must be a free slot of the service's therapist
    and of every co-therapist (public, approved, accepting clients), else 409
    `slot_unavailable`. The appointment is `pending`: it holds the slot for 15 minutes until
    paid (`POST /payments/checkout`), or is paid at once by a package credit of the service.
    It is `confirmed` once paid and every required consent is given. At most 3 unpaid pending
    bookings (409 `too_many_pending`); a therapist not accepting clients takes only returning
    ones (409 `not_accepting_clients`). No two active appointments overlap for a therapist or
    a client, under any concurrency.
    """
    request = appointments.BookingRequest(
        client_id=holder.user_id,
        service_id=body.service_id,
        start=body.start,
        co_therapist_ids=body.co_therapist_ids,
        pre_session_message=body.pre_session_message,
    )
    return appointments.book_appointment(request)


@router.post("/appointments/series", status_code=status.HTTP_201_CREATED, tags=["appointments"])
@refused_booking
def book_series(body: SeriesIn, user: VerifiedUser) -> series.SeriesView:
    """Book a series of appointments

    A client with a verified email. Every 1, 2 or 4 weeks at the same local time, 2 to 12
    times: the free occurrences are booked and the others listed in `skipped` (409
    `slot_unavailable` when the first is not free). An occurrence stays `pending` without a
    hold: it must be paid (or a credit is spent) by 48 h before its start, or it is cancelled.
    """
    if user.role != "client":
        raise Forbidden("Only clients book appointments.", code="wrong_role")
    return series.book_series(
        series.SeriesRequest(user.id, body.service_id, body.start, body.every_weeks, body.count,
                             tuple(body.co_therapist_ids), body.pre_session_message)
    )  # fmt: skip


@router.post("/appointments/series/{id}/cancel", tags=["appointments"])
@raises(NotFound, (Conflict, "not_cancellable"))
def cancel_series(
    id: uuid.UUID, user: CurrentUser, body: SeriesCancelIn | None = None
) -> SeriesCancelledOut:
    """Cancel a series from one occurrence on

    A participant. The occurrence starting at `from` (default: the next one) and every later
    one, each settled by the money policy as a cancellation by the caller's side. 404 when no
    occurrence starts at `from`.
    """
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
) -> Page[appointments.AppointmentView]:
    """List my appointments

    A participant: the appointments the caller takes part in, as client or therapist, by start
    time; filter by `status`, `from`, `to` and `series_id`.
    """
    return appointments.list_appointments(
        user.id,
        appointments.AppointmentFilter(status, from_, to, series_id),
        limit=page.limit,
        cursor=page.cursor,
    )


@router.get("/appointments/{id}", tags=["appointments"])
@raises(NotFound)
def get_appointment(id: uuid.UUID, user: CurrentUser) -> appointments.AppointmentView:
    """Read an appointment

    A participant (anyone else gets a 404). `notes` are the caller's own; the read is recorded
    for the other participants' audit trail.
    """
    return appointments.get_appointment(user.id, id)


@router.post("/appointments/{id}/confirm", tags=["appointments"])
@raises(NotFound, (Forbidden, "wrong_role"), (Conflict, "not_pending"))
def confirm_appointment(id: uuid.UUID, user: CurrentUser) -> appointments.AppointmentView:
    """Accept a booking

    A therapist participant, for themselves: 409 `not_pending` when nothing awaits their
    answer. The appointment is `confirmed` once it is paid and every required consent is
    `accepted`.
    """
    return appointments.confirm_appointment(user.id, id)


@router.post("/appointments/{id}/decline", tags=["appointments"])
@raises(NotFound, (Forbidden, "wrong_role"), (Conflict, "not_pending"))
def decline_appointment(id: uuid.UUID, user: CurrentUser) -> appointments.AppointmentView:
    """Decline a booking

    A therapist participant, for themselves. One decline cancels the appointment, settled as a
    therapist's cancellation: a card payment refunded, a credit returned.
    """
    return appointments.decline_appointment(user.id, id)


@router.post("/appointments/{id}/cancel", tags=["appointments"])
@raises(NotFound, (Forbidden, "consent_required"), (Conflict, "not_cancellable"))
def cancel_appointment(
    id: uuid.UUID, user: CurrentUser, body: CancelIn | None = None
) -> appointments.AppointmentView:
    """Cancel an appointment

    A participant; a co-therapist who has not accepted answers with decline instead (403
    `consent_required`). Answers once the cancellation is committed, whatever Stripe does.
    Money: a client cancelling 24 h or more ahead gets a full refund (or the credit back),
    later it is kept; a therapist's cancellation always refunds or returns the credit.
    """
    reason = body.reason if body else None
    return appointments.cancel_appointment(user.id, id, reason)


@router.post("/appointments/{id}/reschedule", tags=["appointments"])
@raises(
    NotFound,
    (Forbidden, "consent_required"),
    (Conflict, "slot_unavailable", "not_reschedulable", "too_late_to_reschedule"),
)
def reschedule_appointment(
    id: uuid.UUID, body: RescheduleIn, user: CurrentUser
) -> appointments.AppointmentView:
    """Move an appointment to another start

    A participant. Keeps the appointment's identity and duration; every therapist must be free
    at the new time (409 `slot_unavailable`). A client cannot move it less than 24 h before its
    start (409 `too_late_to_reschedule`): then it can only be cancelled.
    """
    return appointments.reschedule_appointment(user.id, id, body.start)


@router.post("/appointments/{id}/complete", tags=["appointments"])
@raises(
    NotFound, (Forbidden, "wrong_role", "not_primary"), (Conflict, "not_confirmed", "too_early")
)
def complete_appointment(id: uuid.UUID, user: CurrentUser) -> appointments.AppointmentView:
    """Mark an appointment held

    The service's therapist only (403 `not_primary` for a co-therapist), once a confirmed
    appointment has started (409 `too_early`, `not_confirmed`).
    """
    return appointments.complete_appointment(user.id, id)


@router.post("/appointments/{id}/no-show", tags=["appointments"])
@raises(
    NotFound, (Forbidden, "wrong_role", "not_primary"), (Conflict, "not_confirmed", "too_early")
)
def mark_no_show(id: uuid.UUID, user: CurrentUser) -> appointments.AppointmentView:
    """Mark that the client did not come

    The service's therapist only, after the start of a confirmed appointment: it becomes
    `completed` with `no_show: true`, and the payment (or the credit) is kept.
    """
    return appointments.mark_no_show(user.id, id)


@router.put("/appointments/{id}/notes", tags=["appointments"])
@raises(NotFound)
def save_appointment_notes(
    id: uuid.UUID, body: NotesIn, user: CurrentUser
) -> appointments.AppointmentView:
    """Save my private notes on an appointment

    A participant. Each side (the client, each therapist) has its own notes; the others never
    see them.
    """
    return appointments.save_notes(user.id, id, body.notes)
