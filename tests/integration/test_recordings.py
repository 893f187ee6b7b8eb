"""Session recordings through HTTP, against the real database and a moto S3.

moto's `mock_aws` answers boto3 and also plain `requests` calls to S3 URLs (not httpx), so the
tests upload to the presigned PUT and download from the presigned GET for real. moto checks
no signatures, so what S3 would enforce (signed content type and length, key,
deadline) is checked by reading the signed URL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest
import requests
from botocore.exceptions import ClientError
from moto import mock_aws
from sqlalchemy import select
from starlette.testclient import TestClient

from shared import clock
from shared.blobs import S3BlobStore, use_blob_store
from shared.clock import FrozenClock
from shared.config import reset_settings
from shared.db import get_session
from shared.domain import recordings
from shared.models.recordings import SessionRecording
from shared.outbox import run_outbox
from tests.factories import book, fresh_token, make_users, open_practice

REGION = "eu-central-1"
BUCKET = "attune-test-recordings"
START = "2026-03-03T08:00:00Z"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A moto S3 with the recordings bucket; the domain's client is made inside the mock."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("RECORDINGS_BUCKET", BUCKET)
    reset_settings()
    recordings.reset_s3_client()
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        yield client
    recordings.reset_s3_client()
    reset_settings()


@dataclass(frozen=True)
class Session:
    """One booked appointment and the headers of its therapist, its client and a stranger."""

    appointment_id: str
    therapist_id: uuid.UUID
    therapist: dict[str, str]
    client: dict[str, str]
    stranger: dict[str, str]

    def therapist_now(self) -> dict[str, str]:
        """The therapist's headers, valid at the (moved) clock's now."""
        return fresh_token(self.therapist_id, "therapist")


@pytest.fixture
def booked(client: TestClient, now: FrozenClock) -> Session:
    [(therapist_id, therapist)] = make_users(1, "therapist")
    (_, alice), (_, mallory) = make_users(2, "client")
    service_id = open_practice(client, therapist)
    answer = book(client, alice, service_id, START)
    assert answer.status_code == 201, answer.text
    return Session(answer.json()["id"], therapist_id, therapist, alice, mallory)


def _start(
    client: TestClient,
    appointment_id: str,
    headers: dict[str, str],
    kind: str = "video/webm",
    **extra: Any,
) -> httpx.Response:
    extra.setdefault("size_bytes", 16)
    response: httpx.Response = client.post(
        f"/appointments/{appointment_id}/recordings",
        json={"content_type": kind, **extra},
        headers=headers,
    )
    return response


def _upload(answer: dict[str, Any], data: bytes) -> requests.Response:
    """PUT the file, padded to the length the URL was signed for."""
    size = int(answer["upload_headers"]["Content-Length"])
    return requests.put(
        answer["upload_url"], data=data.ljust(size, b"."), headers=answer["upload_headers"]
    )


def _key(answer: dict[str, Any]) -> str:
    url: str = answer["upload_url"]
    return urlsplit(url).path.lstrip("/")


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _keys(s3: Any) -> set[str]:
    listed = s3.list_objects_v2(Bucket=BUCKET)
    return {o["Key"] for o in listed.get("Contents", [])}


def test_the_therapist_uploads_and_participants_play_back(
    client: TestClient, s3: Any, booked: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    appointment_id, therapist, alice = booked.appointment_id, booked.therapist, booked.client
    monkeypatch.setenv("RECORDING_MAX_BYTES", "1000")
    reset_settings()
    started = _start(client, appointment_id, therapist, "Video/WebM", size_bytes=15)
    assert started.status_code == 201, started.text
    answer = started.json()
    assert answer["content_type"] == "video/webm"
    assert answer["max_bytes"] == 1000
    assert datetime.fromisoformat(answer["expires_at"]) == clock.now() + timedelta(days=30)
    assert datetime.fromisoformat(answer["upload_expires_at"]) == clock.now() + timedelta(
        minutes=15
    )
    key = f"recordings/{appointment_id}/{answer['id']}"
    assert _key(answer) == key
    assert answer["upload_headers"] == {"Content-Type": "video/webm", "Content-Length": "15"}
    signed = _query(answer["upload_url"])
    assert urlsplit(answer["upload_url"]).netloc == f"{BUCKET}.s3.{REGION}.amazonaws.com"
    assert signed["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert f"/{REGION}/s3/aws4_request" in signed["X-Amz-Credential"]
    assert "content-type" in signed["X-Amz-SignedHeaders"]  # S3 refuses another type
    assert int(signed["X-Amz-Expires"]) == 900

    # The size is signed as the exact length; more than max_bytes is refused up front, and an
    # upload without a size is not offered.
    sized = _start(client, appointment_id, therapist, "video/webm", size_bytes=20).json()
    assert "content-length" in _query(sized["upload_url"])["X-Amz-SignedHeaders"]
    assert sized["upload_headers"]["Content-Length"] == "20"
    unsized = client.post(
        f"/appointments/{appointment_id}/recordings", json={"content_type": "video/webm"},
        headers=therapist,
    )  # fmt: skip
    assert unsized.status_code == 422
    too_big = _start(client, appointment_id, therapist, "video/webm", size_bytes=1001)
    assert (too_big.status_code, too_big.json()["code"]) == (422, "too_large")

    uploaded = _upload(answer, b"\x1a\x45\xdf\xa3 webm bytes")
    assert uploaded.status_code == 200, uploaded.text
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentType"] == "video/webm"

    for viewer in (therapist, alice):
        listed = client.get(f"/appointments/{appointment_id}/recordings", headers=viewer)
        assert listed.status_code == 200, listed.text
        item = next(i for i in listed.json()["items"] if i["id"] == answer["id"])
        assert set(item) == {"id", "created_at", "expires_at", "video_url"}
        assert item["id"] == answer["id"]
        assert item["expires_at"] == answer["expires_at"]
        url = urlsplit(item["video_url"])
        query = _query(item["video_url"])
        assert url.netloc == f"{BUCKET}.s3.{REGION}.amazonaws.com"
        assert url.path == f"/{key}"
        assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
        assert query["X-Amz-Signature"]
        assert int(query["X-Amz-Expires"]) == 900
        played = requests.get(item["video_url"])
        assert played.status_code == 200
        assert played.content == b"\x1a\x45\xdf\xa3 webm bytes"


def test_who_may_upload_and_list(client: TestClient, s3: Any, booked: Session) -> None:
    appointment_id, therapist = booked.appointment_id, booked.therapist
    alice, mallory = booked.client, booked.stranger
    as_client = _start(client, appointment_id, alice)
    assert as_client.status_code == 403
    assert as_client.json()["code"] == "wrong_role"
    assert _start(client, appointment_id, mallory).status_code == 404
    assert _start(client, str(uuid.uuid4()), therapist).status_code == 404
    assert _start(client, appointment_id, {}).status_code == 401
    # A stranger learns nothing, not even which content types exist.
    assert _start(client, appointment_id, mallory, "text/html").status_code == 404

    bad_type = _start(client, appointment_id, therapist, "text/html")
    assert bad_type.status_code == 422
    assert bad_type.json()["code"] == "unsupported_content_type"
    extra = client.post(
        f"/appointments/{appointment_id}/recordings",
        json={"content_type": "video/mp4", "key": "elsewhere"},
        headers=therapist,
    )
    assert extra.status_code == 422
    assert client.post("/appointments/not-a-uuid/recordings", json={"content_type": "video/mp4"},
                       headers=therapist).status_code == 422  # fmt: skip

    assert (
        client.get(f"/appointments/{appointment_id}/recordings", headers=mallory).status_code == 404
    )
    assert client.get(f"/appointments/{uuid.uuid4()}/recordings", headers=alice).status_code == 404
    assert client.get(f"/appointments/{appointment_id}/recordings", headers=alice).json() == {
        "items": []
    }
    with get_session() as session:
        assert session.scalars(select(SessionRecording)).all() == []


def test_without_a_bucket_recordings_are_unavailable(
    client: TestClient,
    booked: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    appointment_id, therapist = booked.appointment_id, booked.therapist
    monkeypatch.delenv("RECORDINGS_BUCKET", raising=False)
    reset_settings()
    try:
        answer = _start(client, appointment_id, therapist)
        assert answer.status_code == 503
        assert answer.json()["code"] == "recordings_unavailable"
        assert recordings.expire_recordings(clock.now()) == {"deleted": 0}
    finally:
        reset_settings()


def test_playback_links_never_outlive_the_recording(
    client: TestClient,
    s3: Any,
    now: FrozenClock,
    booked: Session,
) -> None:
    appointment_id, therapist = booked.appointment_id, booked.therapist
    answer = _start(client, appointment_id, therapist, "audio/mpeg").json()
    assert _upload(answer, b"mp3").status_code == 200
    expires_at = datetime.fromisoformat(answer["expires_at"])

    now.set(expires_at - timedelta(seconds=60))
    headers = booked.therapist_now()
    [item] = client.get(f"/appointments/{appointment_id}/recordings", headers=headers).json()[
        "items"
    ]
    assert int(_query(item["video_url"])["X-Amz-Expires"]) == 60

    now.set(expires_at)
    headers = booked.therapist_now()
    listed = client.get(f"/appointments/{appointment_id}/recordings", headers=headers)
    assert listed.status_code == 200
    assert listed.json()["items"] == []


class _Stubborn:
    """S3, except that one key keeps failing until told otherwise."""

    def __init__(self, key: str) -> None:
        self.key, self.failing = key, True

    def delete(self, bucket: str, key: str) -> None:
        if self.failing and key == self.key:
            raise ClientError({"Error": {"Code": "InternalError", "Message": "boom"}},
                              "DeleteObject")  # fmt: skip
        S3BlobStore().delete(bucket, key)


def test_expiry_deletes_rows_and_their_objects_and_retries_failures(
    client: TestClient,
    s3: Any,
    now: FrozenClock,
    booked: Session,
) -> None:
    appointment_id, therapist = booked.appointment_id, booked.therapist
    old = []
    for kind in ("video/mp4", "video/webm", "audio/mp4"):
        answer = _start(client, appointment_id, therapist, kind).json()
        assert _upload(answer, kind.encode()).status_code == 200
        old.append(answer)
    now.advance(timedelta(days=10))
    young = _start(client, appointment_id, booked.therapist_now(), "video/quicktime")
    assert young.status_code == 201, young.text
    assert _upload(young.json(), b"young").status_code == 200
    keys = {_key(a) for a in old}
    young_key = _key(young.json())
    assert _keys(s3) == keys | {young_key}
    assert _handler("recording_expiry")["deleted"] == 0

    now.advance(timedelta(days=21))  # the three are 31 days old, the young one 21
    stubborn = _Stubborn(_key(old[1]))
    with use_blob_store(stubborn):
        # batch_size=1: batches go on after each; the failing object does not stop the others.
        assert recordings.expire_recordings(clock.now(), batch_size=1) == {"deleted": 3}
        assert run_outbox(clock.now()) == {"done": 2, "failed": 1, "dead": 0}
        assert _keys(s3) == {stubborn.key, young_key}
        assert _row_keys() == {young_key}  # gone from the listing at once
        headers = booked.therapist_now()
        listed = client.get(f"/appointments/{appointment_id}/recordings", headers=headers).json()
        assert [i["id"] for i in listed["items"]] == [young.json()["id"]]
        now.advance(timedelta(hours=1))
        assert run_outbox(clock.now())["failed"] == 1  # still failing: still queued
        stubborn.failing = False
        now.advance(timedelta(hours=1))
        assert run_outbox(clock.now())["done"] == 1
    assert _keys(s3) == {young_key}


def _handler(name: str) -> Any:
    """Run a scheduled function's real Lambda handler once."""
    from local.functions import load_module
    from local.invoke import LocalContext
    from local.template import function_for_dir

    function = function_for_dir(name)
    handler = getattr(load_module(function), function.handler)
    return handler({}, LocalContext(function_name=function.logical_id))


