"""Run the Alembic revisions programmatically (the migrate Lambda, the local tools, the tests)."""

from __future__ import annotations

import json
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
    """Bring the database up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(), revision)  # type: ignore[arg-type]


def downgrade(revision: str = "base") -> None:
    """Take the database down to `revision`."""
    from alembic import command

    command.downgrade(alembic_config(), revision)  # type: ignore[arg-type]


def current_revision() -> str | None:
    from alembic.runtime.migration import MigrationContext

    from shared.db import get_engine

    with get_engine().connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


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
