"""The "Payments" table of API.md."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class CheckoutIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"appointment_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
                {"service_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"},
            ]
        },
    )

    appointment_id: uuid.UUID | None = None
    service_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one_of(self) -> CheckoutIn:
        if (self.appointment_id is None) == (self.service_id is None):
            raise ValueError(
                "give exactly one of appointment_id (a booking) or service_id (a package)"
            )
        return self


class CheckoutOut(BaseModel):
    payment_id: uuid.UUID
    stripe_payment_intent_id: str
    client_secret: str
    amount_cents: int
    currency: str
    status: str


class RefundOut(BaseModel):
    status: Literal["pending", "succeeded", "failed"]
    amount_cents: int
    requested_at: datetime


class PaymentOut(BaseModel):
    id: uuid.UUID
    amount_cents: int
    currency: str
    status: str
    appointment_id: uuid.UUID | None
    service_id: uuid.UUID
    package_type: str
    created_at: datetime
    refund: RefundOut | None = Field(
        description="Null until a refund was decided; `status` becomes `succeeded` with the "
        "payment's `refunded`."
    )


class CreditOut(BaseModel):
    service_id: uuid.UUID
    package_type: str
    remaining: int
    expires_at: datetime


class WebhookOut(BaseModel):
    received: bool
    outcome: str
