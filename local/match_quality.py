"""Matching quality: hit@1, hit@3 and cross-language hit@3 of labelled entries against the demo
therapists, through the production path (entries stored and embedded, `match_entry`'s one
ranking statement), with whichever embedding provider is configured.

A case is a hit at k when one of the top k therapists declares one of its expected specialties.
"In-language" cases are written in a language some matchable demo therapist has a bio in;
"cross-language" ones (French, Italian, Portuguese) in a language no bio is written in, so only
a provider's multilingual reach can place them. Callers print what they may: the tuning set's
misses help tune the lexicon; the held-out set is only ever reported in aggregate.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from local.demo_therapists import DEMO_THERAPISTS, matchable_therapists


class LabelledEntry(Protocol):
    """What a quality case has: an entry, its language and the specialties that answer it."""

    @property
    def entry(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def expected_specialties(self) -> Collection[str]: ...


@dataclass(frozen=True)
class Outcome:
    """One case's result: the rank of the first right therapist (None when not in the top 3)."""

    case: LabelledEntry
    cross_language: bool
    first_right: int | None
    top: tuple[str, ...]


@dataclass(frozen=True)
class Quality:
    """Aggregate figures of a set (each a fraction of its cases; None without such cases)."""

    cases: int
    in_language: int
    cross_language: int
    hit_at_1: float | None
    hit_at_3: float | None
    cross_hit_at_3: float | None
    outcomes: tuple[Outcome, ...]

    def figures(self) -> dict[str, float | int | None]:
        """The aggregate figures only (what may be printed of a held-out set)."""
        return {"cases": self.cases, "in_language": self.in_language,
                "cross_language": self.cross_language, "hit_at_1": self.hit_at_1,
                "hit_at_3": self.hit_at_3, "cross_hit_at_3": self.cross_hit_at_3}  # fmt: skip


def bio_languages() -> set[str]:
    """The languages some matchable demo therapist has a bio in."""
    return {language for t in matchable_therapists() for language in t.bios}


def _client() -> uuid.UUID:
    from shared import clock
    from shared.db import get_session
    from shared.models import Profile, User

    with get_session() as session:
        user = User(email=f"quality-{uuid.uuid4().hex[:12]}@example.com", password_hash="unused",
                    role="client", email_verified_at=clock.now())  # fmt: skip
        user.profile = Profile(full_name="Quality Client", timezone="Europe/Berlin")
        session.add(user)
        session.flush()
        return user.id


def measure(cases: Sequence[LabelledEntry]) -> Quality:
    """Post each case as an entry of a fresh client and match it (top 3); the demo therapists
    must be loaded (`local.demo.load_demo_data`)."""
    from shared.domain.entries import create_entry
    from shared.domain.matching import match_entry

    specialties = {t.full_name: set(t.specialties) for t in DEMO_THERAPISTS}
    in_bios = bio_languages()
    client = _client()
    outcomes = []
    for case in cases:
        entry = create_entry(client, case.entry, case.language)
        top = tuple(m.full_name for m in match_entry(client, entry.id, limit=3).matches)
        right = [
            i for i, name in enumerate(top, 1) if specialties[name] & set(case.expected_specialties)
        ]
        outcomes.append(Outcome(case, case.language.split("-")[0] not in in_bios,
                                right[0] if right else None, top))  # fmt: skip
    inside = [o for o in outcomes if not o.cross_language]
    across = [o for o in outcomes if o.cross_language]

    def rate(group: list[Outcome], k: int) -> float | None:
        if not group:
            return None
        return round(sum(o.first_right is not None and o.first_right <= k for o in group)
                     / len(group), 3)  # fmt: skip

    return Quality(len(outcomes), len(inside), len(across), rate(inside, 1), rate(inside, 3),
                   rate(across, 3), tuple(outcomes))  # fmt: skip
