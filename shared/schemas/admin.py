"""The "Administration" table of API.md, and the audit events of GET /me/audit."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

from shared.schemas.common import body, capped


class DecisionIn(BaseModel):
    model_config = body({"reason": "Licence checked with the state board."})

    reason: Annotated[str, capped(1000)] | None = None


class ReasonIn(BaseModel):
    model_config = body({"reason": "Reported for abusive messages; under review."})

    reason: Annotated[str, capped(1000, min_length=1)]
