"""The wrapper every EventBridge-scheduled function uses: logging context, metrics, a summary.

Scheduled functions import no FastAPI: their cold start is the database stack alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from shared import clock, outbox
from shared.observability import logger, metrics, traced_handler

Job = Callable[[datetime], Mapping[str, int]]


def scheduled_handler(name: str, job: Job) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """A Lambda handler that runs `job(now)` and returns (and logs) its counts. The outbox
    effects the job committed (refunds, emails) are tried once as it finishes."""

    @traced_handler
    @metrics.log_metrics
    @logger.inject_lambda_context
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        started = clock.now()
        with outbox.collecting() as committed:
            counts = dict(job(started))
        if committed:
            outbox.deliver_committed(committed)
        logger.info("scheduled job finished", extra={"job": name, **counts})
        return {"job": name, "ran_at": started.isoformat(), **counts}

    return handler
