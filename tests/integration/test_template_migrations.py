"""Deploys migrate before new code goes live: the `DatabaseMigration` custom resource runs the
migrate function, every other function waits for it, and CloudFormation is always answered."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from local.functions import load_module
from local.invoke import LocalContext
from local.template import function_for_dir, load_template
from shared import migrate


def test_the_template_migrates_to_the_newest_revision_before_any_function() -> None:
    resources = load_template()["Resources"]
    assert resources["DatabaseMigration"]["Properties"]["SchemaHead"] == migrate.head_revision()
    for name, resource in resources.items():
        if resource["Type"] == "AWS::Serverless::Function" and name != "MigrateFunction":
            assert resource.get("DependsOn") == "DatabaseMigration", name


@pytest.fixture
def cloudformation() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A stand-in for the presigned URL CloudFormation waits on; what was PUT to it."""
    answers: list[dict[str, Any]] = []

    class Answer(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            answers.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/answer?X-Amz-Signature=x", answers
    server.shutdown()


def _invoke(event: dict[str, Any]) -> Any:
    function = function_for_dir("migrate")
    handler = getattr(load_module(function), function.handler)
    return handler(event, LocalContext(function_name=function.logical_id))


def _event(kind: str, url: str) -> dict[str, Any]:
    return {"RequestType": kind, "ResponseURL": url, "StackId": "arn:stack/attune",
            "RequestId": "r-1", "LogicalResourceId": "DatabaseMigration",
            "ResourceProperties": {"SchemaHead": migrate.head_revision()}}  # fmt: skip


def test_a_deploy_migrates_and_is_told(cloudformation: tuple[str, list[dict[str, Any]]]) -> None:
    url, answers = cloudformation
    _invoke(_event("Update", url))
    [answer] = answers
    assert answer["Status"] == "SUCCESS"
    assert answer["Data"]["To"] == migrate.head_revision()
    assert answer["PhysicalResourceId"] == "attune-database-schema"


def test_a_failed_migration_fails_the_deploy_and_a_delete_changes_nothing(
    cloudformation: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, answers = cloudformation

    def broken(revision: str = "head") -> None:
        raise RuntimeError("relation already exists")

    monkeypatch.setattr(migrate, "upgrade", broken)
    _invoke(_event("Update", url))
    _invoke(_event("Delete", url))  # never a downgrade: the data outlives the stack
    assert [a["Status"] for a in answers] == ["FAILED", "SUCCESS"]
    assert "relation already exists" in answers[0]["Reason"]
