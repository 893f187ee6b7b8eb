"""Matching an entry to therapists: one documented formula, one ranking statement, reasons.

The formula, per therapist (weights below; every signal is also stored in the match's reasons):

    main        = W_BIO * bio + W_CONCERNS * concerns + W_LANGUAGE * language, to 3 decimals
    match_score = (1 - W_SOON) * main + W_SOON * soon

- `bio`: the cosine similarity of the entry with one of the therapist's bios (embedding
  provider's vectors): the bio that gives the highest `main`.
- `concerns`: the shares of the entry's concerns (`shared.domain.concerns.entry_concerns`: the
  concern classifier's probabilities; they add up to 1) that the therapist's specialties and
  focus areas declare, times min(1, sqrt(FOCUS / number declared)), so listing every specialty
  does not pay.
- `language`: 1 when that bio is in the entry's language, LANGUAGE_SPOKEN when the therapist
  lists the entry's language among theirs, else 0.
- `soon`: 1 - days until the next free slot / SOON_DAYS (0 past that, or with none).

W_BIO + W_CONCERNS + W_LANGUAGE = 1, so `main` and `match_score` are in [-1, 1]. W_SOON is so
small that `soon` only orders therapists whose `main` is equal to three decimals: availability
is a tie-breaker, never more. Ranks follow `match_score` (ties by therapist id), as API.md says.

One statement ranks (`RANK_SQL`): the nearest bios from the HNSW cosine index (vectors of the
current model, public, approved, accepting therapists), their signals, the best bio per
therapist and the top `limit` by `main` (with the therapists tied at the cut). The next free
slots of those few are looked up, the availability tie-break applied, and the ranking stored with
its reasons in one multi-row INSERT.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, insert, select, text, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Session

from shared import clock
from shared.config import get_settings
from shared.db import get_session
from shared.domain.availability import next_available
from shared.domain.concerns import (
    best_phrase,
    concern_label,
    covered_concerns,
    declared_concerns,
    entry_concerns,
    label_language,
)
from shared.embeddings import get_embedder
from shared.errors import NotFound
from shared.models import Entry, Match, Profile, TherapistBio, TherapistProfile
from shared.observability import record_business_event

W_BIO = 0.45
W_CONCERNS = 0.5
W_LANGUAGE = 0.05
W_SOON = 0.0004  # < 0.001 * (1 - W_SOON) / 1: never more than a tie-breaker
LANGUAGE_SPOKEN = 0.5
FOCUS = 4  # up to this many declared concerns count in full
SOON_DAYS = 30
# How many nearest bios the index hands over before the best-per-therapist step: enough that
# therapists with several bios still leave `limit` distinct therapists, and that the declared
# concerns find their specialists among them (bench/matching.py: recall@10 0.994 against an
# exact scan at 10,000 therapists; 200 gave 0.988).
MIN_CANDIDATES = 300
# At most this many times `limit` therapists tied at the cut are compared by availability.
TIED_AT_THE_CUT = 4


def concern_fit(concerns: Mapping[str, float], declared: Sequence[str]) -> float:
    """The `concerns` signal: the entry's concern shares the therapist declares, times focus."""
    focus = min(1.0, math.sqrt(FOCUS / max(1, len(declared))))
    return focus * sum(share for concern, share in concerns.items() if concern in declared)


def language_fit(bio_language: str, entry_language: str, spoken: Sequence[str]) -> float:
    """The `language` signal of one bio."""
    if bio_language == entry_language:
        return 1.0
    return LANGUAGE_SPOKEN if entry_language in spoken else 0.0


def main_score(bio: float, concerns: float, language: float) -> float:
    """The formula's main part, to three decimals (what the ranking statement orders by)."""
    return round(W_BIO * bio + W_CONCERNS * concerns + W_LANGUAGE * language, 3)


def availability_soon(next_available_at: datetime | None, now: datetime) -> float:
    """The `soon` signal: 1 for a free slot now, falling to 0 at SOON_DAYS or with none."""
    if next_available_at is None:
        return 0.0
    days = max(0.0, (next_available_at - now) / timedelta(days=1))
    return max(0.0, 1.0 - days / SOON_DAYS)


def match_score(main: float, soon: float) -> float:
    """The score a match is ranked by and shown with, in [-1, 1]. With `main` to three decimals
    and `soon` to four, eight decimals hold it exactly (the rounding only drops float noise)."""
    return round((1.0 - W_SOON) * main + W_SOON * soon, 8)


