"""Powertools logger and metrics, set up once per process.

Structured JSON logs carry the Lambda request id and the API Gateway correlation id; business
events (user registered, appointment booked, ...) are EMF metrics in the `Attune` namespace.
"""

from __future__ import annotations

import os
import warnings

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "attune"))
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "Attune"))


def record_business_event(name: str, count: int = 1) -> None:
    """Count one business event (a metric named after what happened)."""
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=count)


# A function that records no business metric on a request is normal, not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")
