"""Cold start per function: a fresh interpreter imports the function's module and builds its app,
beside two floors measured in the same run — bare `python -c pass`, and the stack every API
function needs (`import fastapi, mangum, sqlalchemy.orm, pg8000`).

What is timed is what Lambda waits for on a cold start: start the interpreter, import, build. Each
case then leaves with `os._exit(0)`: Lambda keeps the process to serve requests and never pays the
interpreter's shutdown (freeing every module and object) on a cold start, so neither do the cases.
The runs go round-robin over all cases, so a machine that slows down or speeds up during the run
(2 shared cores) shifts every case alike instead of whichever case happened to run then.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from local.template import ROOT, functions

RUNS = 7
STACK = "import fastapi, mangum, sqlalchemy.orm, pg8000"
# Not part of a cold start: see the module docstring.
SKIP_SHUTDOWN = "; import os; os._exit(0)"


def _seconds(code: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code + SKIP_SHUTDOWN],
        check=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "JWT_SECRET": "bench"},
    )
    return time.perf_counter() - started


def _medians(cases: dict[str, str]) -> dict[str, float]:
    """The median wall time of each case's code, the cases taking turns run after run."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, code in cases.items():
            samples[name].append(_seconds(code))
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> None:
    from bench.common import report

    every = functions().values()
    cases = {"python -c pass": "pass", "API stack floor": STACK}
    for function in every:
        path = function.code_dir / f"{function.module}.py"
        cases[function.code_dir.name] = (
            "import importlib.util, sys; sys.path.insert(0, '.'); "
            f"s = importlib.util.spec_from_file_location('fn', {str(path)!r}); "
            "m = importlib.util.module_from_spec(s); s.loader.exec_module(m)"
        )
    seconds = _medians(cases)
    stack = seconds["API stack floor"]
    rows: list[dict[str, object]] = [
        {"case": "python -c pass", "ms": round(seconds["python -c pass"] * 1000)},
        {"case": "API stack floor", "ms": round(stack * 1000)},
    ]
    for function in every:
        name = function.code_dir.name
        kind = "api" if function.routes else "scheduled" if function.schedules else "operational"
        rows.append(
            {
                "case": name,
                "kind": kind,
                "ms": round(seconds[name] * 1000),
                "x_stack_floor": round(seconds[name] / stack, 2),
            }
        )
    # Import only (the first request is not in these figures yet): API functions against
    # 1.15x the stack floor, scheduled ones against 0.5x.
    goal = {"api": 1.15, "scheduled": 0.5}
    targets = {
        (str(row["case"]), "x_stack_floor"): ("<=", goal[str(row["kind"])])
        for row in rows
        if row.get("kind") in goal
    }
    report("cold_start", rows, targets)


if __name__ == "__main__":
    main()