# The entry's own vector is read by reference (never sent over the wire). The SQL repeats
# concern_fit, language_fit and main_score (tests/test_matching.py holds them equal).
_RANKING = """
    nearest AS (
        SELECT b.therapist_id, b.language_code, b.bio,
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
    wanted AS (
        SELECT c.concern, c.share
        FROM unnest(CAST(:concerns AS text[]), CAST(:shares AS double precision[]))
             AS c(concern, share)
    ),
    signals AS (
        SELECT n.therapist_id, n.language_code, n.bio, n.cosine, t.concerns AS declared,
               LEAST(1.0, sqrt(CAST(:focus AS double precision)
                               / GREATEST(1, cardinality(t.concerns))))
                 * (SELECT coalesce(sum(w.share), 0.0) FROM wanted w
                    WHERE w.concern = ANY(t.concerns)) AS concern_fit,
               CASE WHEN n.language_code = :language THEN 1.0
                    WHEN :language = ANY(t.languages) THEN CAST(:spoken AS double precision)
                    ELSE 0.0 END AS language_fit
        FROM nearest n JOIN therapist_profiles t ON t.user_id = n.therapist_id
    ),
    best AS (
        SELECT DISTINCT ON (therapist_id) *,
               round(CAST(:w_bio * cosine + :w_concerns * concern_fit
                          + :w_language * language_fit AS numeric), 3) AS main
        FROM signals
        ORDER BY therapist_id, main DESC, cosine DESC
    ),
    ranked AS (
        SELECT *, rank() OVER (ORDER BY main DESC) AS place FROM best
    )
    SELECT r.therapist_id, p.full_name, r.language_code, r.bio, r.declared, r.cosine,
           r.concern_fit, r.language_fit, r.main
    FROM ranked r JOIN profiles p ON p.user_id = r.therapist_id
    WHERE r.place <= :limit
    ORDER BY r.main DESC, r.therapist_id
    LIMIT :tied
"""
# The ranking alone (what the benchmark compares with an exact scan) ...
RANK_SQL = text("WITH" + _RANKING).bindparams(bindparam("entry_id", type_=UUID(as_uuid=True)))
# ... and as match_entry sends it: the entry's previous ranking goes in the same statement.
_MATCH_SQL = text(
    "WITH replaced AS (DELETE FROM matches WHERE entry_id = :entry_id)," + _RANKING
).bindparams(bindparam("entry_id", type_=UUID(as_uuid=True)))


def ranking_parameters(
    entry_id: uuid.UUID, model: str, language: str, content: str, limit: int
) -> dict[str, Any]:
    """The parameters of RANK_SQL for an entry's text and language."""
    concerns = entry_concerns(content)
    candidates = max(MIN_CANDIDATES, limit * 20)
    return {"entry_id": entry_id, "model": model, "language": language,
            "concerns": list(concerns), "shares": list(concerns.values()), "focus": FOCUS,
            "spoken": LANGUAGE_SPOKEN, "w_bio": W_BIO, "w_concerns": W_CONCERNS,
            "w_language": W_LANGUAGE, "candidates": candidates, "limit": limit,
            "tied": limit * TIED_AT_THE_CUT,
            "vetting": get_settings().vetting_required}  # fmt: skip


@dataclass(frozen=True)
class MatchView:
    therapist_id: uuid.UUID
    full_name: str
    match_score: float
    rank: int
    language_code: str
    next_available_at: datetime | None = None
    reasons: dict[str, Any] | None = None


@dataclass(frozen=True)
class MatchResult:
    entry_id: uuid.UUID
    matches: list[MatchView]


@dataclass(frozen=True)
class _Entry:
    id: uuid.UUID
    model: str
    language: str
    content: str


def explain(
    row: Row[Any], entry: _Entry, concerns: Mapping[str, float], soon: float
) -> dict[str, Any]:
    """Why a therapist was matched, in the entry's language where the labels have it: the
    entry's concerns they cover (share; declared or named in the bio), the bio's best phrase,
    and the formula's signals."""
    labels = label_language(entry.language)
    covered = covered_concerns(concerns, row.declared, row.bio)
    return {
        "language_code": labels,
        "concerns": [
            {"concern": c, "label": concern_label(c, labels), "weight": round(share, 3),
             "declared": declared}
            for c, share, declared in covered
        ],
        "summary": "; ".join(concern_label(c, labels) for c, _, _ in covered),
        "phrase": best_phrase(row.bio, concerns, entry.content),
        # Unrounded: the score can be recomputed from them (main_score, match_score).
        "signals": {"bio": float(row.cosine), "concerns": float(row.concern_fit),
                    "language": float(row.language_fit), "soon": soon, "main": float(row.main)},
    }  # fmt: skip


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
            m.therapist_id, name, m.match_score, m.rank, m.language_code,
            soonest[m.therapist_id], m.reasons,
        )
        for m, name in rows
    ]  # fmt: skip


