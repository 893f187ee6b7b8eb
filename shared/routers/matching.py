"""Matching an entry to therapists, and the stored ranking."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from shared.domain import matching
from shared.errors import NotFound, ServiceUnavailable
from shared.http.auth import CurrentUser
from shared.http.openapi import raises
from shared.schemas.entries import MatchesOut, MatchRequest

router = APIRouter(tags=["matching"])


def _out(result: matching.MatchResult) -> MatchesOut:
    return MatchesOut.model_validate(result, from_attributes=True)


@router.post("/entries/{id}/matches", response_model=MatchesOut)
@raises(NotFound, (ServiceUnavailable, "embedding_unavailable", "embedding_rejected"))
def find_matches(id: uuid.UUID, user: CurrentUser, body: MatchRequest | None = None) -> MatchesOut:
    """Match an entry to therapists

    The entry's author. Ranks public, approved therapists who accept clients by `match_score`:
    the cosine similarity between the entry and the therapist's best-matching bio, with a small
    preference for bios in the entry's language (at most 1). `limit` 1..20, default 5; the
    ranking is stored and replaces the previous one.
    """
    limit = body.limit if body is not None else MatchRequest().limit
    return _out(matching.match_entry(user.id, id, limit))


@router.get("/entries/{id}/matches", response_model=MatchesOut)
@raises(NotFound)
def list_matches(id: uuid.UUID, user: CurrentUser) -> MatchesOut:
    """Read an entry's stored matches

    The entry's author: the ranking the last match stored, in the same shape.
    """
    return _out(matching.stored_matches(user.id, id))
