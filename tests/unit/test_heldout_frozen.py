"""The held-out matching set: intact, big enough per language, labelled with real specialties."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from local.demo_therapists import DEMO_THERAPISTS
from tests.matching_heldout import HELDOUT_PATH, load_heldout, recorded_digest

# en/de/es have demo bios; fr/it/pt have none, so those cases match across languages.
MINIMUM_PER_LANGUAGE = {"en": 35, "de": 35, "es": 35, "fr": 8, "it": 8, "pt": 8}


def test_the_file_matches_its_recorded_digest() -> None:
    assert hashlib.sha256(HELDOUT_PATH.read_bytes()).hexdigest() == recorded_digest()


def test_every_language_has_enough_entries() -> None:
    counts = Counter(case.language for case in load_heldout())
    assert set(counts) == set(MINIMUM_PER_LANGUAGE)
    for language, minimum in MINIMUM_PER_LANGUAGE.items():
        assert counts[language] >= minimum, (language, counts[language])


def test_ids_are_unique_and_every_case_has_one() -> None:
    ids = [case.case_id for case in load_heldout()]
    assert all(ids)
    assert len(ids) == len(set(ids))


def test_every_expected_specialty_is_one_a_demo_therapist_declares() -> None:
    declared = {specialty for therapist in DEMO_THERAPISTS for specialty in therapist.specialties}
    for case in load_heldout():
        assert case.expected_specialties, case.case_id
        assert case.expected_specialties <= declared, (case.case_id, case.expected_specialties)


def test_every_entry_has_exactly_the_documented_fields() -> None:
    items = json.loads(HELDOUT_PATH.read_bytes())
    assert all(set(item) == {"id", "entry", "language", "expected_specialties"} for item in items)
    assert all(item["entry"].strip() for item in items)
