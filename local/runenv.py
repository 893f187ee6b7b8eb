"""What a `make run` made up (ports, keys, the webhook secret), written to .data/run-env.json
for the other local tools: `make invoke`, `make env`, `make sam-env`, `sign_webhook`, `make demo`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from local.devdb import DATA_DIR

RUN_ENV = DATA_DIR / "run-env.json"
# What a handler run in another process needs to reach the same services as `make run`.
FOR_HANDLERS = (
    "STRIPE_SECRET_KEY",
    "STRIPE_API_BASE",
    "STRIPE_WEBHOOK_SECRET",
    "RECORDINGS_BUCKET",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_DEFAULT_REGION",
    "EMAIL_BACKEND",
    "OUTBOX_DIR",
    "PUBLIC_BASE_URL",
)
# What a person at a shell needs (`make env`).
FOR_SHELL = ("API", "STRIPE_API_BASE", "STRIPE_SECRET_KEY", "DATABASE_URL")


def write(api: str, path: Path = RUN_ENV) -> dict[str, str]:
    """Record this process's settings for the others; the file is private (it holds keys)."""
    values = {k: os.environ[k] for k in (*FOR_HANDLERS, "DATABASE_URL") if os.environ.get(k)}
    values["API"] = api
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values, indent=2) + "\n")
    path.chmod(0o600)
    return values


def read(path: Path = RUN_ENV) -> dict[str, str]:
    """What the last `make run` wrote; empty when it never ran."""
    if not path.exists():
        return {}
    values: dict[str, Any] = json.loads(path.read_text())
    return {str(k): str(v) for k, v in values.items()}


def adopt_for_handlers() -> None:
    """Set (where unset) what a handler needs to reach the services of a serving `make run`.
    Not DATABASE_URL: the database's own port file says where it is, even after a restart."""
    for key, value in read().items():
        if key in FOR_HANDLERS:
            os.environ.setdefault(key, value)


def shell_exports(values: dict[str, str]) -> str:
    """`export A=… B=…` for `eval "$(make -s env)"`."""
    import shlex

    missing = [k for k in FOR_SHELL if k not in values]
    if missing:
        raise SystemExit(f"no {', '.join(missing)} in {RUN_ENV}: start `make run` first")
    return "export " + " ".join(f"{k}={shlex.quote(values[k])}" for k in FOR_SHELL)


def sam_env(values: dict[str, str]) -> dict[str, dict[str, str]]:
    """`sam local start-api --env-vars` for the functions in Docker: the same settings as
    `make run`, with loopback addresses seen from a container (host.docker.internal). Only
    variables template.yaml declares: sam passes on no others (so recordings use real S3)."""

    def from_docker(value: str) -> str:
        return value.replace("127.0.0.1", "host.docker.internal").replace(
            "localhost", "host.docker.internal"
        )

    database = values.get("DATABASE_URL", "")
    parameters = {
        "STAGE": "local",
        "DATABASE_URL": from_docker(database),
        "APP_DB_SECRET_ARN": "",
        "DB_HOST": "",
        "JWT_SECRET": os.environ.get("JWT_SECRET", ""),
        "JWT_SECRET_ARN": "",
        "STRIPE_SECRET_ARN": "",
        "STRIPE_SECRET_KEY": values.get("STRIPE_SECRET_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": values.get("STRIPE_WEBHOOK_SECRET", ""),
        "STRIPE_API_BASE": from_docker(values.get("STRIPE_API_BASE", "")),
        "EMAIL_BACKEND": "file",
        "EMAIL_SENDER": "Attune <no-reply@attune.local>",
        "OUTBOX_DIR": "/tmp/outbox",
        "RECORDINGS_BUCKET": values.get("RECORDINGS_BUCKET", ""),
        "PUBLIC_BASE_URL": values.get("PUBLIC_BASE_URL", "http://127.0.0.1:3000"),
        "LOG_LEVEL": "DEBUG",
        "POWERTOOLS_METRICS_NAMESPACE": "Attune",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "EMBEDDING_PROVIDER": "local",
    }
    return {"Parameters": parameters}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["env", "sam-env"])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "sam-env.json")
    args = parser.parse_args()
    values = read()
    if not values:
        raise SystemExit(f"{RUN_ENV} does not exist: start `make run` first")
    if args.what == "env":
        print(shell_exports(values))
        return
    from local.devdb import ensure_dev_secrets

    ensure_dev_secrets()
    args.out.write_text(json.dumps(sam_env(values), indent=2) + "\n")
    args.out.chmod(0o600)
    print(f"wrote {args.out} (sam build && sam local start-api --env-vars {args.out})")


if __name__ == "__main__":
    main()
