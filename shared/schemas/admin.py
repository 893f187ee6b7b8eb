"""The "Administration" table of API.md, and the audit events of GET /me/audit."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict

from shared.schemas.common import capped


class LicenseOut(BaseModel):
    number: str
    jurisdiction: str


class VettingOut(BaseModel):
    id: uuid.UUID
    full_name: str
    email: str
    vetting_status: Literal["pending", "approved", "rejected"]
    vetting_reason: str | None
    vetted_at: datetime | None
    license: LicenseOut | None
    is_public: bool
    suspended: bool
    created_at: datetime


class DecisionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Licence checked with the state board."}]},
    )

    reason: Annotated[str, capped(1000)] | None = None


class ReasonIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reason": "Reported for abusive messages; under review."}]
        },
    )

    reason: Annotated[str, capped(1000, min_length=1)]


class AccountStatusOut(BaseModel):
    id: uuid.UUID
    role: str
    suspended: bool
    suspended_at: datetime | None
    suspension_reason: str | None
    ended_appointments: int


class AdminRefundOut(BaseModel):
    payment_id: uuid.UUID
    status: str
    refund_status: str | None
    appointment_status: str | None


class AuditEventOut(BaseModel):
    id: uuid.UUID
    actor_id: uuid.UUID | None
    actor_role: str
    action: str
    object_type: str
    object_id: uuid.UUID | None
    at: datetime
