"""The database engine and the one way to get a session.

One engine per Lambda container, created lazily at first use, with a small pool; each checkout
opens the transaction, which is also the liveness check. RDS Proxy does the real pooling. The
application connects as the application role (`APP_ROLE`, made by migration 0015 with only the
privileges the product needs); the schema's owner (the RDS master user, DATABASE_URL's user
locally) only migrates (`owner_engine`). Credentials: locally DATABASE_URL, with the application
role's name in place of its user; in AWS the APP_DB_SECRET_ARN secret (the master's,
DB_SECRET_ARN, only in the migrate function), read through Powertools Parameters and cached for
SECRET_MAX_AGE_SECONDS.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, NullPool, create_engine, event, text
from sqlalchemy.dialects import registry
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from shared.config import get_settings
from shared.observability import logger, trace_statements

# The role the functions connect as (migrations/versions/0015_app_role.py makes it; the app
# secret in template.yaml names it).
APP_ROLE = "attune_app"
# pg8000's socket timeout: a read that waits longer than this gives up. The application role's
# statement_timeout (0015) is a second under it, so PostgreSQL cancels a runaway statement and
# answers, and the connection stays in step, before the client would give up on the socket.
CLIENT_TIMEOUT_SECONDS = 10

DRIVER = "postgresql+attune_pg8000"


# Registered by name, imported when the first engine is made: the dialect's module imports the
# whole PostgreSQL dialect package, which functions that never connect do not need.
registry.register("postgresql.attune_pg8000", "shared.pg8000_dialect", "AttunePg8000Dialect")

_engine: Engine | None = None
_session_factory: sessionmaker[Session] | None = None
_lock = threading.Lock()


def normalise_database_url(url: str) -> str:
    """Force the pure-Python pg8000 driver (through `AttunePg8000Dialect`), whatever scheme the
    URL was written with."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError("Attune runs on PostgreSQL only")
    return parsed.set(drivername=DRIVER).render_as_string(hide_password=False)


def secret_credentials(secret_arn: str) -> dict[str, Any]:
    """A database secret's JSON (`username`, `password`, and `host`, `port`, `dbname` where
    given), cached by Powertools for the secrets' max age, so a rotated password reaches warm
    containers."""
    # Imported here: only AWS containers need Powertools Parameters (and boto3) for this.
    from aws_lambda_powertools.utilities import parameters

    max_age = get_settings().secret_max_age_seconds
    secret: dict[str, Any] = parameters.get_secret(secret_arn, transform="json", max_age=max_age)
    return secret


def _url_from_secret(secret_arn: str) -> str:
    secret = secret_credentials(secret_arn)
    user = quote(str(secret["username"]), safe="")
    password = quote(str(secret["password"]), safe="")
    # The secret may name the instance; the functions reach it only through RDS Proxy (DB_HOST).
    host = get_settings().db_host or secret["host"]
    return (
        f"{DRIVER}://{user}:{password}@{host}:{secret.get('port', 5432)}/"
        f"{secret.get('dbname', 'attune')}"
    )


def compact_sql(sql: str) -> str:
    """`sql` with each run of whitespace outside string literals made one space: pg8000 scans a
    statement's text character by character on every execution (to number its parameters), so
    the indentation of a long hand-written statement costs on every request."""
    if "--" in sql:
        raise ValueError("compact_sql: no -- comments (they would swallow the joined lines)")
    parts = sql.split("'")  # even parts are outside literals ('' inside one splits evenly)
    return "'".join(
        re.sub(r"\s+", " ", p) if i % 2 == 0 else p for i, p in enumerate(parts)
    ).strip()


def database_url() -> str:
    """The URL the application connects with: as the application role."""
    settings = get_settings()
    if settings.database_url:
        owner = make_url(normalise_database_url(settings.database_url))
        app: URL = owner.set(username=APP_ROLE, password=settings.app_db_password)
        return app.render_as_string(hide_password=False)
    if settings.app_db_secret_arn:
        return _url_from_secret(settings.app_db_secret_arn)
    raise RuntimeError(
        "No database configured: set DATABASE_URL (the local tools set it for the embedded "
        "PostgreSQL) or APP_DB_SECRET_ARN in AWS."
    )


def owner_database_url() -> str:
    """The URL of the schema's owner, which migrations connect with."""
    settings = get_settings()
    if settings.database_url:
        return normalise_database_url(settings.database_url)
    if settings.db_secret_arn:
        return _url_from_secret(settings.db_secret_arn)
    raise RuntimeError(
        "No owner credentials: set DATABASE_URL locally or DB_SECRET_ARN (the migrate function)."
    )


def _answered_by_the_server(context: ExceptionContext) -> bool:
    """True when the error is the server's own answer (an ErrorResponse with its SQLSTATE, which
    pg8000 raises only once it has read on to ReadyForQuery): the protocol is then in step, and
    the transaction's rollback is all it takes. Anything else - a value the driver cannot
    encode, a row it cannot decode, an interrupted read - may leave messages half sent or
    unread on the socket."""
    error = context.original_exception
    details = error.args[0] if isinstance(error, Exception) and error.args else None
    return (
        isinstance(error, context.dialect.loaded_dbapi.DatabaseError)
        and isinstance(details, dict)
        and bool(details.get("C"))
    )


