"""The concern classifier: what a journal entry is about, as shares of the lexicon's concepts.

Why a classifier beside the lexicon
-----------------------------------
The lexicon (`shared.embeddings.local`) knows the words it was written with; entries written
by people who never saw it use others ("I'm running on fumes", "ich schiebe alles vor mir her").
A small softmax regression reads those as well. It is trained on a labelled corpus of journal
entries in six languages (`local/concern_corpus/train/`, written for training only, apart from
the development and held-out sets), entries about nothing troubling among them, and sees, per
entry, folded words (`w:`), consecutive word pairs (`b:`, where negations and phrases such as
"can t sleep" live) and character 4- and 5-grams inside words (`g:`, which carry word forms and
German compounds the corpus never spelled out: "Durchschlafprobleme" shares "schla" with
"schlafen").
The lexicon's concepts are deliberately not among its features: fed its strengths, the model
learned to repeat the lexicon's mistakes, and on the development sets it ranked worse with
them; blending the lexicon's shares into the classifier's did not help either once the corpus
had grown. The lexicon stands in only where no model was trained.

Its output is a probability per concept; `shared.domain.concerns.entry_concerns` keeps the
meaningful ones as the entry's concerns. Inference is pure Python over a sparse weight table
(`concern_classifier.json.gz`, built by `make train-concerns`, deterministic; it loads in about
0.15 s, once per process): a few thousand multiply-adds per entry, a quarter of a millisecond
for a short one.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from shared.embeddings.local import STOP_WORDS, tokenize

MODEL_PATH = Path(__file__).with_name("concern_classifier.json.gz")
GRAM_SIZES = (4, 5)
# Entries longer than this many words are read as their first MAX_WORDS words: the signal is
# in the first paragraphs, and the cost stays bounded for a 20,000-character entry.
MAX_WORDS = 600
# The class of entries about nothing troubling (an ordinary day, a good dinner): trained on
# such entries, so that naming food, a boss or a night's sleep in passing is not a concern.
NONE = "none"


def concern_features(text: str) -> dict[str, float]:
    """The classifier's features of `text`, each of the same value, scaled to unit length."""
    tokens = tokenize(text)[:MAX_WORDS]
    text_features: set[str] = set()
    previous = "<s>"
    for token in tokens:
        text_features.add(f"b:{previous} {token}")
        previous = token
        if token in STOP_WORDS or token.isdigit():
            continue
        text_features.add(f"w:{token}")
        if len(token) >= 4:
            padded = f"<{token}>"
            for size in GRAM_SIZES:
                text_features.update(
                    f"g:{padded[i : i + size]}" for i in range(len(padded) - size + 1)
                )
    if not text_features:
        return {}
    return dict.fromkeys(text_features, 1.0 / math.sqrt(len(text_features)))


