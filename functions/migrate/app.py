"""Lambda entry that brings the database schema to the latest Alembic revision.

CloudFormation calls it on every deploy that brings a new revision, as the custom resource
`DatabaseMigration` (template.yaml): the functions depend on that resource, so the schema is
migrated before any new code goes live, and a failed migration rolls the deploy back. Invoked
directly (`aws lambda invoke`), it migrates and answers {"from", "to"}.
"""

from typing import Any

from shared.migrate import answer_cloudformation, current_revision, upgrade
from shared.observability import logger, traced_handler


@traced_handler
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if "RequestType" in event and "ResponseURL" in event:
        return answer_cloudformation(event, context)
    before = current_revision()
    upgrade(str(event.get("revision", "head")))
    after = current_revision()
    logger.info("migrated", extra={"from": before, "to": after})
    return {"from": before, "to": after}