def _discard_connection_out_of_step(context: ExceptionContext) -> None:
    """`handle_error` hook: after an error raised while a statement was in flight that the
    server did not answer, the connection is invalidated (closed, replaced on next checkout)
    instead of going back to the pool out of step with the server, where the next request -
    of any user - would read stale answers and fail. Only this connection: the others in the
    pool are fine. Pre-ping and connect errors are the pool's own business."""
    if context.is_pre_ping or context.connection is None or context.is_disconnect:
        return  # a disconnect SQLAlchemy recognised is discarded already, with the pool
    if _answered_by_the_server(context):
        return
    logger.warning(
        "database connection discarded after an error mid-statement",
        extra={"error": type(context.original_exception).__name__},
    )
    context.is_disconnect = True
    context.invalidate_pool_on_disconnect = False


def _connect_without_delay(dialect: Any, record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
    """`do_connect` hook: connect pg8000 over a TCP socket with TCP_NODELAY set (pg8000 never
    sets it, but its `Connection` takes a ready socket, `sock`). Without it, a statement whose
    messages pass the kernel's coalescing threshold (a long array or a vector bind) waits ~40 ms
    for a delayed ACK. TLS is negotiated over the socket as usual. The socket is kept in the
    connection's `info`, for the tests to check."""
    if "unix_sock" in cparams:
        return None  # the dialect's own connect
    sock = socket.create_connection(
        (cparams.get("host", "localhost"), int(cparams.get("port", 5432))),
        cparams.get("timeout"),
    )
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    record.info["socket"] = sock
    try:
        return dialect.loaded_dbapi.Connection(*cargs, sock=sock, **cparams)
    except BaseException:  # not swallowed: the socket is closed, the failure goes on
        sock.close()
        raise


def _begin_on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """`checkout` hook: open the transaction as the connection leaves the pool, one simple
    query that is also the liveness check (SQLAlchemy's pessimistic disconnect handling): a
    connection that died in the pool (a failover, an idle timeout, a frozen Lambda container)
    fails here, before anything was sent, and DisconnectionError makes the pool replace it and
    try again. So a transaction costs BEGIN and COMMIT, a round trip each, and no ping.

    pg8000 would otherwise send its own BEGIN before the first statement; with `autocommit`
    on for this one statement it sends ours as it is, and then sees the transaction open."""
    cursor = dbapi_connection.cursor()
    dbapi_connection.autocommit = True
    try:
        cursor.execute("BEGIN")
    except Exception as error:
        raise DisconnectionError("the pooled connection is gone") from error
    finally:
        dbapi_connection.autocommit = False
        cursor.close()


def _connect_args() -> dict[str, Any]:
    settings = get_settings()
    connect_args: dict[str, Any] = {"timeout": CLIENT_TIMEOUT_SECONDS}
    if not settings.database_url:
        connect_args["ssl_context"] = True  # RDS Proxy requires TLS
    return connect_args


def _current_password(secret_arn: str) -> Any:
    def hook(dialect: Any, record: Any, cargs: Any, cparams: dict[str, Any]) -> None:
        """`do_connect` hook (AWS): each new connection logs in with the secret's password as
        it is now (cached for the max age), so a rotated password reaches warm containers
        (pool_recycle renews every connection within five minutes)."""
        cparams["password"] = str(secret_credentials(secret_arn)["password"])

    return hook


def _listen(engine: Engine, secret_arn: str | None = None) -> Engine:
    event.listen(engine, "handle_error", _discard_connection_out_of_step)
    if secret_arn:  # before the hook that connects: do_connect hooks run in order
        event.listen(engine, "do_connect", _current_password(secret_arn))
    event.listen(engine, "do_connect", _connect_without_delay)
    event.listen(engine, "checkout", _begin_on_checkout)
    trace_statements(engine)
    return engine


def get_engine() -> Engine:
    """The engine of this container (as the application role), created on first use."""
    global _engine, _session_factory
    if _engine is None:
        with _lock:
            if _engine is None:
                settings = get_settings()
                _engine = _listen(
                    create_engine(
                        database_url(),
                        pool_size=settings.db_pool_size,
                        max_overflow=settings.db_max_overflow,
                        pool_recycle=300,
                        connect_args=_connect_args(),
                    ),
                    None if settings.database_url else settings.app_db_secret_arn,
                )
                _session_factory = sessionmaker(_engine, expire_on_commit=False)
    return _engine


def owner_engine() -> Engine:
    """An engine that connects as the schema's owner, without a pool (migrations and the
    application role's login: one-off work). The caller disposes of it."""
    return _listen(
        create_engine(owner_database_url(), poolclass=NullPool, connect_args=_connect_args())
    )


def reset_engine() -> None:
    """Drop the engine and its connections (tests that switch databases or roles)."""
    global _engine, _session_factory
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None
        _session_factory = None


@contextmanager
def get_session() -> Iterator[Session]:
    """A session inside one transaction: committed when the block ends, rolled back on error.

    Each domain use case runs in exactly one of these, so a failure never half-applies a change.
    Every statement in it is bounded by the application role's statement_timeout, a second
    under the client's socket timeout (`CLIENT_TIMEOUT_SECONDS`).
    """
    # statement_timeout is the role's default (ALTER ROLE ... SET, migration 0015), not a
    # `SET LOCAL` here nor the `options` startup parameter: RDS Proxy refuses connections that
    # carry `options`, and a SET LOCAL would be one more statement (a round trip) in every
    # transaction. The role's default costs nothing per transaction and never pins the proxy:
    # PostgreSQL applies it to each session the role opens, the proxy's own included.
    get_engine()
    assert _session_factory is not None
    with _session_factory() as session, session.begin():
        yield session


def database_is_up() -> bool:
    """True when a trivial query round-trips to the database."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
