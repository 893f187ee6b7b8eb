"""What every benchmark shares: a scratch database on the local PostgreSQL, and timing."""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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


MIN_P99_SAMPLES = 100  # fewer samples than this give no honest 99th percentile


def median_ms(action: Callable[[], Any], runs: int) -> tuple[float, float | None]:
    """Median and p99 wall time of `action` in milliseconds, after one warm-up run; the p99 is
    None below MIN_P99_SAMPLES runs."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples), (p99 if runs >= MIN_P99_SAMPLES else None)


def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def machine() -> str:
    """What the figures were measured on."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


# Units of the figures, by the suffix of their name.
_UNITS = (("_ms", "ms"), ("_per_s", "per s"), ("seconds", "s"), ("_mb", "MB"), ("x_", "x"))


def _unit(figure: str) -> str:
    for suffix, unit in _UNITS:
        if figure.endswith(suffix) or figure.startswith(suffix):
            return unit
    return ""


def report(
    name: str,
    rows: list[dict[str, Any]],
    targets: dict[tuple[str, str], tuple[str, float]] | None = None,
) -> None:
    """Print a table and write it as JSON under bench/results/. `targets` maps (case, figure)
    to (`<=` or `>=`, the target): each such figure is printed beside its target and whether it
    is met."""
    targets = targets or {}
    print(f"\n{name}  ({machine()})")
    for row in rows:
        cells = []
        for key, value in row.items():
            cell = f"{key}={value}"
            if (row.get("case"), key) in targets:
                sign, goal = targets[(row["case"], key)]
                cell += (
                    f" [target {sign} {goal}: {'met' if _met(value, sign, goal) else 'NOT met'}]"
                )
            cells.append(cell)
        print("  " + "  ".join(cells))
    RESULTS.mkdir(exist_ok=True)
    figures = [
        {"benchmark": name, "case": row["case"], "figure": key, "unit": _unit(key),
         "value": value,
         "target": (f"{targets[(row['case'], key)][0]} {targets[(row['case'], key)][1]}"
                    if (row["case"], key) in targets else None),
         "met": (_met(value, *targets[(row["case"], key)])
                 if (row["case"], key) in targets else None)}
        for row in rows
        for key, value in row.items()
        if key != "case" and isinstance(value, int | float) and not isinstance(value, bool)
    ]  # fmt: skip
    measured = {"machine": machine(), "measured_at": time.strftime("%Y-%m-%d %H:%M UTC",
                time.gmtime()), "rows": rows, "figures": figures}  # fmt: skip
    (RESULTS / f"{name}.json").write_text(json.dumps(measured, indent=2, default=str))


def _met(value: Any, sign: str, goal: float) -> bool:
    if not isinstance(value, int | float):
        return False
    return value <= goal if sign == "<=" else value >= goal


def summary(names: list[str]) -> str:
    """The results of `names` as one Markdown table (what the README carries), and every figure
    as bench/results/summary.json: a list of {benchmark, case, figure, unit, target, met}."""
    lines = ["| benchmark | case | figures | targets |", "|---|---|---|---|"]
    machines = set()
    every: list[dict[str, Any]] = []
    for name in names:
        measured = json.loads((RESULTS / f"{name}.json").read_text())
        machines.add(measured["machine"])
        every.extend(measured.get("figures", []))
        for row in measured["rows"]:
            figures = ", ".join(f"{k} {v}" for k, v in row.items() if k != "case")
            goals = "; ".join(
                f"{f['figure']} {f['target']}: {'met' if f['met'] else '**not met**'}"
                for f in measured.get("figures", [])
                if f["case"] == row["case"] and f["target"]
            )
            lines.append(f"| {name} | {row['case']} | {figures} | {goals} |")
    (RESULTS / "summary.json").write_text(json.dumps(every, indent=2, default=str))
    return f"Measured on {', '.join(sorted(machines))}.\n\n" + "\n".join(lines) + "\n"


