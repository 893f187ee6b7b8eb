"""What every benchmark shares: a scratch database on the local PostgreSQL, and timing."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def scratch_database(name: str) -> str:
    """A freshly migrated database `name` on the local server (DATABASE_URL's or embedded)."""
    import pg8000.native
    from sqlalchemy.engine import make_url

    from local.devdb import ensure_dev_database
    from shared.config import reset_settings
    from shared.db import normalise_database_url, reset_engine
    from shared.migrate import upgrade

    base = make_url(normalise_database_url(ensure_dev_database()))
    admin = pg8000.native.Connection(
        base.username or "postgres", host=base.host, port=base.port, password=base.password
    )
    admin.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.run(f'CREATE DATABASE "{name}"')
    admin.close()
    url = base.set(database=name).render_as_string(hide_password=False)
    os.environ["DATABASE_URL"] = url
    reset_settings()
    reset_engine()
    upgrade()
    return url


def median_ms(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median and p99 wall time of `action` in milliseconds, after one warm-up run."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def report(name: str, rows: list[dict[str, Any]]) -> None:
    """Print a table and write it as JSON under bench/results/."""
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\n{name}  ({machine})")
    for row in rows:
        print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(rows, indent=2, default=str))
