"""The concern classifier: its features, its training, and the shipped model and corpus."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from local.train_concerns import CORPUS, DEV_SETS, corpus_digest, dev_set, training_items
from shared.domain import concern_classifier as cc
from shared.domain.concerns import entry_concerns
from shared.embeddings.local import concept_strengths, concepts, fold
from tests.matching_heldout import load_heldout

TINY = [
    ("I cannot sleep, I lie awake every night", ["sleep"]),
    ("awake at 4am again, sleep will not come", ["sleep"]),
    ("my mother died and I miss her terribly", ["grief"]),
    ("since my father died I cry at his grave", ["grief"]),
    ("we had pasta and watched a film", []),
    ("a sunny walk by the river with friends", []),
]


def test_features_are_unit_length_words_pairs_and_grams() -> None:
    features = cc.concern_features("Durchschlafprobleme, seit Wochen!")
    assert math.isclose(math.sqrt(sum(v * v for v in features.values())), 1.0)
    assert {"w:durchschlafprobleme", "b:<s> durchschlafprobleme", "g:schla"} <= set(features)
    assert not any(name.startswith("w:") and name[2:] == "seit" for name in features)  # stop word
    assert cc.concern_features("") == {}
    # A long entry is read as its first MAX_WORDS words.
    words = [f"word{i}" for i in range(2 * cc.MAX_WORDS)]
    assert cc.concern_features(" ".join(words)) == cc.concern_features(
        " ".join(words[: cc.MAX_WORDS])
    )


def test_training_is_deterministic_and_learns_the_tiny_corpus(tmp_path: Path) -> None:
    labels = ("grief", "sleep", cc.NONE)
    first = cc.train(cc.examples_of(TINY), labels, epochs=20, min_entries=1)
    again = cc.train(cc.examples_of(TINY), labels, epochs=20, min_entries=1)
    assert first.to_json() == again.to_json()
    for text, expected in (("awake all night, no sleep", "sleep"), ("she died", "grief"),
                           ("pasta with friends", cc.NONE)):  # fmt: skip
        probabilities = first.probabilities(cc.concern_features(text))
        assert math.isclose(sum(probabilities.values()), 1.0)
        assert max(probabilities, key=probabilities.__getitem__) == expected, probabilities
    cc.save_model(first, tmp_path / "a.json.gz")
    cc.save_model(again, tmp_path / "b.json.gz")
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()


def test_a_target_gives_the_main_concern_most() -> None:
    assert cc.target_of(["grief"]) == {"grief": 1.0}
    assert cc.target_of(["grief", "sleep", "depression"]) == pytest.approx(
        {"grief": 0.7, "sleep": 0.15, "depression": 0.15}
    )
    assert cc.target_of([]) == {cc.NONE: 1.0}


def test_the_shipped_model_was_trained_on_the_shipped_corpus() -> None:
    model = cc.trained_model()
    assert model is not None, "run make train-concerns"
    assert model.provenance["corpus_sha256"] == corpus_digest(), (
        "local/concern_corpus/train changed: run make train-concerns and commit the model"
    )
    assert model.concepts == (*concepts(), cc.NONE)


def test_the_corpus_is_labelled_with_concepts_and_apart_from_the_heldout_set() -> None:
    """Apart: no training or development entry is a held-out entry (compared folded)."""
    known = set(concepts())
    items = training_items()
    assert len(items) >= 9000
    assert all(set(concerns) <= known for _, concerns in items)
    development = [case for name in DEV_SETS for case in dev_set(name)]
    assert len(development) >= 400
    assert all(set(case.accept) <= known and case.accept for case in development)
    heldout = {fold(" ".join(case.entry.split())) for case in load_heldout()}
    ours = [text for text, _ in items] + [case.text for case in development]
    assert not [text for text in ours if fold(" ".join(text.split())) in heldout]
    for path in (CORPUS / "train").glob("*.jsonl"):  # one JSON object per line, nothing else
        assert all(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    "entry",
    [
        "The weather was fine and we went to the market.",
        "We had pasta for dinner and watched a film, a lovely evening.",
        "Heute mit Mama Kuchen gebacken und im Garten gesessen, schöner Sonntag.",
        "Hoy corrí 10 km por el parque y me siento genial.",
    ],
)
def test_an_entry_about_nothing_troubling_has_no_concerns(entry: str) -> None:
    assert entry_concerns(entry) == {}


@pytest.mark.parametrize(
    ("entry", "lexicon", "concern"),
    [
        # The lexicon reads these wrong or not at all; the classifier reads them right.
        ("Hoy hace un año que se fue mi viejo y todavía tengo su número en el celular.", None,
         "grief"),
        ("I count the steps on the stairs and if I lose count I go back down and start again.",
         "life-transitions", "ocd"),
        ("Mi hijo de 15 años ya no sale de su cuarto y en el insti le hacen la vida imposible.",
         "family", "adolescents"),
    ],
)  # fmt: skip
def test_the_classifier_reads_what_the_lexicon_does_not(
    entry: str, lexicon: str | None, concern: str
) -> None:
    strengths = concept_strengths(entry)
    assert (max(strengths, key=strengths.__getitem__) if strengths else None) == lexicon
    concerns = entry_concerns(entry)
    assert concerns and next(iter(concerns)) == concern, concerns
