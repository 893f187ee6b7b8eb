"""`make run`: database up, migrated, demo data loaded, every route served on 127.0.0.1:3000."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn


def _start_local_stripe(host: str, port: int) -> None:
    """No Stripe key: run localstripe on loopback and point the SDK and its webhook at us."""
    import atexit
    import secrets

    from local.devdb import _free_port, _port_is_free
    from local.localstripe import register_webhook, start

    stripe_port = int(os.environ.get("LOCALSTRIPE_PORT", "8420"))
    if not _port_is_free(stripe_port):
        stripe_port = _free_port()
    process = start(stripe_port)
    atexit.register(process.terminate)
    base = f"http://127.0.0.1:{stripe_port}"
    secret = "whsec_" + secrets.token_hex(16)
    os.environ.update(
        STRIPE_SECRET_KEY="sk_test_localstripe",
        STRIPE_API_BASE=base,
        STRIPE_WEBHOOK_SECRET=secret,
    )
    register_webhook(base, "attune", f"http://{host}:{port}/payments/webhook", secret)
    print(f"stripe: localstripe on {base}, webhook to /payments/webhook", flush=True)


RUN_ENV = "run-env.json"


def _start_local_s3() -> None:
    """No RECORDINGS_BUCKET: a moto S3 server on loopback with a bucket, for recordings."""
    import boto3
    from moto.server import ThreadedMotoServer

    from local.devdb import _free_port, _port_is_free

    port = int(os.environ.get("LOCAL_S3_PORT", "9100"))
    if not _port_is_free(port):
        port = _free_port()
    ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False).start()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.update(
        AWS_ENDPOINT_URL_S3=f"http://127.0.0.1:{port}", RECORDINGS_BUCKET="attune-local-recordings"
    )
    boto3.client("s3").create_bucket(Bucket="attune-local-recordings")
    print(f"s3: moto server on 127.0.0.1:{port}, bucket attune-local-recordings", flush=True)


def _share_with_invoke() -> None:
    """`make invoke` runs in another process: leave it the addresses this run made up."""
    import json

    from local.devdb import DATA_DIR

    keys = (
        "STRIPE_SECRET_KEY",
        "STRIPE_API_BASE",
        "STRIPE_WEBHOOK_SECRET",
        "RECORDINGS_BUCKET",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_DEFAULT_REGION",
    )
    shared = {k: os.environ[k] for k in keys if os.environ.get(k)}
    (DATA_DIR / RUN_ENV).write_text(json.dumps(shared, indent=2))
    (DATA_DIR / RUN_ENV).chmod(0o600)


def _start_schedules() -> list[str]:
    """EventBridge, locally: every scheduled function on its template rate, through its real
    handler (local/schedules.py), unless SCHEDULES=off. What runs, for the banner."""
    if os.environ.get("SCHEDULES", "on").lower() in {"off", "0", "no", "false"}:
        return ["off (SCHEDULES=off): make invoke FUNCTION=<dir> EVENT=events/schedule.json"]
    from local import schedules

    found = schedules.schedules()
    schedules.start(found, log=lambda line: print(line, flush=True))
    return [s.describe() for s in found]


def server_config(app: object, host: str, port: int) -> uvicorn.Config:
    """How `make run` serves `app`. Never from X-Forwarded-For: uvicorn's default would take the
    client's address from it on any connection from 127.0.0.1 (its default trusted proxy), so
    every local caller could choose the IP the login throttle counts. The address the apps see
    is the socket peer, which the local gateway passes on as API Gateway passes `sourceIp`."""
    import uvicorn

    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=host,
        port=port,
        log_level="info",
        proxy_headers=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--no-demo", action="store_true", help="skip loading demo data")
    args = parser.parse_args()

    os.environ.setdefault("EMAIL_BACKEND", "file")
    os.environ.setdefault("PUBLIC_BASE_URL", f"http://{args.host}:{args.port}")

    from local.devdb import ensure_dev_database

    url = ensure_dev_database()
    print(f"database: {url}", flush=True)

    if not os.environ.get("STRIPE_SECRET_KEY"):
        _start_local_stripe(args.host, args.port)
    if not os.environ.get("RECORDINGS_BUCKET"):
        _start_local_s3()
    _share_with_invoke()

    from shared.migrate import upgrade

    upgrade()
    if not args.no_demo:
        from local.demo import load_demo_data

        print(load_demo_data(), flush=True)

    import uvicorn

    from local.server import LocalGateway

    running = _start_schedules()
    print("schedules: " + "; ".join(running), flush=True)
    print(f"serving on http://{args.host}:{args.port}  (docs: /docs)", flush=True)
    uvicorn.Server(server_config(LocalGateway(), args.host, args.port)).run()


if __name__ == "__main__":
    main()
