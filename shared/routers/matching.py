"""Matching an entry to therapists, and the stored ranking."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from shared.domain import matching
from shared.http.auth import CurrentUser
from shared.schemas.entries import MatchesOut, MatchRequest

router = APIRouter(tags=["matching"])


def _out(result: matching.MatchResult) -> MatchesOut:
    return MatchesOut.model_validate(result, from_attributes=True)


@router.post("/entries/{id}/matches", response_model=MatchesOut)
def match_entry(id: uuid.UUID, user: CurrentUser, body: MatchRequest | None = None) -> MatchesOut:
    limit = body.limit if body is not None else MatchRequest().limit
    return _out(matching.match_entry(user.id, id, limit))


@router.get("/entries/{id}/matches", response_model=MatchesOut)
def stored_matches(id: uuid.UUID, user: CurrentUser) -> MatchesOut:
    return _out(matching.stored_matches(user.id, id))
