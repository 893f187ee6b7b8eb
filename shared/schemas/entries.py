"""The entry and matching half of the "Therapists, entries, matching" table of API.md."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from shared.models import MAX_ENTRY_CHARS
from shared.schemas.common import LanguageCode, body


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("the entry is empty")
    return value


class EntryIn(BaseModel):
    model_config = body(
        {
            "content": "Since the move I sleep badly and worry about work.",
            "language_code": "en",
        }
    )

    content: Annotated[
        str, Field(min_length=1, max_length=MAX_ENTRY_CHARS), AfterValidator(_not_blank)
    ]
    language_code: LanguageCode | None = None


class MatchRequest(BaseModel):
    model_config = body({"limit": 5})

    limit: Annotated[int, Field(ge=1, le=20)] = 5


class MatchOut(BaseModel):
    therapist_id: uuid.UUID
    full_name: str
    match_score: float
    rank: int
    language_code: str
    next_available_at: datetime | None


class MatchesOut(BaseModel):
    entry_id: uuid.UUID
    matches: list[MatchOut]