def test_expiry_skips_rows_another_run_holds(
    client: TestClient,
    s3: Any,
    now: FrozenClock,
    booked: Session,
) -> None:
    appointment_id, therapist = booked.appointment_id, booked.therapist
    first = _start(client, appointment_id, therapist).json()
    second = _start(client, appointment_id, therapist).json()
    now.advance(timedelta(days=31))
    with get_session() as session:
        session.scalar(
            select(SessionRecording)
            .where(SessionRecording.id == uuid.UUID(first["id"]))
            .with_for_update()
        )
        assert recordings.expire_recordings(clock.now()) == {"deleted": 1}
    assert _row_keys() == {_key(first)}
    assert recordings.expire_recordings(clock.now()) == {"deleted": 1}
    assert _row_keys() == set()
    assert second["id"] != first["id"]


def _row_keys() -> set[str]:
    with get_session() as session:
        return set(session.scalars(select(SessionRecording.s3_key)))


def test_a_recording_is_listed_only_once_its_object_is_in_s3(
    client: TestClient, s3: Any, booked: Session
) -> None:
    appointment_id, therapist, alice = booked.appointment_id, booked.therapist, booked.client
    answer = _start(client, appointment_id, therapist).json()
    listing = f"/appointments/{appointment_id}/recordings"
    assert client.get(listing, headers=alice).json()["items"] == []  # nothing to watch yet
    assert _upload(answer, b"bytes").status_code == 200
    assert [i["id"] for i in client.get(listing, headers=alice).json()["items"]] == [answer["id"]]
    with get_session() as session:
        row = session.get(SessionRecording, uuid.UUID(answer["id"]))
        assert row is not None and row.uploaded_at is not None  # seen once, not asked again


def test_a_cancelled_session_takes_no_recordings(
    client: TestClient, s3: Any, booked: Session
) -> None:
    appointment_id, therapist, alice = booked.appointment_id, booked.therapist, booked.client
    assert client.post(f"/appointments/{appointment_id}/cancel", headers=alice).status_code == 200
    refused = _start(client, appointment_id, therapist)
    assert (refused.status_code, refused.json()["code"]) == (409, "not_recordable")
    with get_session() as session:
        assert session.scalars(select(SessionRecording)).all() == []
