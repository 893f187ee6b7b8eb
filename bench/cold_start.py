"""Cold start per function: a fresh interpreter imports the function's module and builds its app,
beside two floors measured in the same run — bare `python -c pass`, and the stack every API
function needs (`import fastapi, mangum, sqlalchemy.orm, pg8000`)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from local.template import ROOT, functions

RUNS = 7
STACK = "import fastapi, mangum, sqlalchemy.orm, pg8000"


def _median_seconds(code: str) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code],
            check=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "JWT_SECRET": "bench"},
        )
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    from bench.common import report

    bare = _median_seconds("pass")
    stack = _median_seconds(STACK)
    rows = [
        {"case": "python -c pass", "ms": round(bare * 1000)},
        {"case": "API stack floor", "ms": round(stack * 1000)},
    ]
    for function in functions().values():
        path = function.code_dir / f"{function.module}.py"
        load = (
            "import importlib.util, sys; sys.path.insert(0, '.'); "
            f"s = importlib.util.spec_from_file_location('fn', {str(path)!r}); "
            "m = importlib.util.module_from_spec(s); s.loader.exec_module(m)"
        )
        seconds = _median_seconds(load)
        kind = "api" if function.routes else "scheduled" if function.schedules else "operational"
        rows.append(
            {
                "case": function.code_dir.name,
                "kind": kind,
                "ms": round(seconds * 1000),
                "x_stack_floor": round(seconds / stack, 2),
            }
        )
    report("cold_start", rows)


if __name__ == "__main__":
    main()
