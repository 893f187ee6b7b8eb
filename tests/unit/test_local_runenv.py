"""What `make run` leaves for the other local tools: run-env.json, `make env`, `make sam-env`,
sign_webhook's secret, and the start banner."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from local import runenv
from local.run import Ports, banner
from shared.embeddings import _build_embedder

ROOT = Path(__file__).resolve().parents[2]
SERVED = {
    "API": "http://127.0.0.1:3001",
    "DATABASE_URL": "postgresql+pg8000://postgres@127.0.0.1:36000/attune",
    "STRIPE_SECRET_KEY": "sk_test_localstripe",
    "STRIPE_API_BASE": "http://127.0.0.1:8421",
    "STRIPE_WEBHOOK_SECRET": "whsec_made_by_make_run",
    "RECORDINGS_BUCKET": "attune-local-recordings",
    "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9101",
    "PUBLIC_BASE_URL": "http://127.0.0.1:3001",
}


def test_run_env_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in SERVED.items():
        monkeypatch.setenv(key, value)
    path = tmp_path / "run-env.json"
    written = runenv.write("http://127.0.0.1:3001", path)
    assert runenv.read(path) == written
    assert written["STRIPE_WEBHOOK_SECRET"] == "whsec_made_by_make_run"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_make_env_prints_the_exports() -> None:
    line = runenv.shell_exports(SERVED)
    assert line == (
        "export API=http://127.0.0.1:3001 STRIPE_API_BASE=http://127.0.0.1:8421 "
        "STRIPE_SECRET_KEY=sk_test_localstripe "
        "DATABASE_URL=postgresql+pg8000://postgres@127.0.0.1:36000/attune"
    )
    with pytest.raises(SystemExit):
        runenv.shell_exports({"API": "http://127.0.0.1:3000"})


def test_sam_env_has_the_real_ports_and_a_valid_embedder() -> None:
    parameters = runenv.sam_env(SERVED)["Parameters"]
    assert parameters["DATABASE_URL"].endswith("@host.docker.internal:36000/attune")
    assert parameters["STRIPE_API_BASE"] == "http://host.docker.internal:8421"
    assert parameters["STRIPE_WEBHOOK_SECRET"] == "whsec_made_by_make_run"
    assert parameters["PUBLIC_BASE_URL"] == "http://127.0.0.1:3001"
    _build_embedder(parameters["EMBEDDING_PROVIDER"])  # raises for an unknown provider
    template = (ROOT / "template.yaml").read_text()
    for name in parameters:  # sam only passes on variables the template declares
        assert f"{name}:" in template, name


def test_sign_webhook_uses_the_secret_make_run_made(tmp_path: Path) -> None:
    runenv_path = tmp_path / "run-env.json"
    runenv_path.write_text(json.dumps(SERVED))
    body = tmp_path / "body.json"
    body.write_text('{"id": "evt_1"}')
    env = {k: v for k, v in os.environ.items() if k != "STRIPE_WEBHOOK_SECRET"}
    env["ATTUNE_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "local.sign_webhook", str(body)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    event = json.loads(result.stdout)
    assert event["headers"]["stripe-signature"].startswith("t=")
    from local.sign_webhook import signed_event

    timestamp = int(event["headers"]["stripe-signature"].split(",")[0][2:])
    again = signed_event(body.read_bytes(), "whsec_made_by_make_run", at=timestamp)
    assert again["headers"] == event["headers"]


def test_a_taken_port_moves_and_the_banner_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        monkeypatch.setenv("LOCALSTRIPE_PORT", str(busy))
        ports = Ports()
        assert ports.pick("localstripe", "LOCALSTRIPE_PORT", 8420) != busy
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:8421")
    monkeypatch.setenv("OUTBOX_DIR", "/somewhere/outbox")
    text = banner(
        "http://127.0.0.1:3001", SERVED["DATABASE_URL"], ports, ["holds rate(5 minutes)"], "ok"
    )
    for expected in (
        "http://127.0.0.1:3001/docs",
        "http://127.0.0.1:8421",
        SERVED["DATABASE_URL"],
        "/somewhere/outbox/*.eml",
        "client@demo.example.com",
        "attune-demo-password",
        "holds rate(5 minutes)",
        f"localstripe {busy} →",
    ):
        assert expected in text, expected
