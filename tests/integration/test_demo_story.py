"""`make run` then `make demo`, as a newcomer runs them, with the usual ports taken; and the
README's curl walk-through against a served instance: the API on a real port, localstripe
delivering signed webhooks to it, a moto S3 server taking the recording, the outbox on its local
schedule, and the demo data `make run` loads."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

from local import runenv, schedules
from local.demo import load_demo_data
from local.devdb import DATA_DIR, EmbeddedPostgres, _free_port
from local.localstripe import register_webhook
from local.localstripe import start as start_stripe_emulator
from tests.helpers import environment, serving

ROOT = Path(__file__).resolve().parents[2]
# The README's walk-through: the first sh block of each of these sections, in order.
WALK_THROUGH = (
    "## Accounts",
    "## Therapists, journal entries and matching",
    "## Services, availability and booking",
    "## Payments with Stripe",
)


@contextmanager
def served_stack(gateway: object) -> Iterator[tuple[str, str]]:
    """What `make run` serves, on free ports: the API, localstripe with its webhook registered,
    moto S3 with the bucket, the outbox on its local schedule, the demo data. (API, Stripe)."""
    load_demo_data()
    stripe_port, s3_port, api_port = _free_port(), _free_port(), _free_port()
    emulator = start_stripe_emulator(stripe_port)
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    s3.start()
    stop_outbox = None
    secret = "whsec_" + uuid.uuid4().hex
    stripe_base = f"http://127.0.0.1:{stripe_port}"
    try:
        with environment(
            STRIPE_SECRET_KEY="sk_test_story",
            STRIPE_API_BASE=stripe_base,
            STRIPE_WEBHOOK_SECRET=secret,
            RECORDINGS_BUCKET="attune-story-recordings",
            AWS_ENDPOINT_URL_S3=f"http://127.0.0.1:{s3_port}",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_SESSION_TOKEN=None,
            AWS_PROFILE=None,
            AWS_DEFAULT_REGION="us-east-1",
        ), serving(gateway, api_port) as api:  # fmt: skip
            boto3.client("s3").create_bucket(Bucket="attune-story-recordings")
            register_webhook(stripe_base, "attune", f"{api}/payments/webhook", secret)
            outbox_schedule = [s for s in schedules.schedules() if s.name == "outbox"]
            stop_outbox = schedules.start(outbox_schedule, log=lambda line: None)
            yield api, stripe_base
    finally:
        if stop_outbox is not None:
            stop_outbox.set()
        s3.stop()
        emulator.terminate()
        emulator.wait(timeout=10)


# The ports `make run` uses when they are free (local/run.py), by its banner's names.
USUAL_PORTS = {"API": 3000, "localstripe": 8420, "S3 (moto)": 9100, "database": 54320}
# What a developer's shell or this test run may have set that `make run` would take as given.
RUN_SETTINGS = (
    "DATABASE_URL", "JWT_SECRET", "EMAIL_BACKEND", "OUTBOX_DIR", "STRIPE_SECRET_KEY",
    "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET", "RECORDINGS_BUCKET", "AWS_ENDPOINT_URL_S3",
    "PUBLIC_BASE_URL", "APP_BASE_URL", "PORT", "ATTUNE_DB_PORT", "LOCALSTRIPE_PORT",
    "LOCAL_S3_PORT", "SCHEDULES", "LOCAL_GATEWAY",
)  # fmt: skip


@contextmanager
def usual_ports_taken() -> Iterator[None]:
    """Something listening on each of `make run`'s usual ports (here, unless something already
    is: another checkout's `make run`, say)."""
    held = []
    try:
        for port in USUAL_PORTS.values():
            listener = socket.socket()
            try:
                listener.bind(("127.0.0.1", port))
                listener.listen()
                held.append(listener)
            except OSError:
                listener.close()  # taken already
        yield
    finally:
        for listener in held:
            listener.close()


