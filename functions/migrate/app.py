"""Lambda entry that brings the database schema to the latest Alembic revision.

The operator invokes it once after each deploy (see docs/deploy.md).
"""

from typing import Any

from shared.migrate import current_revision, upgrade
from shared.observability import logger


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    before = current_revision()
    upgrade(str(event.get("revision", "head")))
    after = current_revision()
    logger.info("migrated", extra={"from": before, "to": after})
    return {"from": before, "to": after}
