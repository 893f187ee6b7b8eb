"""`make bench`: run every benchmark, print its table, and write the whole as
bench/results/summary.md (JSON per benchmark beside it)."""

import time

from bench import (
    cold_start,
    contention,
    embeddings,
    matching,
    matching_quality,
    reminders,
    slots,
    warm,
)
from bench.common import RESULTS, summary

BENCHMARKS = (
    cold_start,
    warm,
    contention,
    slots,
    matching,
    matching_quality,
    reminders,
    embeddings,
)

if __name__ == "__main__":
    started = time.perf_counter()
    for benchmark in BENCHMARKS:
        benchmark.main()
    table = summary([b.__name__.removeprefix("bench.") for b in BENCHMARKS])
    (RESULTS / "summary.md").write_text(table)
    print(f"\n{table}\nmake bench: {time.perf_counter() - started:.0f} s")
