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


class MatchedConcern(BaseModel):
    concern: Annotated[str, Field(examples=["sleep"])]
    label: Annotated[str, Field(examples=["Schlafprobleme"])]
    weight: Annotated[float, Field(description="The concern's share of the entry (0..1).")]
    declared: Annotated[
        bool, Field(description="Among the therapist's specialties (else named in the bio).")
    ]


class MatchSignals(BaseModel):
    bio: Annotated[float, Field(description="Cosine of the entry with the matching bio.")]
    concerns: Annotated[float, Field(description="The entry's concerns the therapist declares.")]
    language: Annotated[float, Field(description="1 bio in the entry's language, 0.5 spoken.")]
    soon: Annotated[float, Field(description="Availability soon (the tie-breaker).")]
    main: Annotated[float, Field(description="The formula before the tie-breaker.")]


class MatchReasons(BaseModel):
    language_code: Annotated[str, Field(description="The language of the labels.")]
    concerns: list[MatchedConcern]
    summary: Annotated[str, Field(examples=["Angst und Sorgen; Schlafprobleme"])]
    phrase: Annotated[str | None, Field(description="The bio's sentence that matched best.")]
    signals: MatchSignals


class MatchOut(BaseModel):
    therapist_id: uuid.UUID
    full_name: str
    match_score: float
    rank: int
    language_code: str
    next_available_at: datetime | None
    reasons: Annotated[
        MatchReasons | None,
        Field(description="Why this therapist; null only for a ranking stored before reasons."),
    ]


class MatchesOut(BaseModel):
    entry_id: uuid.UUID
    matches: list[MatchOut]
