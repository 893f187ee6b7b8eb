"""The SES sender against moto: what AWS runs, with the same use cases as the file outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws
from sqlalchemy import select
from starlette.testclient import TestClient

from shared import clock
from shared.config import reset_settings
from shared.db import get_session
from shared.email import reset_senders
from shared.models import OutboxEffect
from shared.outbox import run_outbox
from tests.helpers import PASSWORD


@pytest.fixture
def ses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("EMAIL_BACKEND", "ses")
    monkeypatch.setenv("EMAIL_SENDER", "no-reply@attune.example.com")
    reset_settings()
    reset_senders()
    with mock_aws():
        client = boto3.client("ses", region_name="eu-west-1")
        client.verify_email_identity(EmailAddress="no-reply@attune.example.com")
        yield client
    monkeypatch.undo()
    reset_settings()
    reset_senders()


def _sent(ses: Any) -> list[Any]:
    """The raw messages moto's SES accepted (its quota counts recipients, not messages)."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages)


def test_registration_sends_its_verification_through_ses(client: TestClient, ses: Any) -> None:
    before = len(_sent(ses))
    response = client.post(
        "/auth/register",
        json={
            "email": "ses@example.com",
            "password": PASSWORD,
            "role": "client",
            "full_name": "Ses",
        },
    )
    assert response.status_code == 201
    sent = _sent(ses)
    assert len(sent) == before + 1
    assert "verify-email?token=" in str(sent[-1].raw_data)


def test_an_ses_refusal_leaves_the_email_queued_until_ses_takes_it(
    client: TestClient, ses: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unverified sender is refused by SES; the registration still succeeds, and its email
    # waits in the outbox until SES takes it.
    monkeypatch.setenv("EMAIL_SENDER", "stranger@elsewhere.example.com")
    reset_settings()
    before = len(_sent(ses))
    response = client.post(
        "/auth/register",
        json={"email": "later@example.com", "password": PASSWORD, "role": "client",
              "full_name": "Later"},
    )  # fmt: skip
    assert response.status_code == 201
    assert len(_sent(ses)) == before
    with get_session() as session:
        effect = session.scalars(select(OutboxEffect)).one()
        assert (effect.status, effect.attempts) == ("pending", 1) and "MessageRejected" in str(
            effect.last_error
        )
    monkeypatch.setenv("EMAIL_SENDER", "no-reply@attune.example.com")
    reset_settings()
    assert run_outbox(clock.now() + timedelta(minutes=1))["done"] == 1
    assert len(_sent(ses)) == before + 1
    assert "verify-email?token=" in str(_sent(ses)[-1].raw_data)
