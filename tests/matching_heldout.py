"""The frozen held-out matching set: `tests/data/matching_heldout.json`, checked against its digest.

Written without looking at any embedder's vocabulary and frozen on 2026-12-02, so its hit-rate
measures matching quality rather than memory of a lexicon (see tests/data/README.md). Never edit
the file to tune the lexicon or weights: a changed set is a new set with a new name.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.matching_cases import MatchCase

DATA_DIR = Path(__file__).parent / "data"
HELDOUT_PATH = DATA_DIR / "matching_heldout.json"
DIGEST_PATH = DATA_DIR / "matching_heldout.sha256"


class HeldoutSetChanged(RuntimeError):
    """The held-out file's bytes no longer match the digest recorded when it was frozen."""


def recorded_digest() -> str:
    """The sha256 hex digest recorded when the set was frozen."""
    return DIGEST_PATH.read_text(encoding="ascii").strip()


def load_heldout() -> tuple[MatchCase, ...]:
    """The held-out cases in file order; raises `HeldoutSetChanged` if the file was edited."""
    data = HELDOUT_PATH.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != recorded_digest():
        raise HeldoutSetChanged(
            f"{HELDOUT_PATH} has sha256 {digest}, but {DIGEST_PATH} records {recorded_digest()}: "
            "the held-out set is frozen; write a new set under a new name instead of editing it"
        )
    return tuple(
        MatchCase(
            entry=item["entry"],
            language=item["language"],
            expected_specialties=frozenset(item["expected_specialties"]),
            case_id=item["id"],
        )
        for item in json.loads(data)
    )
