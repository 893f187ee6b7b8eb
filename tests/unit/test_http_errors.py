"""The app factory's one error mapping, exercised through a small app built with it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel
from starlette.testclient import TestClient

from shared.errors import Conflict, NotFound, Throttled
from shared.http.app import create_app

router = APIRouter()


class Body(BaseModel):
    name: str
    at: AwareDatetime


@router.post("/echo")
def echo(body: Body) -> dict[str, str]:
    return {"name": body.name, "at": body.at.isoformat()}


@router.get("/missing")
def missing() -> None:
    raise NotFound("No such thing.")


@router.get("/conflict")
def conflict() -> None:
    raise Conflict("Taken.", code="email_taken")


@router.get("/throttled")
def throttled() -> None:
    raise Throttled("Slow down.", retry_after=42, code="too_many_attempts")


@router.get("/boom")
def boom() -> None:
    raise RuntimeError("bug")


@pytest.fixture(scope="module")
def app_client() -> TestClient:
    return TestClient(create_app("errors-test", router), raise_server_exceptions=False)


def test_valid_body_passes(app_client: TestClient) -> None:
    response = app_client.post("/echo", json={"name": "x", "at": "2026-11-22T10:00:00+01:00"})
    assert response.status_code == 200
    assert datetime.fromisoformat(response.json()["at"]).utcoffset() is not None


def test_malformed_json_is_400(app_client: TestClient) -> None:
    response = app_client.post(
        "/echo", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_naive_time_is_422(app_client: TestClient) -> None:
    response = app_client.post("/echo", json={"name": "x", "at": "2026-11-22T10:00:00"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert "at" in body["detail"]


def test_domain_errors_map_to_status_and_code(app_client: TestClient) -> None:
    assert app_client.get("/missing").json() == {"detail": "No such thing.", "code": "not_found"}
    response = app_client.get("/conflict")
    assert (response.status_code, response.json()["code"]) == (409, "email_taken")


def test_throttled_carries_retry_after(app_client: TestClient) -> None:
    response = app_client.get("/throttled")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "42"
    assert response.json()["code"] == "too_many_attempts"


def test_body_over_one_mebibyte_is_413(app_client: TestClient) -> None:
    big = b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'", "at": "2026-11-22T10:00:00Z"}'
    response = app_client.post("/echo", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_streamed_body_over_the_limit_is_413(app_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the middleware must count
        for _ in range(20):
            yield b"x" * (64 * 1024)

    response = app_client.post(
        "/echo", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_unexpected_error_is_a_json_500_not_a_traceback(app_client: TestClient) -> None:
    response = app_client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Something went wrong on our side.",
        "code": "internal_error",
    }
