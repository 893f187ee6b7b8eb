"""`make run`: database up, migrated, demo data loaded, every route served on 127.0.0.1:3000."""

from __future__ import annotations

import argparse
import os


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
