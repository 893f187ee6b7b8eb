"""X-Ray tracing as it runs in AWS. With POWERTOOLS_TRACE_DISABLED=false inside Lambda (as
template.yaml sets it), a function's run reaches the X-Ray daemon: the handler as a subsegment,
each SQL statement as one, each AWS call (boto3, patched) as one. A fresh interpreter loads the
function as Lambda would, and a UDP socket here stands in for the daemon. With tracing off
(locally, in tests) the SDK is not even imported: tests/test_cold_imports.py checks that."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from local.template import ROOT, functions

_RUN = """
import importlib.util, json, sys
sys.path.insert(0, '.')
spec = importlib.util.spec_from_file_location('fn', sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

class Context:
    function_name = 'holds'
    memory_limit_in_mb = 128
    invoked_function_arn = 'arn:aws:lambda:eu-west-1:123456789012:function:holds'
    aws_request_id = 'request-1'

answer = module.handler({}, Context())
# An AWS call through the patched botocore (nothing listens there: the call fails, traced).
import boto3
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:9', region_name='eu-west-1',
                  config=Config(retries={'max_attempts': 1}, connect_timeout=1))
try:
    s3.list_buckets()
except Exception:
    pass
print('ANSWER ' + json.dumps(answer))
"""

TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793"


@pytest.fixture
def daemon() -> Iterator[socket.socket]:
    """A UDP socket where the X-Ray SDK sends its segment documents."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        udp.settimeout(0.5)
        yield udp


def _documents(udp: socket.socket) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        try:
            datagram = udp.recv(65536)
        except TimeoutError:  # half a second of quiet after the run: all arrived
            return found
        _header, _, body = datagram.decode().partition("\n")
        found.append(json.loads(body))


def test_a_traced_run_sends_the_handler_its_statements_and_aws_calls(
    daemon: socket.socket, database: str
) -> None:
    holds = next(f for f in functions().values() if f.code_dir.name == "holds")
    host, port = daemon.getsockname()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": database,
        "POWERTOOLS_TRACE_DISABLED": "false",
        "POWERTOOLS_SERVICE_NAME": "holds",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "LAMBDA_TASK_ROOT": str(ROOT),
        "AWS_LAMBDA_FUNCTION_NAME": "holds",
        "AWS_XRAY_DAEMON_ADDRESS": f"{host}:{port}",
        "_X_AMZN_TRACE_ID": f"Root={TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    result = subprocess.run(
        [sys.executable, "-c", _RUN, str(holds.code_dir / f"{holds.module}.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = next(line for line in result.stdout.splitlines() if line.startswith("ANSWER "))
    assert json.loads(answer.removeprefix("ANSWER "))["job"] == "holds"

    documents = _documents(daemon)
    assert documents and {d["trace_id"] for d in documents} == {TRACE_ID}
    names = [d["name"] for d in documents]
    assert "## handler" in names
    statements = [d for d in documents if d["name"] == "database"]
    assert statements, names
    assert all(d["namespace"] == "remote" for d in statements)
    assert any("appointments" in d["metadata"]["database"]["sql"] for d in statements)
    # The handler's answer is never put in a trace (it can hold personal data).
    handler = next(d for d in documents if d["name"] == "## handler")
    assert "holds" not in json.dumps(handler.get("metadata", {}))
    s3 = [d for d in documents if d["name"] == "s3"]
    assert s3 and s3[0]["namespace"] == "aws" and s3[0]["aws"]["operation"] == "ListBuckets"