def _entry(
    session: Session, user_id: uuid.UUID, entry_id: uuid.UUID, *, lock: bool = True
) -> _Entry:
    """What matching needs of the entry (not its vector, which stays in the database), locked
    unless only read; 404 unless the caller wrote it."""
    statement = select(Entry.embedding_model, Entry.language_code, Entry.content).where(
        Entry.id == entry_id, Entry.user_id == user_id
    )
    row = session.execute(statement.with_for_update() if lock else statement).first()
    if row is None:
        raise NotFound("No such entry.")
    return _Entry(entry_id, *row)


def _rank_and_store(session: Session, entry: _Entry, model: str, limit: int) -> list[MatchView]:
    params = ranking_parameters(entry.id, model, entry.language, entry.content, limit)
    concerns = dict(zip(params["concerns"], params["shares"], strict=True))
    # Transaction-local settings (a session SET would pin RDS Proxy connections).
    session.execute(
        text(
            "SELECT set_config('hnsw.ef_search', :ef, true), "
            "set_config('hnsw.iterative_scan', 'relaxed_order', true)"
        ),
        {"ef": str(int(params["candidates"]))},
    )
    rows = session.execute(_MATCH_SQL, params).all()
    now = clock.now()
    soonest = next_available(session, [r.therapist_id for r in rows], now)
    # Rounded as the reasons show it, so a score can be recomputed from its reasons.
    soon = {t: round(availability_soon(at, now), 4) for t, at in soonest.items()}
    scored = sorted(
        ((match_score(float(r.main), soon[r.therapist_id]), r) for r in rows),
        key=lambda pair: (-pair[0], pair[1].therapist_id),
    )[:limit]
    matches = [
        MatchView(r.therapist_id, r.full_name, score, rank, r.language_code,
                  soonest[r.therapist_id], explain(r, entry, concerns, soon[r.therapist_id]))
        for rank, (score, r) in enumerate(scored, start=1)
    ]  # fmt: skip
    if matches:
        session.execute(
            insert(Match).values(
                [
                    {"entry_id": entry.id, "therapist_id": m.therapist_id,
                     "match_score": m.match_score, "rank": m.rank,
                     "language_code": m.language_code, "reasons": m.reasons}
                    for m in matches
                ]
            )
        )  # fmt: skip
    return matches


def match_entry(user_id: uuid.UUID, entry_id: uuid.UUID, limit: int = 5) -> MatchResult:
    """Rank therapists for the caller's entry by the formula and store the ranking, with its
    reasons, in place of the last one: one transaction, one ranking statement."""
    embedder = get_embedder()
    with get_session() as session:
        entry = _entry(session, user_id, entry_id)
        if entry.model == embedder.model_id:
            matches = _rank_and_store(session, entry, embedder.model_id, limit)
    if entry.model != embedder.model_id:
        # Embedded by another model: re-embed, outside any transaction (it may call Bedrock).
        vector = embedder.embed([entry.content])[0]
        with get_session() as session:
            changed = session.execute(
                update(Entry)
                .where(Entry.id == entry_id, Entry.user_id == user_id)
                .values(embedding=vector, embedding_model=embedder.model_id)
            )
            if not changed.rowcount:  # type: ignore[attr-defined]
                raise NotFound("No such entry.")
            matches = _rank_and_store(session, entry, embedder.model_id, limit)
    record_business_event("EntryMatched")
    return MatchResult(entry_id, matches)


def stored_matches(user_id: uuid.UUID, entry_id: uuid.UUID) -> MatchResult:
    """The last ranking stored for the caller's entry, with its reasons (empty before the first
    match run)."""
    with get_session() as session:
        entry = _entry(session, user_id, entry_id, lock=False)
        return MatchResult(entry.id, _stored(session, entry.id))


def reembed_all(batch_size: int = 64) -> dict[str, int]:
    """Re-embed every bio and entry whose vector was made by another model than the configured
    one, and read every therapist's declared concerns again (`make reembed`, after a provider or
    lexicon change). Batches are committed one by one, so a long run can be resumed."""
    embedder = get_embedder()
    counts = {"bios": 0, "entries": 0, "profiles": 0}
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
    with get_session() as session:
        for therapist in session.scalars(select(TherapistProfile).with_for_update()):
            declared = declared_concerns([*therapist.specialties, *therapist.focus_areas])
            if list(therapist.concerns) != declared:
                therapist.concerns = declared
                counts["profiles"] += 1
    return counts
