"""A client generated from the committed docs/openapi.json (openapi-python-client, as a
front-end or partner team would generate theirs) registers, verifies, logs in and books
against the API served on a real port."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from starlette.testclient import TestClient

from local.devdb import _free_port
from tests.factories import ALL_WEEK, make_users, open_practice, publish
from tests.helpers import last_token, serving

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The client package, generated into a scratch folder and importable as `attune_client`."""
    folder = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [str(GENERATOR), "generate", "--path", str(ROOT / "docs" / "openapi.json"),
         "--meta", "none", "--output-path", str(folder / "attune_client")],
        check=True, capture_output=True, cwd=folder,
    )  # fmt: skip
    sys.path.insert(0, str(folder))
    try:
        yield "attune_client"
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.startswith("attune_client")]:
            del sys.modules[name]


def _token(outbox: Path, to: str) -> str:
    """Behind uvicorn the email is sent just after the answer went out: wait for it."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return last_token(outbox, to)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _module(package: str, name: str) -> ModuleType:
    return importlib.import_module(f"{package}.{name}")


def test_a_generated_client_registers_logs_in_and_books(
    gateway: object, client: TestClient, outbox: Path, generated: str
) -> None:
    [(_, therapist)] = make_users(1, "therapist")
    publish(client, therapist)
    service_id = open_practice(client, therapist, weekly=ALL_WEEK)
    models = _module(generated, "models")
    api = {name: _module(generated, f"api.{name}") for name in ("auth.register_account",
           "auth.verify_email", "auth.log_in", "appointments.book_appointment")}  # fmt: skip
    package = importlib.import_module(generated)
    with serving(gateway, _free_port()) as base_url:
        anonymous = package.Client(base_url=base_url, raise_on_unexpected_status=True)
        user = api["auth.register_account"].sync(client=anonymous, body=models.RegisterIn(
            email="generated@example.com", password="a long passphrase",
            role=models.RegisterInRole.CLIENT, full_name="Gen Erated"))  # fmt: skip
        assert str(user.email) == "generated@example.com", user
        token = _token(outbox, "generated@example.com")
        verified = api["auth.verify_email"].sync_detailed(
            client=anonymous, body=models.TokenIn(token=token)
        )
        assert verified.status_code == 200
        tokens = api["auth.log_in"].sync(client=anonymous, body=models.LoginIn(
            email="generated@example.com", password="a long passphrase"))  # fmt: skip
        signed_in = package.AuthenticatedClient(base_url=base_url, token=tokens.access_token)
        start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(
            minute=0, second=0, microsecond=0
        )
        booked = api["appointments.book_appointment"].sync(
            client=signed_in,
            body=models.AppointmentIn(service_id=uuid.UUID(service_id), start=start),
        )
        assert booked.status == "pending", booked
        assert booked.start == start
