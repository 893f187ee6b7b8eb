"""Cold start per function: a fresh interpreter imports the function's module and builds its app,
beside two floors measured in the same run — bare `python -c pass`, and the stack every API
function needs (`import fastapi, mangum, sqlalchemy.orm, pg8000`).

Then the same with the first invocation: the handler called once with an authenticated API
Gateway event (an API function: one of its GET routes, a client's token) or a schedule event
(a scheduled function), against a real database - connecting, authenticating, the first
statements. Its floor is the stack doing the least a first request can: a FastAPI app behind
Mangum that answers one request with one query over a new pg8000 connection.

What is timed is what Lambda waits for on a cold start: start the interpreter, import, build. Each
case then leaves with `os._exit(0)`: Lambda keeps the process to serve requests and never pays the
interpreter's shutdown (freeing every module and object) on a cold start, so neither do the cases.
The runs go round-robin over all cases, so a machine that slows down or speeds up during the run
(2 shared cores) shifts every case alike instead of whichever case happened to run then.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Any

from local.template import ROOT, functions

RUNS = 7
STACK = "import fastapi, mangum, sqlalchemy.orm, pg8000"
# Not part of a cold start: see the module docstring.
SKIP_SHUTDOWN = "; import os; os._exit(0)"


# The least a first request on the stack does: build an app, connect, one query, answer.
STACK_FIRST_REQUEST = (
    STACK + "; import json, os, sys; from fastapi import FastAPI; from mangum import Mangum; "
    "from sqlalchemy import create_engine, text; app = FastAPI(); "
    "engine = create_engine(os.environ['DATABASE_URL'].replace('+attune_pg8000', '+pg8000')); "
    "app.get('/ping')(lambda: {'one': engine.connect().execute(text('SELECT 1')).scalar()}); "
    "event = json.loads(os.environ['BENCH_EVENT']); "
    "answer = Mangum(app, lifespan='off')(event, None); "
    "assert answer['statusCode'] == 200, answer"
)


def _seconds(code: str, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + SKIP_SHUTDOWN],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "JWT_SECRET": "bench", **(env or {})},
        capture_output=True,  # the functions' own log lines are not the table's
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"cold start case failed:\n{code}\n{done.stdout!r}\n{done.stderr!r}")
    return seconds


def _medians(
    cases: dict[str, str], envs: dict[str, dict[str, str]] | None = None
) -> dict[str, float]:
    """The median wall time of each case's code, the cases taking turns run after run."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, code in cases.items():
            samples[name].append(_seconds(code, (envs or {}).get(name)))
    return {name: statistics.median(times) for name, times in samples.items()}


def _load(path: str) -> str:
    return (
        "import importlib.util, sys; sys.path.insert(0, '.'); "
        f"s = importlib.util.spec_from_file_location('fn', {path!r}); "
        "m = importlib.util.module_from_spec(s); s.loader.exec_module(m)"
    )


def _first_event(function: Any, token: str) -> dict[str, Any] | None:
    """An authenticated request to one of the function's GET routes (path parameters: a random
    id, so a 404 after authentication at worst), or a schedule event; None for the others."""
    from bench.common import api_event

    if function.schedules:
        return dict(json.loads((ROOT / "events" / "schedule.json").read_text()))
    gets = [r.path for r in function.routes if r.method == "GET" and r.path != "/health"]
    if not gets:
        return None
    return api_event("GET", re.sub(r"\{[^}]+\}", str(uuid.uuid4()), gets[0]), token=token)


def _with_first_request() -> list[dict[str, object]]:
    """Import plus the first invocation, per API and scheduled function, against its floor."""
    from bench.common import api_event, quiet_environment, scratch_database, verified_users

    outbox = tempfile.mkdtemp(prefix="attune-bench-outbox-")
    quiet_environment(outbox)
    url = scratch_database("attune_bench_cold")
    [(_, token)] = verified_users("client", 1)
    base = {"DATABASE_URL": url, "JWT_SECRET": os.environ["JWT_SECRET"], "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "file", "OUTBOX_DIR": outbox, "POWERTOOLS_METRICS_NAMESPACE": "bench",
            "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip
    floor = "API stack floor, first request"
    cases = {floor: STACK_FIRST_REQUEST}
    envs = {floor: {**base, "BENCH_EVENT": json.dumps(api_event("GET", "/ping"))}}
    kinds: dict[str, str] = {}
    for function in functions().values():
        event = _first_event(function, token)
        if event is None:
            continue
        name = f"{function.code_dir.name}, first request"
        kinds[name] = "api" if function.routes else "scheduled"
        path = str(function.code_dir / f"{function.module}.py")
        cases[name] = (
            _load(path) + "; import json, os; from local.invoke import LocalContext; "
            f"answer = m.{function.handler}(json.loads(os.environ['BENCH_EVENT']), "
            f"LocalContext(function_name={function.logical_id!r})); "
            "assert not isinstance(answer, dict) or answer.get('statusCode', 200) < 500, answer"
        )
        envs[name] = {**base, "BENCH_EVENT": json.dumps(event)}
    seconds = _medians(cases, envs)
    rows: list[dict[str, object]] = [{"case": floor, "ms": round(seconds[floor] * 1000)}]
    for name, kind in kinds.items():
        rows.append({"case": name, "kind": kind, "ms": round(seconds[name] * 1000),
                     "x_stack_floor": round(seconds[name] / seconds[floor], 2)})  # fmt: skip
    return rows


def main() -> None:
    from bench.common import report

    every = functions().values()
    cases = {"python -c pass": "pass", "API stack floor": STACK}
    for function in every:
        cases[function.code_dir.name] = _load(str(function.code_dir / f"{function.module}.py"))
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
    rows += _with_first_request()
    # API functions against 1.15x their stack floor, scheduled ones against 0.5x; import only
    # and with the first request.
    goal = {"api": 1.15, "scheduled": 0.5}
    targets = {
        (str(row["case"]), "x_stack_floor"): ("<=", goal[str(row["kind"])])
        for row in rows
        if row.get("kind") in goal
    }
    report("cold_start", rows, targets)


if __name__ == "__main__":
    main()
