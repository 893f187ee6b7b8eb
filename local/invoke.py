"""`make invoke FUNCTION=<name> EVENT=<file>`: run one function's Lambda handler with a sample
event, against the same database as `make run` (it may be serving at the same time)."""

from __future__ import annotations

import argparse
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LocalContext:
    """The parts of the Lambda context object that Powertools and Mangum read."""

    function_name: str
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:local"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("function", help="a directory under functions/ (or a logical id)")
    parser.add_argument("event", type=Path, help="a JSON event, e.g. events/health.json")
    args = parser.parse_args()

    from local.devdb import ensure_dev_database
    from local.runenv import adopt_for_handlers

    adopt_for_handlers()  # what a serving `make run` set up: its localstripe, its S3, its outbox
    ensure_dev_database()

    from local.functions import load_module
    from local.template import function_for_dir

    function = function_for_dir(args.function)
    handler = getattr(load_module(function), function.handler)
    event = json.loads(args.event.read_text())
    result = handler(event, LocalContext(function_name=function.logical_id))
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
