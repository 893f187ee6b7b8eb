"""`make demo`'s story, played against a served instance: the API on a real port, localstripe
delivering signed webhooks to it, a moto S3 server taking the recording, the outbox on its local
schedule, and the demo data `make run` loads. What the README walks through in curl."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer

from local import schedules
from local.demo import load_demo_data
from local.demo_story import Story
from local.devdb import _free_port
from local.localstripe import register_webhook
from local.localstripe import start as start_stripe_emulator
from shared.config import get_settings
from tests.helpers import environment, serving


@pytest.fixture
def story(gateway: object) -> Iterator[Story]:
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
            lines: list[str] = []
            yield Story(
                api=api,
                outbox=get_settings().outbox_dir,
                stripe_api_base=stripe_base,
                stripe_secret_key="sk_test_story",
                say=lines.append,
                wait_seconds=30,
            )
    finally:
        if stop_outbox is not None:
            stop_outbox.set()
        s3.stop()
        emulator.terminate()
        emulator.wait(timeout=10)


def test_the_demo_story_plays_end_to_end(story: Story) -> None:
    ids = story.play()
    assert set(ids) == {
        "client_id", "entry_id", "therapist_id", "service_id", "appointment_id",
        "payment_id", "payment_intent_id", "thread_id", "recording_id",
    }  # fmt: skip
