"""Lambda entry for SES's bounce and complaint notifications (through SNS): a permanent bounce
or a complaint stops further mail to that address."""

from typing import Any

from shared.domain.email_feedback import handle_sns
from shared.observability import logger, traced_handler


@traced_handler
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return handle_sns(event)