class ConcernModel:
    """A trained softmax regression, packed: per feature, the concepts it moves and by how much.

    The weights sit in flat arrays, features in one sorted tuple, so the shipped model loads
    without building a Python object per weight."""

    def __init__(
        self,
        concepts: Sequence[str],
        bias: Sequence[float],
        weights: Mapping[str, Sequence[tuple[int, float]]],
        provenance: Mapping[str, object] | None = None,
    ) -> None:
        self.concepts = tuple(concepts)
        self.bias = tuple(bias)
        # What it was trained from: the corpus digest and the training parameters (a test
        # holds the shipped model to the shipped corpus).
        self.provenance: dict[str, object] = dict(provenance or {})
        self.features = tuple(sorted(weights))
        largest = max((abs(w) for pairs in weights.values() for _, w in pairs), default=0.0)
        # Weights are kept as 16-bit steps of `scale`: a step is far below the smallest weight
        # kept, and the file is half the size of float32.
        self.scale = largest / 32767 or 1.0
        self.starts = array("I", [0])
        self.classes = array("B")
        self.steps = array("h")
        for name in self.features:
            for index, weight in weights[name]:
                self.classes.append(index)
                self.steps.append(round(weight / self.scale))
            self.starts.append(len(self.classes))
        self._spans = _spans(self.features, self.starts)

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """The probability of each concept given `features` (adding up to 1)."""
        scores = list(self.bias)
        spans, classes, steps = self._spans, self.classes, self.steps
        for name, value in features.items():
            span = spans.get(name)
            if span is None:
                continue
            value *= self.scale
            for k in range(span[0], span[1]):
                scores[classes[k]] += steps[k] * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {concept: e / total for concept, e in zip(self.concepts, exps, strict=True)}

    def to_json(self) -> dict[str, object]:
        """The model as stored: JSON around little-endian arrays in base64."""
        starts = self.starts
        counts = array("B", (starts[i + 1] - starts[i] for i in range(len(self.features))))
        return {
            "provenance": self.provenance,
            "concepts": list(self.concepts),
            "bias": list(self.bias),
            "features": "\n".join(self.features),
            "counts": _packed(counts),
            "classes": _packed(self.classes),
            "scale": self.scale,
            "steps": _packed(self.steps),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConcernModel:
        """The model `to_json` stored."""
        model = cls.__new__(cls)
        model.concepts = tuple(data["concepts"])
        model.bias = tuple(float(b) for b in data["bias"])
        model.provenance = dict(data["provenance"])
        model.features = tuple(data["features"].split("\n")) if data["features"] else ()
        model.starts = array("I", [0])
        total = 0
        for count in _unpacked("B", data["counts"]):
            total += count
            model.starts.append(total)
        model.classes = _unpacked("B", data["classes"])
        model.scale = float(data["scale"])
        model.steps = _unpacked("h", data["steps"])
        model._spans = _spans(model.features, model.starts)
        return model


def _spans(features: Sequence[str], starts: array[int]) -> dict[str, tuple[int, int]]:
    return {name: (starts[i], starts[i + 1]) for i, name in enumerate(features)}


def _packed(values: array[Any]) -> str:
    copy = array(values.typecode, values)
    if sys.byteorder == "big":
        copy.byteswap()
    return base64.b64encode(copy.tobytes()).decode("ascii")


def _unpacked(typecode: str, text: str) -> array[Any]:
    values = array(typecode)
    values.frombytes(base64.b64decode(text))
    if sys.byteorder == "big":
        values.byteswap()
    return values


def save_model(model: ConcernModel, path: Path = MODEL_PATH) -> None:
    """Write the model as gzip'd JSON, byte-for-byte the same for the same model (mtime 0)."""
    payload = json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(gzip.compress(payload.encode("utf-8"), compresslevel=9, mtime=0))


@lru_cache(maxsize=1)
def trained_model() -> ConcernModel | None:
    """The shipped model, or None when it was never trained (the lexicon alone is used)."""
    if not MODEL_PATH.exists():
        return None
    return ConcernModel.from_json(json.loads(gzip.decompress(MODEL_PATH.read_bytes())))


def classify(text: str) -> dict[str, float]:
    """The probability of each concept for `text`; {} without a trained model."""
    model = trained_model()
    if model is None:
        return {}
    return model.probabilities(concern_features(text))


def concern_shares(text: str) -> dict[str, float] | None:
    """What `text` is about as shares of the concepts (adding up to 1); {} when the classifier
    reads it as about nothing troubling; None without a trained model."""
    predicted = classify(text) if text.strip() else {NONE: 1.0}
    if not predicted:
        return None
    # The classifier also decides whether the entry is about anything troubling at all ("we had
    # pasta for dinner" names food, not a concern).
    untroubled = predicted.pop(NONE)
    if untroubled >= 0.5:
        return {}
    return {c: p / (1.0 - untroubled) for c, p in predicted.items()}


@dataclass(frozen=True)
class Example:
    """One labelled training entry: its features and its target distribution over concepts."""

    features: Mapping[str, float]
    target: Mapping[str, float]


def target_of(concerns: Sequence[str], main_share: float = 0.7) -> dict[str, float]:
    """The training target of an entry labelled `concerns` (main one first): the main concern
    gets `main_share`, the others split the rest; a single concern gets everything, and an
    entry about nothing troubling (no concerns) is NONE."""
    if not concerns:
        return {NONE: 1.0}
    if len(concerns) == 1:
        return {concerns[0]: 1.0}
    rest = (1.0 - main_share) / (len(concerns) - 1)
    return {concerns[0]: main_share} | {c: rest for c in concerns[1:]}


def train(
    examples: Sequence[Example],
    concepts: Sequence[str],
    *,
    epochs: int = 15,
    learning_rate: float = 3.0,
    l2: float = 1e-4,
    seed: int = 7,
    prune_below: float = 0.03,
    min_entries: int = 3,
    provenance: Mapping[str, object] | None = None,
) -> ConcernModel:
    """Fit a softmax regression by stochastic gradient descent (deterministic for a seed).

    Features seen in fewer than `min_entries` entries are left out (a word one writer used once
    teaches spelling, not topic). Weight decay is applied to the rows an example touches; the
    learning rate falls as 1/(1 + epoch). Weights smaller than `prune_below` are dropped from
    the stored model."""
    import random
    from collections import Counter

    seen = Counter(name for example in examples for name in example.features)
    kept = {name for name, count in seen.items() if count >= min_entries}

    index = {c: i for i, c in enumerate(concepts)}
    size = len(concepts)
    rows: dict[str, list[float]] = {}
    bias = [0.0] * size
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        rate = learning_rate / (1.0 + epoch)
        for i in order:
            example = examples[i]
            feats = [
                (rows.setdefault(n, [0.0] * size), v)
                for n, v in example.features.items()
                if n in kept
            ]
            scores = list(bias)
            for row, value in feats:
                for c in range(size):
                    scores[c] += row[c] * value
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            gradient = [e / total for e in exps]
            for concept, share in example.target.items():
                gradient[index[concept]] -= share
            moving = [(c, g) for c, g in enumerate(gradient) if abs(g) > 1e-4]
            for c, g in moving:
                bias[c] -= rate * g
            decay = 1.0 - rate * l2
            for row, value in feats:
                for c, g in moving:
                    row[c] = row[c] * decay - rate * g * value
    weights = {
        name: tuple((c, w) for c, w in enumerate(row) if abs(w) >= prune_below)
        for name, row in rows.items()
    }
    parameters = {"epochs": epochs, "learning_rate": learning_rate, "l2": l2, "seed": seed,
                  "prune_below": prune_below, "min_entries": min_entries}  # fmt: skip
    return ConcernModel(
        tuple(concepts),
        tuple(bias),
        {n: p for n, p in weights.items() if p},
        {"parameters": parameters, **(provenance or {})},
    )


def examples_of(
    items: Iterable[tuple[str, Sequence[str]]], main_share: float = 0.7
) -> list[Example]:
    """Training examples from (text, concerns) pairs."""
    return [Example(concern_features(text), target_of(cs, main_share)) for text, cs in items]
