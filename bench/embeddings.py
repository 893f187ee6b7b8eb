"""The local embedder's throughput: 20,000 short bios (the cost of re-embedding a directory)."""

from __future__ import annotations

import time


def main() -> None:
    from bench.common import report
    from local.demo_therapists import DEMO_THERAPISTS
    from shared.embeddings.local import LocalLexiconEmbedder

    embedder = LocalLexiconEmbedder()
    bios = [bio for t in DEMO_THERAPISTS for bio in t.bios.values()]
    texts = [f"{bios[i % len(bios)]} ref{i}" for i in range(20_000)]
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        embedder.embed(texts)
        runs.append(time.perf_counter() - started)
    best = sorted(runs)[len(runs) // 2]
    report(
        "embeddings",
        [{"case": "local embedder, 20,000 short bios (median of 3)", "seconds": round(best, 2),
          "per_second": round(len(texts) / best)}],
    )  # fmt: skip


if __name__ == "__main__":
    main()
