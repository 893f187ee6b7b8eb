"""Real Lambda handlers invoked with the sample events from events/, end to end to the database."""

from __future__ import annotations

import json

from local.functions import load_module
from local.invoke import LocalContext
from local.template import function_for_dir
from tests.helpers import EVENTS, invoke


def test_health_through_the_auth_lambda_handler() -> None:
    result = invoke("auth", "health.json")
    assert result["statusCode"] == 200
    assert json.loads(str(result["body"])) == {"status": "ok", "database": "ok"}
    headers = result["headers"]
    assert isinstance(headers, dict)
    assert headers["content-type"] == "application/json"


def test_unknown_path_through_a_handler_is_a_json_404() -> None:
    event = json.loads((EVENTS / "health.json").read_text())
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/nope"
    function = function_for_dir("auth")
    handler = getattr(load_module(function), function.handler)
    result = handler(event, LocalContext(function_name=function.logical_id))
    assert result["statusCode"] == 404
    assert json.loads(result["body"])["code"] == "not_found"


def test_migrate_handler_reports_the_head_revision() -> None:
    result = invoke("migrate", "migrate.json")
    assert result["to"] == result["from"]  # the test database is already at head
    assert result["to"]


def test_scheduled_handlers_run_against_the_database() -> None:
    for name in ("reminders", "holds", "recording_expiry"):
        result = invoke(name, "schedule.json")
        assert result["job"] == name
        assert "ran_at" in result