@contextmanager
def make_run(data: Path) -> Iterator[tuple[dict[str, str], str]]:
    """`make run` (python -m local.run) with its data directory in `data`: its own database
    cluster, demo data, localstripe, S3 and schedules. (Its environment, its banner.)"""
    env = {k: v for k, v in os.environ.items() if k not in RUN_SETTINGS}
    env["ATTUNE_DATA_DIR"] = str(data)
    data.mkdir(parents=True)
    log = data / "make-run.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "local.run"], cwd=ROOT, env=env,
            stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while "Attune is ready" not in log.read_text(errors="replace"):
            assert process.poll() is None, f"make run stopped:\n{log.read_text()[-5000:]}"
            assert time.monotonic() < deadline, f"make run not ready:\n{log.read_text()[-5000:]}"
            time.sleep(0.5)
        time.sleep(0.5)  # the rest of the banner, printed at once
        output = log.read_text(errors="replace")
        yield env, output[output.index("Attune is ready") :]
    finally:
        process.terminate()  # uvicorn shuts down; localstripe goes with it (atexit)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        EmbeddedPostgres(data / "pg", 0).stop()  # make run leaves its database running
        shutil.rmtree(data, ignore_errors=True)


def test_make_run_then_make_demo_with_the_usual_ports_taken() -> None:
    """The issue's "done when": with the usual ports taken, `make run` becomes ready on others,
    its banner says which moved, and `make demo` plays the whole story against it, through the
    Lambda path (each request an API Gateway v2 event for the function's real handler)."""
    # Under .data, not /tmp: as root, PostgreSQL runs as another user, who must reach it.
    data = DATA_DIR / f"make-run-test-{os.getpid()}"
    with usual_ports_taken(), make_run(data) as (env, banner):
        moved = banner[banner.index("Ports moved") :]
        for what, usual in USUAL_PORTS.items():
            assert re.search(rf"^    {re.escape(what)} {usual} → \d+ ", moved, re.M), banner
        api = re.search(r"Attune is ready: (\S+)", banner)
        assert api and not api.group(1).endswith(":3000"), banner
        assert "Lambda handler" in banner and str(data) in banner, banner
        demo = subprocess.run(
            [sys.executable, "-m", "local.demo_story"], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    story = demo.stdout + demo.stderr
    assert demo.returncode == 0, story
    assert "refund succeeded" in story and "The end." in story, story
    # A reminder, unless no therapist works in the next 24 hours (a weekend night, say).
    assert "notification: Session in 24 h" in story or "no reminder to show" in story, story
    for name in ("client_id", "appointment_id", "payment_intent_id", "recording_id"):
        assert re.search(rf"^    {name} +\S+$", demo.stdout, re.M), story


def readme_walk_through() -> str:
    readme = (ROOT / "README.md").read_text()
    blocks = []
    for heading in WALK_THROUGH:
        section = readme[readme.index(heading) :]
        found = re.search(r"```sh\n(.*?)\n```\n", section, re.DOTALL)
        assert found, f"no sh block under {heading}"
        blocks.append(found.group(1))
    return "\n".join(blocks)


def test_the_readme_walk_through_runs_as_written(gateway: object, tmp_path: Path) -> None:
    """The README's curl story, in bash, against a served instance: `make env` reads a
    run-env.json written for it (ATTUNE_DATA_DIR), as it reads the one `make run` writes."""
    script = readme_walk_through() + "\necho; echo WALKED THROUGH"
    with served_stack(gateway) as (api, _):
        runenv.write(api, tmp_path / "run-env.json")
        env = {**os.environ, "ATTUNE_DATA_DIR": str(tmp_path)}
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    lines = output.splitlines()
    assert result.stdout.splitlines()[-1] == "WALKED THROUGH", output
    for expected in ("succeeded", "confirmed", "not really an mp4cancelled", "refunded"):
        assert any(expected in line for line in lines), (expected, output)
