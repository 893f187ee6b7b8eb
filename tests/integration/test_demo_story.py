"""`make demo`'s story, played against a served instance: the API on a real port, localstripe
delivering signed webhooks to it, a moto S3 server taking the recording, the outbox on its local
schedule, and the demo data `make run` loads. What the README walks through in curl."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

from local import runenv, schedules
from local.demo import load_demo_data
from local.demo_story import Story
from local.devdb import _free_port
from local.localstripe import register_webhook
from local.localstripe import start as start_stripe_emulator
from shared.config import get_settings
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


def test_the_demo_story_plays_end_to_end() -> None:
    """Through the Lambda path, as `make run` serves: every request an API Gateway v2 event
    handed to the function's real handler (Mangum, Powertools)."""
    from local.server import LocalGateway

    lines: list[str] = []
    with served_stack(LocalGateway(lambda_path=True)) as (api, stripe_base):
        story = Story(
            api=api,
            outbox=get_settings().outbox_dir,
            stripe_api_base=stripe_base,
            stripe_secret_key="sk_test_story",
            say=lines.append,
            wait_seconds=30,
        )
        ids = story.play()
    assert set(ids) == {
        "client_id", "entry_id", "therapist_id", "service_id", "appointment_id",
        "payment_id", "payment_intent_id", "thread_id", "recording_id",
    }  # fmt: skip
    assert any("refund succeeded" in line for line in lines)


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