def api_event(
    method: str,
    path: str,
    *,
    query: dict[str, str] | None = None,
    body: Any = None,
    token: str | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload v2) event, as API Gateway hands it to a function."""
    from urllib.parse import urlencode

    headers = {"accept": "application/json", "host": "api.attune.bench", "user-agent": "bench"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if body is not None:
        headers["content-type"] = "application/json"
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": urlencode(query or {}),
        "headers": headers,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "bench",
            "domainName": "api.attune.bench",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.10",
                "userAgent": "bench",
            },
            "requestId": "bench",
            "routeKey": "$default",
            "stage": "$default",
            "timeEpoch": int(time.time() * 1000),
        },
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
    }


class LambdaFunction:
    """A function's real handler module, imported as Lambda would, called with API events."""

    def __init__(self, code_dir: str) -> None:
        from local.functions import load_module
        from local.invoke import LocalContext
        from local.template import function_for_dir

        function = function_for_dir(code_dir)
        self.handler = getattr(load_module(function), function.handler)
        self.context = LocalContext(function_name=function.logical_id)
        self.sink = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the function

    def __call__(self, event: dict[str, Any]) -> tuple[int, Any]:
        """The status code and the decoded JSON body (None when empty)."""
        # The metrics line Powertools prints per invocation is real work; the terminal is not.
        with contextlib.redirect_stdout(self.sink):
            result = self.handler(event, self.context)
        body = result.get("body")
        return result["statusCode"], json.loads(body) if body else None


def quiet_environment(outbox: str) -> None:
    """Settings for a benchmark run: log warnings only, emails to a scratch folder, never SES."""
    os.environ.setdefault("JWT_SECRET", "bench-only-secret-not-for-production-0123456789")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["EMAIL_BACKEND"] = "file"
    os.environ["OUTBOX_DIR"] = outbox


def verified_users(role: str, count: int) -> list[tuple[uuid.UUID, str]]:
    """`count` verified accounts straight in the database (fast), with real access tokens."""
    from shared import clock
    from shared.db import get_session
    from shared.models import Profile, User
    from shared.security.tokens import issue_access_token

    users = []
    for i in range(count):
        user = User(email=f"{role}{i}-{uuid.uuid4().hex[:8]}@bench.example",
                    password_hash="unused", role=role, email_verified_at=clock.now())  # fmt: skip
        user.profile = Profile(full_name=f"Bench {role} {i}", timezone="Europe/Berlin")
        users.append(user)
    with get_session() as session:
        session.add_all(users)
        session.flush()
    return [(u.id, issue_access_token(u.id, role, clock.now())[0]) for u in users]


def _copy_value(value: Any) -> str:
    """One value in COPY's text format."""
    from sqlalchemy.dialects.postgresql import Range

    if value is None:
        return "\\N"
    if isinstance(value, bool):
        text_ = "t" if value else "f"
    elif isinstance(value, list):
        quoted = (str(v).replace("\\", "\\\\").replace('"', '\\"') for v in value)
        text_ = "{" + ",".join(f'"{v}"' for v in quoted) + "}"
    elif isinstance(value, dict):
        text_ = json.dumps(value)
    elif isinstance(value, Range):
        lower, upper = ("" if b is None else b.isoformat() for b in (value.lower, value.upper))
        text_ = f"{value.bounds[0]}{lower},{upper}{value.bounds[1]}"  # an empty side is unbounded
    elif isinstance(value, datetime):
        text_ = value.isoformat()
    else:
        text_ = str(value)
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text_ = text_.replace(raw, escaped)
    return text_


def copy_rows(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (all with the same keys) into `model`'s table with one COPY, on the
    session's connection and transaction. `session.execute(insert(model), rows)` is an
    executemany, which pg8000 sends as one round trip per row (5 s per 10,000 rows here)."""
    if not rows:
        return
    columns = list(rows[0])
    data = "".join("\t".join(_copy_value(row[c]) for c in columns) + "\n" for row in rows)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f"COPY {model.__tablename__} ({names}) FROM STDIN", stream=io.StringIO(data))
