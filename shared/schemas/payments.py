"""The "Payments" table of API.md."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, model_validator

from shared.schemas.common import body


class CheckoutIn(BaseModel):
    model_config = body(
        {"appointment_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
        {"service_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"},
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


class WebhookOut(BaseModel):
    received: bool
    outcome: str
