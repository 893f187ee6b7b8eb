"""Powertools logger, metrics and tracer, set up once per process.

Structured JSON logs carry the Lambda request id and the API Gateway correlation id; business
events (user registered, appointment booked, ...) are EMF metrics in the `Attune` namespace.

Tracing (AWS X-Ray through the Powertools Tracer) is on only where the environment turns it on
(POWERTOOLS_TRACE_DISABLED=false, as template.yaml sets it): then every handler is a traced
segment, every SQL statement and Stripe call a subsegment, and boto3 (SES, S3, Bedrock, Secrets
Manager) is patched so each AWS call is one too. Otherwise - locally, in tests - the X-Ray SDK is
never imported and every hook here is a no-op: importing it (and the botocore it loads, which the
functions otherwise import only when they first call AWS) costs a scheduled function's cold start
about 0.15 s of CPU, an API function's a few hundredths (docs/deploy.md).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from shared.config import get_settings

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer
    from sqlalchemy import Engine

_settings = get_settings()
logger = Logger(service=_settings.service_name, level=_settings.log_level)
metrics = Metrics(namespace=_settings.metrics_namespace)


def _build_tracer() -> Tracer | None:
    if _settings.trace_disabled:
        return None
    from aws_lambda_powertools import Tracer

    # boto3 only (SES, S3, Bedrock, Secrets Manager): the X-Ray SDK has botocore loaded
    # already. Stripe and SQL get their own subsegments below, not a patched http.client.
    return Tracer(service=_settings.service_name, patch_modules=("botocore",))


tracer = _build_tracer()

Handler = TypeVar("Handler", bound=Callable[..., Any])


def traced_handler(handler: Handler) -> Handler:
    """The Lambda handler as an X-Ray subsegment (`## handler`, with a ColdStart annotation)
    when tracing is on; the handler itself otherwise."""
    if tracer is None:
        return handler
    # Answers can hold personal data: traces keep their shape, never their content.
    return cast(Handler, tracer.capture_lambda_handler(handler, capture_response=False))


@contextmanager
def subsegment(name: str) -> Iterator[None]:
    """One remote call (`stripe refund`, ...) as an X-Ray subsegment when tracing is on."""
    if tracer is None:
        yield
        return
    with tracer.provider.in_subsegment(name):
        yield


def trace_statements(engine: Engine) -> None:
    """Each SQL statement the engine sends as an X-Ray subsegment (`database`, the statement
    text without its parameters) when tracing is on; nothing otherwise."""
    if tracer is None:
        return
    from aws_xray_sdk.core import xray_recorder
    from sqlalchemy import event

    key = "xray_subsegment"

    def begin(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        segment = xray_recorder.begin_subsegment("database", "remote")
        if segment is not None:
            segment.put_metadata("sql", statement[:1000], "database")
            conn.info[key] = segment

    def end(conn: Any, *_: Any) -> None:
        if conn.info.pop(key, None) is not None:
            xray_recorder.end_subsegment()

    def failed(context: Any) -> None:
        connection = context.connection
        segment = connection.info.pop(key, None) if connection is not None else None
        if segment is not None:
            segment.add_exception(context.original_exception, [])
            xray_recorder.end_subsegment()

    event.listen(engine, "before_cursor_execute", begin)
    event.listen(engine, "after_cursor_execute", end)
    event.listen(engine, "handle_error", failed)


def record_business_event(name: str, count: int = 1) -> None:
    """Count one business event (a metric named after what happened)."""
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=count)


# A function that records no business metric on a request is normal, not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")
