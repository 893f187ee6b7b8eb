"""The matching formula and the concern space it reads, as pure functions (no database): the
weights and their ranges, availability as a tie-breaker only, concerns of entries and slugs, the
labels in every language the reasons speak, and the phrase picked from a bio."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from local.demo_therapists import ANXIETY_SLEEP_SPECIALIST
from shared.domain.concerns import (
    CONCERN_LABELS,
    LABEL_LANGUAGES,
    best_phrase,
    concern_label,
    covered_concerns,
    declared_concerns,
    entry_concerns,
    label_language,
)
from shared.domain.matching import (
    FOCUS,
    LANGUAGE_SPOKEN,
    W_BIO,
    W_CONCERNS,
    W_LANGUAGE,
    W_SOON,
    availability_soon,
    concern_fit,
    language_fit,
    main_score,
    match_score,
)
from shared.embeddings.local import concepts

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PANIC_AND_SLEEP = {
    "en": "I keep having panic attacks and I can't sleep at night.",
    "de": "Ich habe ständig Panikattacken und kann nachts nicht schlafen.",
    "es": "Tengo ataques de pánico y no puedo dormir por las noches.",
    "fr": "J'ai des crises de panique et je n'arrive pas à dormir la nuit.",
    "it": "Ho attacchi di panico e non riesco a dormire la notte.",
    "pt": "Tenho ataques de pânico e não consigo dormir à noite.",
}


def test_the_weights_keep_every_score_in_minus_one_to_one() -> None:
    assert abs(W_BIO + W_CONCERNS + W_LANGUAGE - 1.0) < 1e-12
    extremes = itertools.product([-1.0, 0.0, 1.0], [0.0, 1.0], [0.0, LANGUAGE_SPOKEN, 1.0])
    for bio, concerns, language in extremes:
        for soon in (0.0, 1.0):
            assert -1.0 <= match_score(main_score(bio, concerns, language), soon) <= 1.0
    assert match_score(main_score(1.0, 1.0, 1.0), 1.0) == pytest.approx(1.0)


def test_each_signal_raises_the_score() -> None:
    base = main_score(0.5, 0.5, 0.0)
    assert main_score(0.6, 0.5, 0.0) > base
    assert main_score(0.5, 0.6, 0.0) > base
    assert main_score(0.5, 0.5, LANGUAGE_SPOKEN) > base
    assert main_score(0.5, 0.5, 1.0) > main_score(0.5, 0.5, LANGUAGE_SPOKEN)


def test_availability_only_breaks_ties() -> None:
    # The smallest difference `main` can have (a thousandth) outweighs the largest of `soon`.
    for main in (-0.4, 0.0, 0.123, 0.999):
        assert match_score(main + 0.001, 0.0) > match_score(main, 1.0)
        assert match_score(main, 0.9) > match_score(main, 0.1)
    assert W_SOON < 0.001 * (1 - W_SOON)


def test_availability_soon_falls_from_now_to_a_month() -> None:
    assert availability_soon(None, NOW) == 0.0
    assert availability_soon(NOW, NOW) == 1.0
    assert availability_soon(NOW - timedelta(hours=1), NOW) == 1.0
    assert availability_soon(NOW + timedelta(days=15), NOW) == pytest.approx(0.5)
    assert availability_soon(NOW + timedelta(days=30), NOW) == 0.0
    assert availability_soon(NOW + timedelta(days=90), NOW) == 0.0


def test_the_main_score_is_rounded_to_a_thousandth() -> None:
    exact = W_BIO * 0.71234 + W_CONCERNS * 0.5 + W_LANGUAGE * 1.0
    assert main_score(0.71234, 0.5, 1.0) == round(exact, 3)
    assert main_score(0.71234, 0.5, 1.0) != exact


def test_concern_fit_adds_the_declared_shares_and_does_not_pay_for_listing_everything() -> None:
    concerns = {"sleep": 0.5, "panic": 0.3, "anxiety": 0.2}
    assert concern_fit(concerns, ["anxiety", "panic", "sleep", "cbt"]) == pytest.approx(1.0)
    assert concern_fit(concerns, ["sleep"]) == pytest.approx(0.5)
    assert concern_fit(concerns, ["grief", "couples"]) == 0.0
    assert concern_fit({}, ["sleep"]) == 0.0
    everything = list(concepts())
    assert concern_fit(concerns, everything) == pytest.approx((FOCUS / len(everything)) ** 0.5)
    assert concern_fit(concerns, everything) < concern_fit(concerns, ["sleep", "panic"])


def test_language_fit_prefers_the_bio_then_the_spoken_language() -> None:
    assert language_fit("de", "de", ["en"]) == 1.0
    assert language_fit("en", "de", ["en", "de"]) == LANGUAGE_SPOKEN
    assert language_fit("en", "fr", ["en", "de"]) == 0.0


@pytest.mark.parametrize("language", sorted(PANIC_AND_SLEEP))
def test_entry_concerns_are_shares_and_the_same_across_languages(language: str) -> None:
    concerns = entry_concerns(PANIC_AND_SLEEP[language])
    assert sum(concerns.values()) == pytest.approx(1.0)
    assert {"panic", "sleep"} <= set(concerns), concerns
    assert list(concerns.values()) == sorted(concerns.values(), reverse=True)


def test_an_entry_without_a_known_concern_has_none() -> None:
    assert entry_concerns("") == {}
    assert entry_concerns("The weather was fine and we went to the market.") == {}


def test_declared_concerns_read_concept_names_and_plain_slugs() -> None:
    assert declared_concerns(["anxiety", "sleep", "anxiety"]) == ["anxiety", "sleep"]
    assert declared_concerns(["insomnia", "grief-counselling", "couples therapy"]) == [
        "sleep",
        "grief",
        "couples",
    ]
    assert declared_concerns(["work-stress"]) == ["stress"]  # "work" alone is weak evidence
    assert declared_concerns(["pottery", "sandplay"]) == []


def test_every_concern_has_a_label_in_every_language_of_the_reasons() -> None:
    assert set(CONCERN_LABELS) == set(concepts())
    assert {"en", "de", "es"} <= set(LABEL_LANGUAGES)
    for concern, labels in CONCERN_LABELS.items():
        assert set(labels) == set(LABEL_LANGUAGES), concern
        assert all(label.strip() for label in labels.values()), concern
    assert concern_label("sleep", "de") == "Schlafprobleme"
    assert concern_label("grief", "es") == "duelo y pérdida"


def test_labels_fall_back_to_english_and_follow_the_primary_language() -> None:
    assert label_language("pt-br") == "pt"
    assert label_language("ja") == "en"
    assert concern_label("sleep", "ja") == "sleep problems"


def test_the_best_phrase_is_the_bio_sentence_naming_the_concerns() -> None:
    bio = (
        "I have worked in private practice since 2010. I help adults with insomnia and other "
        "sleep problems. I also see couples."
    )
    entry = "I cannot sleep, I lie awake every night."
    assert best_phrase(bio, entry_concerns(entry), entry) == (
        "I help adults with insomnia and other sleep problems."
    )
    # Nothing in common: no phrase rather than a random one.
    assert best_phrase("We meet online.", entry_concerns(entry), entry) is None


def test_covered_concerns_say_whether_they_are_declared_or_only_in_the_bio() -> None:
    concerns = entry_concerns(PANIC_AND_SLEEP["en"])
    covered = covered_concerns(concerns, ["panic"], "I help people who cannot sleep.")
    assert [(c, declared) for c, _, declared in covered] == [("sleep", False), ("panic", True)]
    lena = declared_concerns(ANXIETY_SLEEP_SPECIALIST.specialties)
    assert {c for c, _, _ in covered_concerns(concerns, lena, ANXIETY_SLEEP_SPECIALIST.bio)} == set(
        concerns
    )
