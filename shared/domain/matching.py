"""Matching an entry to therapists by vector similarity, in one SQL query.

The query takes the bios nearest to the entry from the HNSW cosine index (only vectors of the
current embedding model, only public therapists who accept clients), keeps each therapist's best
bio, and ranks therapists. The entry's language is preferred: a bio written in the entry's
language gets LANGUAGE_BONUS added to its cosine; `match_score` is that sum clamped to [-1, 1],
the score the ranking sorts by (API.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select, text, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Session

from shared.config import get_settings
from shared.db import get_session
from shared.domain.availability import next_available
from shared.domain.entries import owned_entry
from shared.embeddings import get_embedder
from shared.errors import NotFound
from shared.models import Entry, Match, Profile, TherapistBio
from shared.observability import record_business_event

LANGUAGE_BONUS = 0.05
# How many nearest bios the index hands over before the best-per-therapist step: enough that
# therapists with several bios still leave `limit` distinct therapists.
MIN_CANDIDATES = 200

# The entry's own vector is read by reference (never sent over the wire); the ranking is stored
# by the same statement, and `match_score` is what the ranking sorts by: the cosine plus the
# language preference, clamped to [-1, 1] (API.md), so ranks always follow scores.
_RANKING = """
    WITH nearest AS (
        SELECT b.therapist_id, b.language_code,
               1 - (b.embedding <=> (SELECT embedding FROM entries WHERE id = :entry_id))
                   AS cosine
        FROM therapist_bios b
        JOIN therapist_profiles t ON t.user_id = b.therapist_id
        JOIN users u ON u.id = b.therapist_id
        WHERE b.embedding_model = :model
          AND t.is_public AND t.accepting_clients AND u.deleted_at IS NULL
          AND u.suspended_at IS NULL AND (t.vetting_status = 'approved' OR NOT :vetting)
        ORDER BY b.embedding <=> (SELECT embedding FROM entries WHERE id = :entry_id)
        LIMIT :candidates
    ),
    best AS (
        SELECT DISTINCT ON (therapist_id)
               therapist_id, language_code,
               LEAST(1.0, GREATEST(-1.0, cosine + CASE WHEN language_code = :language
                   THEN CAST(:bonus AS double precision) ELSE 0.0 END)) AS score
        FROM nearest
        ORDER BY therapist_id, score DESC
    ),
    ranked AS (
        SELECT therapist_id, language_code, score,
               row_number() OVER (ORDER BY score DESC, therapist_id) AS rank
        FROM best
        ORDER BY score DESC, therapist_id
        LIMIT :limit
    )
"""
# The ranking alone (what the benchmark compares with an exact scan).
RANK_SQL = text(
    _RANKING + "SELECT therapist_id, language_code, score, rank FROM ranked ORDER BY rank"
).bindparams(bindparam("entry_id", type_=UUID(as_uuid=True)))
_MATCH_SQL = text(
    _RANKING
    + """,
    stored AS (
        INSERT INTO matches (id, entry_id, therapist_id, match_score, rank, language_code)
        SELECT gen_random_uuid(), :entry_id, therapist_id, score, rank, language_code
        FROM ranked
        RETURNING therapist_id, match_score, rank, language_code
    )
    SELECT s.therapist_id, p.full_name, s.match_score, s.rank, s.language_code
    FROM stored s JOIN profiles p ON p.user_id = s.therapist_id
    ORDER BY s.rank
    """
).bindparams(bindparam("entry_id", type_=UUID(as_uuid=True)))


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


def _embedded_by(session: Session, user_id: uuid.UUID, entry_id: uuid.UUID) -> tuple[str, str]:
    """The entry's (embedding model, language), locked; 404 unless the caller wrote it. The
    vector itself stays in the database."""
    row = session.execute(
        select(Entry.embedding_model, Entry.language_code)
        .where(Entry.id == entry_id, Entry.user_id == user_id)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFound("No such entry.")
    return row[0], row[1]


def match_entry(user_id: uuid.UUID, entry_id: uuid.UUID, limit: int = 5) -> MatchResult:
    """Rank therapists for the caller's entry and store the ranking in place of the last one:
    one transaction, the ranking and its storing one statement."""
    embedder = get_embedder()
    with get_session() as session:
        model, _ = _embedded_by(session, user_id, entry_id)
        content = (
            owned_entry(session, user_id, entry_id).content if model != embedder.model_id else None
        )
    if content is not None:
        # Embedded by another model: re-embed, outside any transaction (it may call Bedrock).
        vector = embedder.embed([content])[0]
        with get_session() as session:
            session.execute(
                update(Entry)
                .where(Entry.id == entry_id, Entry.user_id == user_id)
                .values(embedding=vector, embedding_model=embedder.model_id)
            )
    candidates = max(MIN_CANDIDATES, limit * 20)
    with get_session() as session:
        _, language = _embedded_by(session, user_id, entry_id)
        # Transaction-local settings (a session SET would pin RDS Proxy connections).
        session.execute(
            text(
                "SELECT set_config('hnsw.ef_search', :ef, true), "
                "set_config('hnsw.iterative_scan', 'relaxed_order', true)"
            ),
            {"ef": str(int(candidates))},
        )
        session.execute(delete(Match).where(Match.entry_id == entry_id))
        rows = session.execute(
            _MATCH_SQL,
            {"entry_id": entry_id, "model": embedder.model_id, "language": language,
             "bonus": LANGUAGE_BONUS, "candidates": candidates, "limit": limit,
             "vetting": get_settings().vetting_required},
        ).all()  # fmt: skip
        soonest = next_available(session, [r.therapist_id for r in rows])
        matches = [
            MatchView(r.therapist_id, r.full_name, float(r.match_score), r.rank,
                      r.language_code, soonest[r.therapist_id])
            for r in rows
        ]  # fmt: skip
    record_business_event("EntryMatched")
    return MatchResult(entry_id, matches)


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
