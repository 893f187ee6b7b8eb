"""Matching an entry to therapists by vector similarity, in one SQL query.

The query takes the bios nearest to the entry from the HNSW cosine index (only vectors of the
current embedding model, only public therapists who accept clients), keeps each therapist's best
bio, and ranks therapists. The entry's language is preferred: a bio written in the entry's
language gets LANGUAGE_BONUS added to its cosine for choosing and ranking (never to the reported
`match_score`, which stays the plain cosine similarity in [-1, 1]).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from shared.db import get_session
from shared.domain.availability import next_available
from shared.domain.entries import owned_entry
from shared.embeddings import get_embedder
from shared.models import Entry, Match, Profile, TherapistBio
from shared.observability import record_business_event

LANGUAGE_BONUS = 0.05
# How many nearest bios the index hands over before the best-per-therapist step: enough that
# therapists with several bios still leave `limit` distinct therapists.
MIN_CANDIDATES = 200

_MATCH_SQL = text(
    """
    WITH nearest AS (
        SELECT b.therapist_id, b.language_code,
               1 - (b.embedding <=> CAST(:query AS vector)) AS cosine
        FROM therapist_bios b
        JOIN therapist_profiles t ON t.user_id = b.therapist_id
        JOIN users u ON u.id = b.therapist_id
        WHERE b.embedding_model = :model
          AND t.is_public AND t.accepting_clients AND u.deleted_at IS NULL
        ORDER BY b.embedding <=> CAST(:query AS vector)
        LIMIT :candidates
    ),
    best AS (
        SELECT DISTINCT ON (therapist_id)
               therapist_id, language_code, cosine,
               cosine + CASE WHEN language_code = :language
                             THEN CAST(:bonus AS double precision) ELSE 0.0 END AS preference
        FROM nearest
        ORDER BY therapist_id, preference DESC
    )
    SELECT therapist_id, language_code, LEAST(1.0, GREATEST(-1.0, cosine)) AS cosine
    FROM best
    ORDER BY preference DESC, therapist_id
    LIMIT :limit
    """
)


@dataclass(frozen=True)
class MatchView:
    therapist_id: uuid.UUID
    full_name: str
    match_score: float
    rank: int
    language_code: str
    next_available_at: datetime | None = None


@dataclass(frozen=True)
class MatchResult:
    entry_id: uuid.UUID
    matches: list[MatchView]


def _vector_literal(vector: list[float]) -> str:
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


def _stored(session: Session, entry_id: uuid.UUID) -> list[MatchView]:
    rows = session.execute(
        select(Match, Profile.full_name)
        .join(Profile, Profile.user_id == Match.therapist_id)
        .where(Match.entry_id == entry_id)
        .order_by(Match.rank)
    ).all()
    soonest = next_available(session, [m.therapist_id for m, _ in rows])
    return [
        MatchView(
            m.therapist_id, name, m.match_score, m.rank, m.language_code, soonest[m.therapist_id]
        )
        for m, name in rows
    ]


def match_entry(user_id: uuid.UUID, entry_id: uuid.UUID, limit: int = 5) -> MatchResult:
    """Rank therapists for the caller's entry and store the ranking in place of the last one."""
    embedder = get_embedder()
    with get_session() as session:
        entry = owned_entry(session, user_id, entry_id)
        content, model = entry.content, entry.embedding_model
    # An entry embedded by another model is re-embedded, outside any transaction.
    vector = embedder.embed([content])[0] if model != embedder.model_id else None
    with get_session() as session:
        entry = owned_entry(session, user_id, entry_id, for_update=True)
        if vector is not None:
            entry.embedding, entry.embedding_model = vector, embedder.model_id
        query = _vector_literal(vector if vector is not None else list(entry.embedding))
        candidates = max(MIN_CANDIDATES, limit * 20)
        # SET LOCAL lasts this transaction only (a session SET would pin RDS Proxy connections).
        session.execute(text(f"SET LOCAL hnsw.ef_search = {int(candidates)}"))
        session.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
        ranked = session.execute(
            _MATCH_SQL,
            {
                "query": query,
                "model": embedder.model_id,
                "language": entry.language_code,
                "bonus": LANGUAGE_BONUS,
                "candidates": candidates,
                "limit": limit,
            },
        ).all()
        session.execute(delete(Match).where(Match.entry_id == entry.id))
        session.add_all(
            Match(
                entry_id=entry.id,
                therapist_id=row.therapist_id,
                match_score=float(row.cosine),
                rank=rank,
                language_code=row.language_code,
            )
            for rank, row in enumerate(ranked, start=1)
        )
        session.flush()
        result = MatchResult(entry.id, _stored(session, entry.id))
    record_business_event("EntryMatched")
    return result


def stored_matches(user_id: uuid.UUID, entry_id: uuid.UUID) -> MatchResult:
    """The last ranking stored for the caller's entry (empty before the first match run)."""
    with get_session() as session:
        entry = owned_entry(session, user_id, entry_id)
        return MatchResult(entry.id, _stored(session, entry.id))


def reembed_all(batch_size: int = 64) -> dict[str, int]:
    """Re-embed every bio and entry whose vector was made by another model than the configured
    one (`make reembed`). Batches are committed one by one, so a long run can be resumed."""
    embedder = get_embedder()
    counts = {"bios": 0, "entries": 0}
    for model, key, column in ((TherapistBio, "bios", "bio"), (Entry, "entries", "content")):
        while True:
            with get_session() as session:
                rows = session.execute(
                    select(model.id, getattr(model, column))
                    .where(model.embedding_model != embedder.model_id)
                    .limit(batch_size)
                ).all()
            if not rows:
                break
            vectors = embedder.embed([r[1] for r in rows])
            with get_session() as session:
                for (row_id, _), vector in zip(rows, vectors, strict=True):
                    session.execute(
                        update(model)
                        .where(model.id == row_id)
                        .values(embedding=vector, embedding_model=embedder.model_id)
                    )
            counts[key] += len(rows)
    return counts
