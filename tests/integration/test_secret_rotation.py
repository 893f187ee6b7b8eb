"""Secrets read from Secrets Manager (moto) reach warm containers after a rotation: nothing
holds them for the container's whole life, only Powertools' cache for its max age."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from shared import clock, stripe_gateway
from shared.errors import Unauthorized
from shared.security import tokens
from tests.helpers import environment


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    # No caching between reads here: what a container sees once its cache has aged.
    monkeypatch.setenv("SECRET_MAX_AGE_SECONDS", "0")
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="eu-west-1")


def test_a_rotated_signing_key_is_used_without_a_restart(secrets: Any) -> None:
    arn = secrets.create_secret(Name="jwt", SecretString="first-key-" + "x" * 40)["ARN"]
    with environment(JWT_SECRET=None, JWT_SECRET_ARN=arn):
        tokens.reset_signing_key()
        user = uuid.uuid4()
        before, _ = tokens.issue_access_token(user, "client", clock.now())
        assert tokens.read_access_token(before, clock.now()).user_id == user
        secrets.put_secret_value(SecretId=arn, SecretString="second-key-" + "y" * 40)
        after, _ = tokens.issue_access_token(user, "client", clock.now())
        assert tokens.read_access_token(after, clock.now()).user_id == user
        with pytest.raises(Unauthorized):  # signed with the retired key
            tokens.read_access_token(before, clock.now())
    tokens.reset_signing_key()


def test_a_filled_in_stripe_secret_is_seen_by_a_warm_container(secrets: Any) -> None:
    arn = secrets.create_secret(
        Name="stripe", SecretString=json.dumps({"secret_key": "sk_test_placeholder"})
    )["ARN"]
    with environment(STRIPE_SECRET_KEY=None, STRIPE_SECRET_ARN=arn):
        assert stripe_gateway._keys().secret_key == "sk_test_placeholder"
        secrets.put_secret_value(
            SecretId=arn,
            SecretString=json.dumps({"secret_key": "sk_test_real", "webhook_secret": "whsec_1"}),
        )
        keys = stripe_gateway._keys()
        assert (keys.secret_key, keys.webhook_secret) == ("sk_test_real", "whsec_1")
