"""Run the Alembic revisions programmatically (the migrate Lambda, the local tools, the tests),
as the schema's owner, and open the application role's login."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

# In the repository and in the Lambda layer alike, migrations/ sits beside the shared package.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> object:
    from alembic.config import Config

    ini = MIGRATIONS_DIR.parent / "alembic.ini"
    config = Config(str(ini)) if ini.exists() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(revision: str = "head") -> None:
    """Bring the database up to `revision`, then let the application role log in (once a
    revision made it) with its current password."""
    from alembic import command

    command.upgrade(alembic_config(), revision)  # type: ignore[arg-type]
    open_app_login()


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = 4096) -> str:
    """What PostgreSQL stores for `password` under SCRAM-SHA-256 (RFC 5803, as `psql`'s
    \\password computes it): the password itself never reaches the server, nor its logs."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    stored_key = hashlib.sha256(hmac.digest(salted, b"Client Key", "sha256")).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def app_password() -> str | None:
    """The application role's password: the app secret's in AWS, APP_DB_PASSWORD locally (none
    for the embedded PostgreSQL, which trusts local connections)."""
    from shared.config import get_settings
    from shared.db import secret_credentials

    settings = get_settings()
    if settings.app_db_secret_arn and not settings.database_url:
        return str(secret_credentials(settings.app_db_secret_arn)["password"])
    return settings.app_db_password


def open_app_login() -> None:
    """Give the application role LOGIN and its password (from the app secret, which the
    migrate function may read; the password is never in git nor in a migration). Nothing to do
    before migration 0015 made the role, nor when it logs in already and there is no password
    to set (the tests' runs side by side share the role: no needless ALTER ROLE between them)."""
    from sqlalchemy import text

    from shared.db import APP_ROLE, owner_engine

    password = app_password() or None
    engine = owner_engine()
    try:
        with engine.begin() as connection:
            can_login = connection.execute(
                text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :role"), {"role": APP_ROLE}
            ).scalar()
            if can_login is None or (can_login and password is None):
                return
            # The statement is built by the server (%I, %L): ALTER ROLE takes no parameters.
            alter = "ALTER ROLE %I WITH LOGIN" + (" PASSWORD %L" if password else "")
            statement = connection.execute(
                text("SELECT format(:alter, CAST(:role AS text), CAST(:verifier AS text))"),
                {
                    "alter": alter,
                    "role": APP_ROLE,
                    "verifier": scram_verifier(password) if password else None,
                },
            ).scalar_one()
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def downgrade(revision: str = "base") -> None:
    """Take the database down to `revision`."""
    from alembic import command

    command.downgrade(alembic_config(), revision)  # type: ignore[arg-type]


def current_revision() -> str | None:
    """The revision the database is at (read as its owner: the application role may not read
    alembic_version)."""
    from alembic.runtime.migration import MigrationContext

    from shared.db import owner_engine

    engine = owner_engine()
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest revision in migrations/ (what a deploy must reach)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head


def answer_cloudformation(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The `DatabaseMigration` custom resource: on Create and Update, upgrade to head; on Delete,
    nothing (a stack never downgrades its data). CloudFormation is always answered, failure
    included — a custom resource left unanswered holds a deploy for an hour."""
    from shared.observability import logger

    status, reason, data = "SUCCESS", "migrated", {}
    try:
        if event["RequestType"] in ("Create", "Update"):
            before = current_revision()
            upgrade("head")
            data = {"From": str(before), "To": str(current_revision())}
            logger.info("migrated by the deploy", extra=data)
    except Exception as error:  # the deploy must hear of it, and roll back
        logger.exception("migration failed")
        status, reason = "FAILED", f"{type(error).__name__}: {error}"[:500]
    body = {
        "Status": status,
        "Reason": f"{reason} (log stream {getattr(context, 'log_stream_name', '?')})",
        "PhysicalResourceId": event.get("PhysicalResourceId") or "attune-database-schema",
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "Data": data,
    }
    _put(str(event["ResponseURL"]), json.dumps(body).encode())
    return body


def _put(url: str, body: bytes) -> None:
    """PUT CloudFormation's answer to the presigned URL it gave (an empty Content-Type, as the
    URL is signed for)."""
    import urllib.request

    request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": ""})
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
