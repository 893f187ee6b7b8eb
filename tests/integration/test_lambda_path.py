"""The local gateway's Lambda path (what `make run` serves): requests as API Gateway v2 events
into the functions' real handlers, answers back as HTTP."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from local.lambda_path import http_api_event
from local.template import Route
from tests.helpers import verified_user


@pytest.fixture(scope="module")
def lambda_gateway() -> object:
    from local.server import LocalGateway

    return LocalGateway(lambda_path=True)


@pytest.fixture
def via_lambda(lambda_gateway: object) -> Iterator[TestClient]:
    with TestClient(lambda_gateway, base_url="http://testserver") as client:  # type: ignore[arg-type]
        yield client


def test_the_event_is_what_api_gateway_sends() -> None:
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/entries/abc/matches",
        "raw_path": b"/entries/abc/matches",
        "query_string": b"a=1&a=2",
        "headers": [
            (b"Content-Type", b"application/json"),
            (b"x-many", b"one"),
            (b"x-many", b"two"),
            (b"cookie", b"a=1; b=2"),
            (b"x-forwarded-for", b"198.51.100.7"),
        ],
        "client": ("127.0.0.9", 5555),
    }
    route = Route("MatchingFunction", "POST", "/entries/{id}/matches")
    event = http_api_event(scope, b"\xff\x00", route)
    assert event["version"] == "2.0"
    assert event["routeKey"] == "POST /entries/{id}/matches"
    assert event["pathParameters"] == {"id": "abc"}
    assert event["rawQueryString"] == "a=1&a=2"
    assert event["headers"]["x-many"] == "one,two"
    assert event["headers"]["content-type"] == "application/json"
    assert event["cookies"] == ["a=1", "b=2"]
    assert event["requestContext"]["http"]["sourceIp"] == "127.0.0.9"  # never X-Forwarded-For
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\xff\x00"


def test_health_docs_and_404_through_the_handlers(via_lambda: TestClient) -> None:
    assert via_lambda.get("/health").json() == {"status": "ok", "database": "ok"}
    assert via_lambda.get("/docs").status_code == 200
    missing = via_lambda.get("/definitely/not/here")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    answer = via_lambda.get("/health")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_client_registers_verifies_and_writes_through_the_handlers(
    via_lambda: TestClient, outbox: Path
) -> None:
    headers = verified_user(via_lambda, outbox, "lambda-path@example.com")
    entry = via_lambda.post("/entries", headers=headers, json={"content": "Sleepless nights."})
    assert entry.status_code == 201, entry.text
    again = via_lambda.get(f"/entries/{entry.json()['id']}", headers=headers)
    assert again.status_code == 200 and again.json()["content"] == "Sleepless nights."
    assert (
        via_lambda.post(
            "/auth/register", content=b"{nope", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )
    assert via_lambda.post("/auth/register", json={}).status_code == 422
