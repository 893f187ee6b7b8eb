"""Matching end to end: demo therapists in the database, entries posted over HTTP, the one SQL
query ranking them, and the labelled quality set (with whichever embedding provider is set)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from starlette.testclient import TestClient

from local.demo import load_demo_data
from local.demo_therapists import ANXIETY_SLEEP_SPECIALIST, DEMO_THERAPISTS
from local.match_quality import measure
from shared.db import get_session
from shared.domain.concerns import declared_concerns, entry_concerns
from shared.domain.matching import (
    concern_fit,
    language_fit,
    main_score,
    match_score,
    reembed_all,
)
from shared.embeddings import get_embedder
from shared.embeddings.local import MODEL_ID as LOCAL_MODEL_ID
from shared.models import Entry, Match, TherapistBio, TherapistProfile
from tests.factories import make_users, open_practice, publish
from tests.helpers import verified_user
from tests.matching_cases import (
    CROSS_LANGUAGE_CASES,
    MATCH_CASES,
    PANIC_AND_SLEEP,
    PANIC_DE,
    PANIC_ES,
    TUNING_CASES,
)
from tests.matching_heldout import load_heldout

# What local-lexicon-v2 with the concern classifier reaches through SQL (printed by the tests;
# README, "Matching"); issue 19's held-out targets are hit@1 0.85, hit@3 0.95 and
# cross-language hit@3 0.90.
TUNING_FLOORS = {"hit_at_1": 0.953, "hit_at_3": 0.987, "cross_hit_at_3": 1.0}
HELDOUT_FLOORS = {"hit_at_1": 0.893, "hit_at_3": 0.959, "cross_hit_at_3": 0.967}
BY_NAME = {t.full_name: t for t in DEMO_THERAPISTS}


@pytest.fixture
def demo_therapists(database: str) -> None:
    load_demo_data(with_users=False)


def _entry(client: TestClient, headers: dict[str, str], content: str, language: str) -> str:
    response = client.post(
        "/entries", json={"content": content, "language_code": language}, headers=headers
    )
    assert response.status_code == 201, response.text
    entry_id: str = response.json()["id"]
    return entry_id


def test_panic_and_sleepless_nights_finds_the_anxiety_sleep_specialist(
    client: TestClient, outbox: Path, demo_therapists: None
) -> None:
    headers = verified_user(client, outbox, "casey@example.com")
    entry_id = _entry(client, headers, PANIC_AND_SLEEP.entry, "en")
    response = client.post(f"/entries/{entry_id}/matches", json={"limit": 5}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["entry_id"] == entry_id
    matches = body["matches"]
    assert [m["rank"] for m in matches] == [1, 2, 3, 4, 5]
    assert matches[0]["full_name"] == ANXIETY_SLEEP_SPECIALIST.full_name
    for m in matches:
        assert set(m) == {
            "therapist_id",
            "full_name",
            "match_score",
            "rank",
            "language_code",
            "next_available_at",
            "reasons",  # the one field added to API.md's shape
        }
        assert -1.0 <= m["match_score"] <= 1.0
        assert BY_NAME[m["full_name"]].matchable  # only public therapists who accept clients
    assert len({m["therapist_id"] for m in matches}) == 5  # one row per therapist
    # The stored ranking is what GET returns.
    assert client.get(f"/entries/{entry_id}/matches", headers=headers).json() == body


def test_the_entry_language_is_preferred(
    client: TestClient, outbox: Path, demo_therapists: None
) -> None:
    headers = verified_user(client, outbox, "ines@example.com")
    text = "Tengo ataques de pánico y no puedo dormir por las noches."
    entry_id = _entry(client, headers, text, "es")
    matches = client.post(f"/entries/{entry_id}/matches", headers=headers).json()["matches"]
    assert len(matches) == 5  # the default limit
    # The right specialist still wins across languages (the bonus is a preference, not a
    # filter); a Spanish-speaking therapist is matched on their Spanish bio.
    assert matches[0]["full_name"] == ANXIETY_SLEEP_SPECIALIST.full_name
    spanish = [m for m in matches if "es" in BY_NAME[m["full_name"]].bios]
    assert spanish
    assert all(m["language_code"] == "es" for m in spanish)
    # The same text filed as English ranks Spanish bios no higher than the Spanish entry does.
    english_id = _entry(client, headers, text, "en")
    english = client.post(f"/entries/{english_id}/matches", headers=headers).json()["matches"]
    in_spanish = sum(m["language_code"] == "es" for m in matches)
    assert sum(m["language_code"] == "es" for m in english) <= in_spanish


def test_matching_replaces_the_previous_ranking(
    client: TestClient, outbox: Path, demo_therapists: None
) -> None:
    headers = verified_user(client, outbox, "re@example.com")
    entry_id = _entry(client, headers, "I grieve the loss of my father.", "en")
    client.post(f"/entries/{entry_id}/matches", json={"limit": 10}, headers=headers)
    again = client.post(f"/entries/{entry_id}/matches", json={"limit": 3}, headers=headers)
    assert len(again.json()["matches"]) == 3
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(Match)) == 3


def test_matches_are_private_and_go_with_their_entry(
    client: TestClient, outbox: Path, demo_therapists: None
) -> None:
    owner = verified_user(client, outbox, "owner@example.com")
    other = verified_user(client, outbox, "other@example.com")
    entry_id = _entry(client, owner, "Work burnout is eating me alive.", "en")
    assert client.post(f"/entries/{entry_id}/matches", headers=other).status_code == 404
    assert client.get(f"/entries/{entry_id}/matches", headers=other).status_code == 404
    client.post(f"/entries/{entry_id}/matches", headers=owner)
    assert client.delete(f"/entries/{entry_id}", headers=owner).status_code == 204
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(Match)) == 0


def test_limit_is_validated(client: TestClient, outbox: Path, demo_therapists: None) -> None:
    headers = verified_user(client, outbox, "lim@example.com")
    entry_id = _entry(client, headers, "Stress.", "en")
    for bad in ({"limit": 0}, {"limit": 21}, {"limit": "five"}, {"other": 1}):
        response = client.post(f"/entries/{entry_id}/matches", json=bad, headers=headers)
        assert response.status_code == 422, bad


def test_vectors_of_another_model_are_never_compared_and_reembed_fixes_them(
    client: TestClient, outbox: Path, demo_therapists: None
) -> None:
    headers = verified_user(client, outbox, "model@example.com")
    entry_id = _entry(client, headers, PANIC_AND_SLEEP.entry, "en")
    with get_session() as session:
        session.execute(update(TherapistBio).values(embedding_model="retired-model"))
        session.execute(update(Entry).values(embedding_model="retired-model"))
    stale = client.post(f"/entries/{entry_id}/matches", headers=headers).json()
    assert stale["matches"] == []  # no bio of the current model exists
    counts = reembed_all(batch_size=16)
    assert counts["bios"] > len(DEMO_THERAPISTS)
    with get_session() as session:
        models = set(session.scalars(select(TherapistBio.embedding_model).distinct()))
    assert models == {get_embedder().model_id}
    fresh = client.post(f"/entries/{entry_id}/matches", headers=headers).json()["matches"]
    assert fresh[0]["full_name"] == ANXIETY_SLEEP_SPECIALIST.full_name


def test_tuning_set_figures(demo_therapists: None) -> None:
    """The tuning set (written with the lexicon, so it measures memory as much as quality),
    through the production path; its misses are printed to help tune the lexicon."""
    quality = measure(TUNING_CASES)
    print(f"\ntuning set with {get_embedder().model_id}: {quality.figures()}")
    for miss in (o for o in quality.outcomes if o.first_right != 1):
        print(f"  rank {miss.first_right}: [{miss.case.language}] {miss.case.entry[:70]}")
    assert quality.in_language + quality.cross_language == len(TUNING_CASES)
    assert quality.cross_language >= len(CROSS_LANGUAGE_CASES)
    figures = quality.figures()
    for figure, floor in TUNING_FLOORS.items():
        reached = figures[figure]
        assert reached is not None and reached >= floor, (figure, figures)


def test_heldout_set_figures(demo_therapists: None) -> None:
    """The frozen held-out set, never used to tune anything: only its aggregate figures are
    printed. With the local embedder it must keep what it reached (README, "Matching")."""
    if get_embedder().model_id != LOCAL_MODEL_ID:
        pytest.skip("the held-out floors are the local embedder's; make bench measures others")
    quality = measure(load_heldout())
    figures = quality.figures()
    print(f"\nheld-out set with {get_embedder().model_id}: {figures}")
    assert quality.cases >= 100 and quality.cross_language > 0
    for figure, floor in HELDOUT_FLOORS.items():
        reached = figures[figure]
        assert reached is not None and reached >= floor, (figure, figures)


def test_demo_accounts_can_log_in(client: TestClient) -> None:
    """The logins the README prints work (the emails pass the API's own validation)."""
    load_demo_data()
    from local.demo import DEMO_PASSWORD, DEMO_USERS

    for email in [DEMO_USERS[0][0], ANXIETY_SLEEP_SPECIALIST.email]:
        response = client.post("/auth/login", json={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 200, (email, response.text)


# --- the formula and the reasons, through the one ranking statement ---------------------------


def _matches(
    client: TestClient, headers: dict[str, str], content: str, language: str, limit: int = 5
) -> list[dict[str, Any]]:
    entry_id = _entry(client, headers, content, language)
    response = client.post(f"/entries/{entry_id}/matches", json={"limit": limit}, headers=headers)
    assert response.status_code == 200, response.text
    matches: list[dict[str, Any]] = response.json()["matches"]
    return matches


@pytest.mark.parametrize(
    ("content", "language", "labels"),
    [
        (PANIC_DE, "de", ["Panikattacken", "Schlafprobleme"]),
        (PANIC_ES, "es", ["ataques de pánico", "problemas de sueño"]),
        ("J'ai des crises de panique et je n'arrive pas à dormir la nuit.", "fr",
         ["crises de panique", "troubles du sommeil"]),
        (PANIC_AND_SLEEP.entry, "en", ["panic attacks", "sleep problems"]),
    ],
)  # fmt: skip
def test_reasons_name_the_matched_concerns_in_the_entry_language(
    client: TestClient,
    outbox: Path,
    demo_therapists: None,
    content: str,
    language: str,
    labels: list[str],
) -> None:
    headers = verified_user(client, outbox, f"why-{language}@example.com")
    [first, *_] = _matches(client, headers, content, language)
    assert first["full_name"] == ANXIETY_SLEEP_SPECIALIST.full_name
    reasons = first["reasons"]
    assert reasons["language_code"] == language
    named = [c["label"] for c in reasons["concerns"]]
    assert set(labels) <= set(named), reasons
    assert reasons["summary"] == "; ".join(named)
    assert all(c["declared"] for c in reasons["concerns"])  # all are her specialties
    # Panic and sleep are most of the entry; a small share the classifier sees elsewhere (and
    # she does not cover) is left out of her reasons.
    assert 0.8 <= sum(c["weight"] for c in reasons["concerns"]) <= 1.001
    # The phrase is a sentence of the bio that matched, which is in the match's language.
    bio = ANXIETY_SLEEP_SPECIALIST.bios[first["language_code"]]
    assert reasons["phrase"] and reasons["phrase"] in bio


def test_scores_are_the_formula_and_ranks_follow_them(
    client: TestClient, outbox: Path, demo_therapists: None
) -> None:
    headers = verified_user(client, outbox, "formula@example.com")
    spoken = {t.full_name: t.languages for t in DEMO_THERAPISTS}
    for case in MATCH_CASES[:12]:
        matches = _matches(client, headers, case.entry, case.language, limit=10)
        assert [m["rank"] for m in matches] == list(range(1, len(matches) + 1))
        order = [(-m["match_score"], m["therapist_id"]) for m in matches]
        assert order == sorted(order), case.entry  # descending score, ties by therapist id
        concerns = entry_concerns(case.entry)
        for m in matches:
            signals = m["reasons"]["signals"]
            therapist = BY_NAME[m["full_name"]]
            assert signals["concerns"] == pytest.approx(
                concern_fit(concerns, declared_concerns(therapist.specialties)), abs=1e-9
            )
            assert signals["language"] == language_fit(
                m["language_code"], case.language, spoken[m["full_name"]]
            )
            assert signals["main"] == pytest.approx(
                main_score(signals["bio"], signals["concerns"], signals["language"]), abs=1e-9
            )
            assert m["match_score"] == pytest.approx(
                match_score(signals["main"], signals["soon"]), abs=1e-9
            )


def test_availability_breaks_a_tie_and_only_a_tie(client: TestClient, outbox: Path) -> None:
    same = {"specialties": ["sleep"], "bio": "I help adults who cannot sleep."}
    made = sorted(make_users(3, "therapist"), key=lambda pair: pair[0])
    for _, headers in made:
        publish(client, headers, **same)
    # The one with the highest id is the one with free time: first, though ids say otherwise.
    open_practice(client, made[-1][1])
    [(_, alice)] = make_users(1, "client")
    matches = _matches(client, alice, "I cannot sleep at night.", "en")
    assert [m["therapist_id"] for m in matches] == [str(made[-1][0]), str(made[0][0]),
                                                    str(made[1][0])]  # fmt: skip
    mains = {m["reasons"]["signals"]["main"] for m in matches}
    assert len(mains) == 1  # the same main score: availability decided, then the id
    assert matches[0]["reasons"]["signals"]["soon"] > 0 == matches[1]["reasons"]["signals"]["soon"]
    assert matches[0]["next_available_at"] is not None
    # A therapist better on the formula is ahead whatever the availability.
    publish(client, made[1][1], specialties=["sleep", "loneliness"], bio=same["bio"])
    again = _matches(
        client, alice, "I am so lonely, nobody calls me any more, and I lie awake at night.", "en"
    )
    assert again[0]["therapist_id"] == str(made[1][0]), again
    assert again[0]["next_available_at"] is None


def test_the_reasons_are_stored_and_read_back(
    client: TestClient, outbox: Path, demo_therapists: None
) -> None:
    headers = verified_user(client, outbox, "stored@example.com")
    entry_id = _entry(
        client, headers, "Mein Vater ist gestorben und ich kann nicht schlafen.", "de"
    )
    posted = client.post(f"/entries/{entry_id}/matches", headers=headers).json()["matches"]
    with get_session() as session:
        stored = {
            str(m.therapist_id): m.reasons
            for m in session.scalars(select(Match).where(Match.entry_id == uuid.UUID(entry_id)))
        }
    assert stored == {m["therapist_id"]: m["reasons"] for m in posted}
    assert all(r is not None and r["language_code"] == "de" for r in stored.values())
    got = client.get(f"/entries/{entry_id}/matches", headers=headers).json()["matches"]
    assert [m["reasons"] for m in got] == [m["reasons"] for m in posted]
    # A ranking stored before reasons existed reads back with null reasons, not an error.
    with get_session() as session:
        session.execute(update(Match).values(reasons=None))
    old = client.get(f"/entries/{entry_id}/matches", headers=headers)
    assert old.status_code == 200
    assert [m["reasons"] for m in old.json()["matches"]] == [None] * len(posted)


def test_declared_concerns_follow_the_profile_and_reembed_reads_them_again(
    client: TestClient, demo_therapists: None
) -> None:
    [(therapist_id, headers)] = make_users(1, "therapist")
    publish(client, headers, specialties=["insomnia", "grief-counselling"], focus_areas=["cbt"])
    with get_session() as session:
        profile = session.get(TherapistProfile, therapist_id)
        assert profile is not None and profile.concerns == ["sleep", "grief", "cbt"]
        # A profile stored before (or under another lexicon) is read again by make reembed.
        session.execute(update(TherapistProfile).values(concerns=[]))
    counts = reembed_all()
    assert counts["profiles"] == len(DEMO_THERAPISTS) + 1
    with get_session() as session:
        profile = session.get(TherapistProfile, therapist_id)
        assert profile is not None and profile.concerns == ["sleep", "grief", "cbt"]
