"""`make run`: database up, migrated, demo data loaded, every route served on 127.0.0.1:3000."""

from __future__ import annotations

import argparse
import os


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

    from shared.migrate import upgrade

    upgrade()
    if not args.no_demo:
        from local.demo import load_demo_data

        print(load_demo_data(), flush=True)

    import uvicorn

    from local.server import LocalGateway

    print(f"serving on http://{args.host}:{args.port}  (docs: /docs)", flush=True)
    uvicorn.run(LocalGateway(), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
