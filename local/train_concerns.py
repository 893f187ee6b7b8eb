"""Train the concern classifier and report matching quality offline (`make train-concerns`).

    python -m local.train_concerns            # train on local/concern_corpus/train, write the model
    python -m local.train_concerns --check    # evaluate the shipped model only

The training corpus (`local/concern_corpus/train/*.jsonl`) and the two development sets
(`local/concern_corpus/dev.jsonl`, `dev-2.jsonl`) were written for this purpose, apart from
each other and without sight of the frozen held-out set (`tests/data/matching_heldout.json`),
which this script never reads: its figures come from `make bench` (`bench/matching_quality.py`),
through the production path. The figures printed here replay the matching formula in Python
over the demo therapists (no database, no availability tie-break); training takes a few minutes
of pure Python.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).with_name("concern_corpus")


@dataclass(frozen=True)
class Labelled:
    text: str
    language: str
    accept: tuple[str, ...]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def training_files() -> list[Path]:
    return sorted((CORPUS / "train").glob("*.jsonl"))


def corpus_digest() -> str:
    """sha256 over the training files' names and bytes (what the shipped model records)."""
    digest = hashlib.sha256()
    for path in training_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def training_items() -> list[tuple[str, list[str]]]:
    """(text, concerns) pairs of every training file, in file and line order."""
    items = []
    for path in training_files():
        for row in read_jsonl(path):
            concerns = row["concerns"]
            assert isinstance(concerns, list)
            items.append((str(row["text"]), [str(c) for c in concerns]))
    return items


DEV_SETS = ("dev", "dev-2")


def dev_set(name: str = "dev") -> list[Labelled]:
    """A development set (`local/concern_corpus/<name>.jsonl`); [] when it is missing."""
    path = CORPUS / f"{name}.jsonl"
    if not path.exists():
        return []
    rows = read_jsonl(path)
    return [Labelled(str(r["text"]), str(r["language"]), tuple(r["accept"])) for r in rows]  # type: ignore[arg-type]


def tuning_set() -> list[Labelled]:
    from tests.matching_cases import TUNING_CASES

    return [Labelled(c.entry, c.language, tuple(c.expected_specialties)) for c in TUNING_CASES]


class OfflineMatcher:
    """The matching formula over the demo therapists, in memory."""

    def __init__(self) -> None:
        from local.demo_therapists import matchable_therapists
        from shared.domain.concerns import declared_concerns
        from shared.embeddings.local import LocalLexiconEmbedder

        self.embedder = LocalLexiconEmbedder()
        self.therapists = []
        for t in matchable_therapists():
            bios = [(lang, self.embedder.embed_one(bio)) for lang, bio in t.bios.items()]
            declared = declared_concerns(t.specialties)
            self.therapists.append((t, bios, declared))
        self.bio_languages = {lang for t, _, _ in self.therapists for lang in t.bios}

    def top(self, text: str, language: str, k: int = 3) -> list[set[str]]:
        from shared.domain.concerns import entry_concerns
        from shared.domain.matching import concern_fit, language_fit, main_score

        vector = self.embedder.embed_one(text)
        concerns = entry_concerns(text)
        scored = []
        for t, bios, declared in self.therapists:
            fit = concern_fit(concerns, declared)
            best = max(
                main_score(
                    sum(a * b for a, b in zip(vector, bio, strict=True)),
                    fit,
                    language_fit(lang, language, t.languages),
                )
                for lang, bio in bios
            )
            scored.append((-best, t.full_name, set(t.specialties)))
        scored.sort()
        return [s for _, _, s in scored[:k]]

    def figures(self, cases: Sequence[Labelled]) -> dict[str, float | int | None]:
        inside = [c for c in cases if c.language in self.bio_languages]
        across = [c for c in cases if c.language not in self.bio_languages]

        def first_right(case: Labelled) -> int | None:
            for rank, specialties in enumerate(self.top(case.text, case.language), 1):
                if specialties & set(case.accept):
                    return rank
            return None

        ranks_in = [first_right(c) for c in inside]
        ranks_across = [first_right(c) for c in across]

        def rate(ranks: list[int | None], k: int) -> float | None:
            if not ranks:
                return None
            return round(sum(r is not None and r <= k for r in ranks) / len(ranks), 3)

        return {
            "cases": len(cases),
            "hit_at_1": rate(ranks_in, 1),
            "hit_at_3": rate(ranks_in, 3),
            "cross_hit_at_3": rate(ranks_across, 3),
            "cross_hit_at_1": rate(ranks_across, 1),
        }


def concept_accuracy(cases: Sequence[Labelled]) -> float:
    """How often the entry's strongest concern is one of the accepted ones."""
    from shared.domain.concerns import entry_concerns

    right = 0
    for case in cases:
        concerns = entry_concerns(case.text)
        right += bool(concerns) and next(iter(concerns)) in case.accept
    return round(right / len(cases), 3)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="evaluate the shipped model only")
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args(argv)

    from shared.domain import concern_classifier as cc
    from shared.embeddings.local import concepts

    if not args.check:
        started = time.perf_counter()
        items = training_items()
        examples = cc.examples_of(items)
        model = cc.train(
            examples,
            (*concepts(), cc.NONE),
            epochs=args.epochs,
            provenance={"corpus_sha256": corpus_digest(), "entries": len(items)},
        )
        cc.save_model(model)
        cc.trained_model.cache_clear()
        print(
            f"trained on {len(items)} entries, {len(model.features)} features kept, "
            f"{cc.MODEL_PATH.stat().st_size / 1e6:.2f} MB, {time.perf_counter() - started:.0f} s"
        )
    matcher = OfflineMatcher()
    for name, cases in (*((n, dev_set(n)) for n in DEV_SETS), ("tuning", tuning_set())):
        if not cases:
            continue
        figures = matcher.figures(cases) | {"top_concern": concept_accuracy(cases)}
        print(f"{name:7} " + "  ".join(f"{k} {v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
