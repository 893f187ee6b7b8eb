"""The "Services, availability, appointments" table of API.md."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from shared.schemas.common import Instant, TimeZoneName, body, capped

PackageType = Literal["single", "monthly", "intensive"]
Currency = Annotated[
    str, Field(min_length=3, max_length=3, pattern=r"^[a-z]{3}$", examples=["eur", "usd"])
]
Interval = dict[Literal["start", "end"], Annotated[str, Field(max_length=5)]]
WeeklyIn = Annotated[
    dict[
        Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        Annotated[list[Interval], Field(max_length=12)],
    ],
    Field(examples=[{"monday": [{"start": "09:00", "end": "17:00"}]}]),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServiceIn(Strict):
    model_config = body(
        {
            "title": "Individual session",
            "description": "50 minutes of CBT for anxiety and sleep.",
            "category": "therapy",
            "package_type": "single",
            "duration_minutes": 50,
            "price_cents": 9000,
            "currency": "eur",
        },
        {
            "title": "Five sessions",
            "description": "A package of five sessions, valid for 90 days.",
            "category": "therapy",
            "package_type": "monthly",
            "sessions_included": 5,
            "validity_days": 90,
            "duration_minutes": 50,
            "price_cents": 40000,
            "currency": "eur",
            "requires_confirmation": True,
        },
    )

    title: Annotated[str, capped(100, min_length=1)]
    description: Annotated[str, capped(5000, min_length=1)]
    category: Annotated[str, capped(50, min_length=1)]
    package_type: PackageType
    sessions_included: Annotated[int, Field(ge=1, le=100)] = 1
    validity_days: Annotated[int, Field(ge=1, le=730)] | None = None
    duration_minutes: Annotated[int, Field(ge=5, le=480)]
    price_cents: Annotated[int, Field(gt=0, le=10_000_000)]
    currency: Currency
    requires_confirmation: bool = False
    is_active: bool = True
    images: Annotated[
        list[Annotated[AnyHttpUrl, Field(max_length=2048)]], Field(max_length=10)
    ] = []
    availability: WeeklyIn | None = None


class ServicePatch(Strict):
    model_config = body({"price_cents": 9500, "is_active": False})

    title: Annotated[str, capped(100, min_length=1)] | None = None
    description: Annotated[str, capped(5000, min_length=1)] | None = None
    category: Annotated[str, capped(50, min_length=1)] | None = None
    package_type: PackageType | None = None
    sessions_included: Annotated[int, Field(ge=1, le=100)] | None = None
    validity_days: Annotated[int, Field(ge=1, le=730)] | None = None
    duration_minutes: Annotated[int, Field(ge=5, le=480)] | None = None
    price_cents: Annotated[int, Field(gt=0, le=10_000_000)] | None = None
    currency: Currency | None = None
    requires_confirmation: bool | None = None
    is_active: bool | None = None
    images: (
        Annotated[list[Annotated[AnyHttpUrl, Field(max_length=2048)]], Field(max_length=10)] | None
    ) = None
    availability: WeeklyIn | None = None


class AvailabilityIn(Strict):
    model_config = body(
        {
            "timezone": "Europe/Berlin",
            "weekly": {
                "monday": [{"start": "09:00", "end": "17:00"}],
                "wednesday": [{"start": "13:00", "end": "19:00"}],
            },
            "buffer_minutes": 10,
            "min_notice_minutes": 720,
            "horizon_days": 60,
        }
    )

    timezone: TimeZoneName
    weekly: WeeklyIn
    buffer_minutes: Annotated[int, Field(ge=0, le=240)] = 0
    min_notice_minutes: Annotated[int, Field(ge=0, le=43200)] = 720
    horizon_days: Annotated[int, Field(ge=1, le=365)] = 60


class OverrideIn(Strict):
    model_config = body({"intervals": [{"start": "10:00", "end": "12:00"}]}, {"intervals": []})

    intervals: Annotated[list[Interval], Field(max_length=12)]


_BOOKED = {"service_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "start": "2026-12-01T09:00:00Z"}


class AppointmentIn(Strict):
    model_config = body({**_BOOKED, "pre_session_message": "First time in therapy."})

    service_id: uuid.UUID
    start: Instant
    co_therapist_ids: Annotated[list[uuid.UUID], Field(max_length=3)] = []
    pre_session_message: Annotated[str, capped(2000)] | None = None


class SeriesIn(Strict):
    model_config = body({**_BOOKED, "every_weeks": 1, "count": 6})

    service_id: uuid.UUID
    start: Instant
    every_weeks: Literal[1, 2, 4]
    count: Annotated[int, Field(ge=2, le=12)]
    co_therapist_ids: Annotated[list[uuid.UUID], Field(max_length=3)] = []
    pre_session_message: Annotated[str, capped(2000)] | None = None


class SeriesCancelIn(Strict):
    from_: Instant | None = Field(default=None, alias="from")
    reason: Annotated[str, capped(1000)] | None = None

    model_config = body(
        {"from": "2026-12-15T09:00:00Z", "reason": "Moving abroad."}, populate_by_name=True
    )


class CancelIn(Strict):
    model_config = body({"reason": "I am ill."})

    reason: Annotated[str, capped(1000)] | None = None


class RescheduleIn(Strict):
    model_config = body({"start": "2026-12-03T14:00:00Z"})

    start: Instant


class NotesIn(Strict):
    model_config = body({"notes": "Talked about the move; try the sleep diary this week."})

    notes: Annotated[str, capped(10000)]


class SeriesCancelledOut(BaseModel):
    cancelled: list[uuid.UUID]
