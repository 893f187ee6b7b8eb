"""Property-based fuzzing of the whole API with schemathesis, from the served OpenAPI document.

The local gateway serves on a real loopback port against the test database, with payments on the
Stripe emulator and recordings presigned for a bucket (presigning needs no S3). schemathesis's
CLI, run in a subprocess as a developer would run it, sends valid and invalid requests to every
operation and fails on any 5xx and on any answer that does not match the document (status code,
content type, body schema). Its report is the assertion message.

Two runs, side by side in two processes, share out the operations by role: as a verified client
(everything but the therapist's own operations), and as a verified therapist with a public profile
and a service (those, plus the appointment operations both sides take part in). A third runs
every check schemathesis has (`--checks all`) on the operations a token is optional for, without
one. The accounts own
real rows (an entry with matches, an appointment, a thread with a message), so lists answer items
and schemathesis's stateful phase has ids to follow. Generation is deterministic (no seed to
drift), with a modest number of examples per operation; the tables are truncated afterwards as
after every test.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from local.devdb import _free_port
from local.localstripe import start as start_stripe_emulator
from tests.factories import World, make_users, make_world
from tests.helpers import environment, serving

# DELETE /me would delete the account a run is authenticated as, halfway through it.
EXCLUDED = {("DELETE", "/me")}
# What only a therapist can do: a client gets a 403 before any of it runs.
THERAPIST_ONLY = {
    ("PUT", "/therapists/me"),
    ("PUT", "/therapists/me/bios/{language_code}"),
    ("PUT", "/therapists/me/availability"),
    ("PUT", "/therapists/me/availability/overrides/{date}"),
    ("DELETE", "/therapists/me/availability/overrides/{date}"),
    ("POST", "/services"),
    ("PATCH", "/services/{id}"),
    ("POST", "/appointments/{id}/confirm"),
    ("POST", "/appointments/{id}/decline"),
    ("POST", "/appointments/{id}/complete"),
    ("POST", "/appointments/{id}/recordings"),
}
# Operations a therapist takes part in as well, with a view of their own.
BOTH_SIDES = {
    ("GET", "/appointments"),
    ("GET", "/appointments/{id}"),
    ("POST", "/appointments/{id}/cancel"),
    ("POST", "/appointments/{id}/reschedule"),
    ("PUT", "/appointments/{id}/notes"),
    ("GET", "/appointments/{id}/recordings"),
}
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
)
EXAMPLES_PER_OPERATION = 15
WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.fixture(scope="module")
def live_api(gateway: object) -> Iterator[str]:
    """The whole API on a loopback port, with Stripe (the emulator) and recordings configured,
    so no operation answers 503 for want of configuration."""
    stripe_port = _free_port()
    emulator = start_stripe_emulator(stripe_port)
    try:
        with environment(
            STRIPE_SECRET_KEY="sk_test_attune",
            STRIPE_API_BASE=f"http://127.0.0.1:{stripe_port}",
            STRIPE_WEBHOOK_SECRET="whsec_" + uuid.uuid4().hex,
            RECORDINGS_BUCKET="attune-fuzz-recordings",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_SESSION_TOKEN=None,
            AWS_PROFILE=None,
            AWS_DEFAULT_REGION="us-east-1",
        ), serving(gateway, _free_port()) as api:  # fmt: skip
            yield api
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)


@pytest.fixture
def world(live_api: str, client: TestClient, outbox: Path) -> World:
    return make_world(client, outbox)


def _optional_auth(document: dict[str, object]) -> list[str]:
    """The operations a token is optional for (security `[{}, {HTTPBearer: []}]`)."""
    return sorted(
        operation["operationId"]
        for operations in document["paths"].values()  # type: ignore[attr-defined]
        for operation in operations.values()
        if {} in (operation.get("security") or [])
    )


def _operation_ids(gateway: object, role: str) -> tuple[str, list[str]]:
    """The selection of operations for a role's run: ("include"|"exclude", operation ids)."""
    document = gateway.openapi()  # type: ignore[attr-defined]
    if role == "anonymous":
        return "include", _optional_auth(document)
    ids = {
        (method.upper(), path): operation["operationId"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    assert set(ids) >= EXCLUDED | THERAPIST_ONLY | BOTH_SIDES, "a listed operation is gone"
    if role == "client":
        return "exclude", sorted(ids[key] for key in EXCLUDED | THERAPIST_ONLY)
    return "include", sorted(ids[key] for key in THERAPIST_ONLY | BOTH_SIDES)


def _schemathesis(
    base_url: str,
    headers: dict[str, str],
    selection: tuple[str, list[str]],
    output: Path,
    checks: str = ",".join(CHECKS),
    exclude_checks: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start one schemathesis run, its report going to `output`."""
    mode, operation_ids = selection
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        checks,
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--generation-deterministic",
        # One worker: its threads would race in CPython 3.11's ast.parse (hypothesis describes
        # strategies from source), a crash of the tool, not of the API. The two runs go side by
        # side instead, in two processes.
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--warnings",
        "off",
    ]
    if exclude_checks:
        command += ["--exclude-checks", exclude_checks]
    for operation_id in operation_ids:
        command += [f"--{mode}-operation-id", operation_id]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    # From the report's directory: no schemathesis.toml is picked up, nothing lands in the repo.
    with output.open("wb") as sink:
        return subprocess.Popen(
            command,
            cwd=output.parent,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


@pytest.mark.slow
def test_no_request_gets_a_5xx_or_an_answer_off_the_schema(
    live_api: str, gateway: object, world: World, tmp_path: Path
) -> None:
    runs = {
        role: _schemathesis(live_api, headers, _operation_ids(gateway, role), tmp_path / role)
        for role, headers in (("client", world.client), ("therapist", world.therapist))
    }
    # Where a token is optional, every check schemathesis has, without one (API.md: the
    # document must describe those operations as they are), but two: "schema-valid data is
    # accepted" (a cursor is opaque, any string to a schema, and one this API did not issue is
    # rightly a 422) and "an undeclared method is a 405" (API Gateway answers 404 for a method
    # no route has, and the local gateway does as API Gateway does).
    assert _optional_auth(gateway.openapi())  # type: ignore[attr-defined]
    runs["anonymous"] = _schemathesis(
        live_api, {}, _operation_ids(gateway, "anonymous"), tmp_path / "anonymous", "all",
        exclude_checks="positive_data_acceptance,unsupported_method",
    )  # fmt: skip
    failed = []
    try:
        for role, process in runs.items():
            if process.wait(timeout=900) != 0:
                failed.append(role)
    finally:
        for process in runs.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    reports = {role: (tmp_path / role).read_text(errors="replace") for role in runs}
    assert not failed, "\n\n".join(
        f"schemathesis as the {role} found failures:\n{reports[role]}" for role in failed
    )


# --- what the fuzzing found, pinned ------------------------------------------------------------


def test_numbers_are_not_times_or_dates(client: TestClient) -> None:
    """Pydantic reads a number as a Unix timestamp; the document (and API.md) say RFC 3339 text.
    schemathesis found `PUT /therapists/me/availability/overrides/0` saving 1970-01-01."""
    [(therapist_id, therapist)] = make_users(1, "therapist")
    [(_, alice)] = make_users(1, "client")
    for url in (
        "/therapists/me/availability/overrides/0",
        "/therapists/me/availability/overrides/20",
    ):
        answer = client.put(url, json={"intervals": []}, headers=therapist)
        assert answer.status_code == 422, answer.text
    assert (
        client.delete("/therapists/me/availability/overrides/0", headers=therapist).status_code
        == 422
    )
    slots = client.get(
        f"/therapists/{therapist_id}/slots", params={"from": "0", "to": "1700000000"}
    )
    assert slots.status_code == 422, slots.text
    listed = client.get("/appointments", params={"from": "1700000000"}, headers=alice)
    assert listed.status_code == 422, listed.text
    booked = client.post(
        "/appointments", json={"service_id": str(uuid.uuid4()), "start": 1700000000}, headers=alice
    )
    assert booked.status_code == 422 and booked.json()["code"] == "validation_error"
    # Written out, the same instants and days are fine.
    answer = client.put(
        "/therapists/me/availability/overrides/2030-01-07",
        json={"intervals": []},
        headers=therapist,
    )
    assert answer.status_code == 200, answer.text
    assert (
        client.get(
            "/appointments", params={"from": "2023-11-14T22:13:20Z"}, headers=alice
        ).status_code
        == 200
    )
