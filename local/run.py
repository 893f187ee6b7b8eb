"""`make run`: database up, migrated, demo data loaded, every route served on 127.0.0.1:3000,
localstripe and a moto S3 beside it, the template's schedules running, and one banner saying
where everything is."""

from __future__ import annotations

import argparse
import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn


@dataclass
class Ports:
    """The ports this run uses, and the ones it had to move (the usual one was taken)."""

    moved: list[str] = field(default_factory=list)

    def pick(self, what: str, variable: str, usual: int) -> int:
        from local.devdb import _free_port, _port_is_free

        wanted = int(os.environ.get(variable, str(usual)))
        if _port_is_free(wanted):
            return wanted
        port = _free_port()
        self.moved.append(f"{what} {wanted} → {port} ({variable} to choose)")
        return port


def _start_local_stripe(api: str, ports: Ports) -> None:
    """No Stripe key: run localstripe on loopback and point the SDK and its webhook at us."""
    import atexit
    import secrets

    from local.localstripe import register_webhook, start

    stripe_port = ports.pick("localstripe", "LOCALSTRIPE_PORT", 8420)
    process = start(stripe_port)
    atexit.register(process.terminate)
    base = f"http://127.0.0.1:{stripe_port}"
    secret = "whsec_" + secrets.token_hex(16)
    os.environ.update(
        STRIPE_SECRET_KEY="sk_test_localstripe",
        STRIPE_API_BASE=base,
        STRIPE_WEBHOOK_SECRET=secret,
    )
    register_webhook(base, "attune", f"{api}/payments/webhook", secret)


def _start_local_s3(ports: Ports) -> None:
    """No RECORDINGS_BUCKET: a moto S3 server on loopback with a bucket, for recordings."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = ports.pick("S3 (moto)", "LOCAL_S3_PORT", 9100)
    ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False).start()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.update(
        AWS_ENDPOINT_URL_S3=f"http://127.0.0.1:{port}", RECORDINGS_BUCKET="attune-local-recordings"
    )
    boto3.client("s3").create_bucket(Bucket="attune-local-recordings")


def _start_schedules() -> list[str]:
    """EventBridge, locally: every scheduled function on its template rate, through its real
    handler (local/schedules.py), unless SCHEDULES=off. What runs, for the banner."""
    if os.environ.get("SCHEDULES", "on").lower() in {"off", "0", "no", "false"}:
        return [
            "off (SCHEDULES=off); run one: make invoke FUNCTION=<dir> EVENT=events/schedule.json"
        ]
    from local import schedules

    found = schedules.schedules()
    schedules.start(found, log=lambda line: print(line, flush=True))
    return [s.describe() for s in found]


def banner(
    api: str,
    database: str,
    ports: Ports,
    schedules: list[str],
    demo: str | None,
    lambda_path: bool = True,
) -> str:
    """Everything a newcomer needs, once, when the server is ready."""
    from local.demo import DEMO_PASSWORD
    from local.runenv import RUN_ENV

    stripe = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com (your STRIPE_SECRET_KEY)")
    s3 = os.environ.get("AWS_ENDPOINT_URL_S3", "AWS S3")
    lines = [
        "",
        "=" * 78,
        f"  Attune is ready: {api}",
        "    gateway      "
        + (
            "each request → an API Gateway v2 event → the function's Lambda handler"
            " (LOCAL_GATEWAY=asgi: straight to its app)"
            if lambda_path
            else "straight to each function's app (LOCAL_GATEWAY=asgi)"
        ),
        f"    API docs     {api}/docs  {api}/redoc  (OpenAPI: {api}/openapi.json)",
        f"    verify/reset {api}/verify-email?token=…  {api}/reset-password?token=…",
        f"    localstripe  {stripe}  (webhook → {api}/payments/webhook)",
        f"    S3           {s3}  bucket {os.environ.get('RECORDINGS_BUCKET', '')}",
        f"    database     {database}",
        f"    emails       {os.environ.get('OUTBOX_DIR')}/*.eml",
        f'    settings     {RUN_ENV}  (eval "$(make -s env)" for API, STRIPE_*, DATABASE_URL)',
    ]
    if demo is not None:
        lines += [
            f"  Demo logins (password {DEMO_PASSWORD}): client@demo.example.com,",
            "    admin@demo.example.com, and therapists such as lena.hartmann@demo.example.com",
            f"  ({demo}); the whole story: make demo",
        ]
    lines.append("  Schedules (local EventBridge, real handlers):")
    lines += [f"    {line}" for line in schedules]
    if ports.moved:
        lines.append("  Ports moved (the usual ones were taken):")
        lines += [f"    {line}" for line in ports.moved]
    lines += ["=" * 78, ""]
    return "\n".join(lines)


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


def _when_started(server: uvicorn.Server, text: str) -> None:
    """Print `text` once uvicorn listens (it logs its own lines first)."""

    def wait() -> None:
        while not server.started:
            if server.should_exit:
                return
            time.sleep(0.05)
        print(text, flush=True)

    threading.Thread(target=wait, name="banner", daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=None, help="default PORT, else 3000")
    parser.add_argument("--no-demo", action="store_true", help="skip loading demo data")
    args = parser.parse_args()

    from local.devdb import DATA_DIR, DEFAULT_PORT, DEV_PORT_FILE, ensure_dev_database

    ports = Ports()
    port = args.port if args.port is not None else ports.pick("API", "PORT", 3000)
    api = f"http://{args.host}:{port}"
    os.environ.setdefault("EMAIL_BACKEND", "file")
    os.environ.setdefault("OUTBOX_DIR", str(DATA_DIR / "outbox"))
    os.environ.setdefault("PUBLIC_BASE_URL", api)
    os.environ.setdefault("APP_BASE_URL", api)
    # Powertools would print a CloudWatch metrics blob after every request and scheduled run.
    os.environ.setdefault(
        "POWERTOOLS_METRICS_DISABLED", "true"
    )  # the front-end's pages: local/pages.py, here

    print("starting: the database (embedded PostgreSQL)…", flush=True)
    given = bool(os.environ.get("DATABASE_URL"))
    database = ensure_dev_database()
    from sqlalchemy.engine import make_url

    db_port = make_url(database).port
    if not given and db_port and db_port != DEFAULT_PORT:
        ports.moved.append(f"database {DEFAULT_PORT} → {db_port} (kept in {DEV_PORT_FILE})")

    if not os.environ.get("STRIPE_SECRET_KEY"):
        print("starting: localstripe (the Stripe emulator)…", flush=True)
        _start_local_stripe(api, ports)
    if not os.environ.get("RECORDINGS_BUCKET"):
        print("starting: S3 (moto) for recordings…", flush=True)
        _start_local_s3(ports)
    from local import runenv

    runenv.write(api)

    from shared.migrate import upgrade

    print("starting: migrations…", flush=True)
    upgrade()
    demo = None
    if not args.no_demo:
        from local.demo import load_demo_data

        print("starting: demo data…", flush=True)
        demo = load_demo_data()

    import uvicorn

    from local.server import LocalGateway

    running = _start_schedules()
    # As `sam local start-api`: each request an API Gateway v2 event for the function's handler.
    lambda_path = os.environ.get("LOCAL_GATEWAY", "lambda").lower() != "asgi"
    gateway = LocalGateway(lambda_path=lambda_path)
    server = uvicorn.Server(server_config(gateway, args.host, port))
    _when_started(server, banner(api, database, ports, running, demo, lambda_path))
    server.run()


if __name__ == "__main__":
    main()
