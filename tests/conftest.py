"""Fixtures every tier shares; none of them needs a database.

The settings every test runs with are set once here (a signing key, emails to a throwaway file
outbox). tests/unit/ runs with no database at all (tests/unit/conftest.py makes sure of it);
tests/integration/conftest.py starts PostgreSQL for the tests under it, and only for them.
"""

from __future__ import annotations

import functools
import os
import secrets
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from shared.clock import FrozenClock, use_clock
from shared.config import reset_settings
from shared.email import use_sender
from shared.stripe_gateway import use_payment_gateway
from tests.factories import NOW, WEBHOOK_SECRET
from tests.fakes import FakeMailer, FakeStripe
from tests.helpers import environment


@pytest.fixture(scope="session", autouse=True)
def test_settings() -> None:
    """A signing key, and the emails of tests that do not look at them in a throwaway outbox,
    not the developer's."""
    os.environ.setdefault("JWT_SECRET", secrets.token_hex(32))
    os.environ["EMAIL_BACKEND"] = "file"
    os.environ["OUTBOX_DIR"] = tempfile.mkdtemp(prefix="attune-outbox-")
    reset_settings()


@pytest.fixture(scope="session")
def gateway() -> object:
    from local.server import LocalGateway

    return LocalGateway(lambda_path=os.environ.get("ATTUNE_GATEWAY") == "lambda")


ErrorAnswers = dict[tuple[str, str], dict[str, list[str] | None]]


@pytest.fixture(scope="session")
def declared_errors(gateway: object) -> ErrorAnswers:
    """Each operation's statuses and their error codes, as the OpenAPI document declares them
    (None: an answer of its own shape, such as /health's 503)."""
    document: dict[str, Any] = gateway.openapi()  # type: ignore[attr-defined]
    return {
        (method.upper(), path): {
            status: answer.get("x-error-codes") for status, answer in operation["responses"].items()
        }
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }


def _as_declared(gateway: Any, declared: ErrorAnswers, response: httpx.Response) -> None:
    """Every error answer the tests see is one its operation's OpenAPI entry lists, status and
    code: the document's error answers are checked by the whole suite, not by a list of its own.
    (A 500 is no answer to declare; a path no route has is API Gateway's 404.)"""
    if response.status_code < 400 or response.status_code == 500:
        return
    route = gateway.route(response.request.method, response.request.url.path)
    if route is None:
        return
    answers = declared[(route.method, route.path)]
    if answers.get(str(response.status_code), []) is None:
        return
    response.read()
    code = response.json().get("code")
    assert code in (answers.get(str(response.status_code)) or []), (
        f"{route.method} {route.path} answered {response.status_code} `{code}`, which its "
        f"OpenAPI operation does not declare (shared.http.openapi: @raises)"
    )


@pytest.fixture
def client(gateway: object, declared_errors: ErrorAnswers) -> Iterator[TestClient]:
    """An HTTP client for the whole API, routed as template.yaml routes it; each error answer
    must be one the OpenAPI document declares for its operation."""
    with TestClient(gateway, base_url="http://testserver") as test_client:  # type: ignore[arg-type]
        test_client.event_hooks["response"].append(
            functools.partial(_as_declared, gateway, declared_errors)
        )
        yield test_client


@pytest.fixture
def outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh file outbox for the emails this test sends."""
    directory = tmp_path / "outbox"
    monkeypatch.setenv("EMAIL_BACKEND", "file")
    monkeypatch.setenv("OUTBOX_DIR", str(directory))
    reset_settings()
    yield directory
    monkeypatch.undo()
    reset_settings()


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    """Time stands still (from now) until the test moves it."""
    with use_clock(FrozenClock(datetime.now(UTC))) as frozen:
        assert isinstance(frozen, FrozenClock)
        yield frozen


@pytest.fixture
def now() -> Iterator[FrozenClock]:
    """Time stands still on a Monday morning in Berlin (factories.NOW) until the test moves it."""
    with use_clock(FrozenClock(NOW)) as frozen:
        assert isinstance(frozen, FrozenClock)
        yield frozen


@pytest.fixture
def stripe_fake() -> Iterator[FakeStripe]:
    """Stripe as a fake in memory, with keys set, for tests that do not need the emulator."""
    with (
        environment(STRIPE_SECRET_KEY="sk_test_fake", STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET),
        use_payment_gateway(FakeStripe()) as fake,
    ):
        assert isinstance(fake, FakeStripe)
        yield fake


@pytest.fixture
def mailer() -> Iterator[FakeMailer]:
    """Every email sent goes to a fake mailer the test reads."""
    with use_sender(FakeMailer()) as fake:
        assert isinstance(fake, FakeMailer)
        yield fake


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the settings afresh, so one that sets the environment (monkeypatch) is
    seen, and leaves none of its own behind."""
    reset_settings()
    yield
    reset_settings()
