"""`make db-start` / `make db-stop` / `make migrate`: the local database by hand."""

from __future__ import annotations

import sys


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    from local.devdb import dev_server, ensure_dev_database

    if command == "start":
        print(ensure_dev_database())
    elif command == "stop":
        dev_server().stop()
        print("stopped")
    elif command == "migrate":
        ensure_dev_database()
        from shared.migrate import upgrade

        upgrade()
    elif command == "url":
        print(ensure_dev_database())
    else:
        raise SystemExit(f"unknown command {command!r}: start, stop, migrate, url")


if __name__ == "__main__":
    main()
