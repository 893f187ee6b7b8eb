"""Session recordings: presigned uploads to S3, presigned playback, expiry.

Uploads go straight from the browser to the recordings bucket with a presigned S3 PUT whose
signature covers the object key, the `Content-Type` and the exact `Content-Length` the therapist
declared (at most RECORDING_MAX_BYTES), so S3 refuses another size, type or place. The URL
expires 15 minutes after it is issued. A recording is listed once its object is seen in S3.

Two clocks meet here. Whether a recording has expired is the domain's question and asks
`shared.clock.now()`; how long a presigned URL stays valid is AWS's and is signed against the real
time by botocore, so only durations (never the domain clock's instants) go into presigning.

The S3 client is created on first use (so cold starts of the API do not pay for it, and tests that
start moto first get a mocked one); `reset_s3_client()` forgets it.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from shared import clock, outbox
from shared.config import get_settings
from shared.db import get_session
from shared.domain import documented
from shared.errors import Conflict, Forbidden, NotFound, ServiceUnavailable, Unprocessable
from shared.models import Appointment
from shared.models.recordings import SessionRecording
from shared.observability import logger

ALLOWED_CONTENT_TYPES = frozenset(
    {"video/mp4", "video/webm", "video/quicktime", "audio/mpeg", "audio/mp4", "audio/webm"}
)
UPLOAD_URL_TTL = timedelta(minutes=15)
PLAYBACK_URL_TTL = timedelta(minutes=15)
MAX_EXPIRY_BATCHES = 25  # per run: 25 x 200 objects, well inside the function's timeout

_s3: Any | None = None
_s3_lock = threading.Lock()


# --- configuration ------------------------------------------------------------------------------
def max_bytes() -> int:
    """The largest recording accepted (RECORDING_MAX_BYTES, default 2 GiB)."""
    return get_settings().recording_max_bytes


def retention() -> timedelta:
    """How long a recording is kept (RECORDING_RETENTION_DAYS, default 30)."""
    return timedelta(days=get_settings().recording_retention_days)


def _bucket() -> str:
    bucket = get_settings().recordings_bucket
    if not bucket:
        raise ServiceUnavailable(
            "Recordings are not available right now.", code="recordings_unavailable"
        )
    return bucket


def s3_client() -> Any:
    """The S3 client of this container, created on first use (SigV4, regional endpoint)."""
    global _s3
    if _s3 is None:
        with _s3_lock:
            if _s3 is None:
                # Imported here: only the recordings functions need boto3 (the Lambda runtime
                # ships it).
                import boto3
                from botocore.config import Config

                settings = get_settings()
                _s3 = boto3.client(
                    "s3",
                    region_name=settings.aws_region,
                    # Virtual-hosted, regional URLs: presigned URLs for a bucket outside
                    # us-east-1 would otherwise name the global endpoint and be redirected.
                    config=Config(
                        signature_version="s3v4",
                        # A local S3 (moto server) answers on one host: path-style there.
                        s3={
                            "addressing_style": "path"
                            if settings.aws_endpoint_url_s3
                            else "virtual"
                        },
                        retries={"mode": "standard"},
                    ),
                )
    return _s3


def reset_s3_client() -> None:
    """Forget the S3 client (tests that start or stop moto)."""
    global _s3
    with _s3_lock:
        _s3 = None


# --- views --------------------------------------------------------------------------------------


@documented
@dataclass(frozen=True)
class UploadView:
    """A presigned S3 PUT: send the file to `upload_url` with `upload_headers` before
    `upload_expires_at`. S3 refuses another Content-Type or another length."""

    id: uuid.UUID
    upload_url: str
    upload_headers: dict[str, str]
    upload_expires_at: datetime
    max_bytes: int
    content_type: str
    expires_at: datetime
    """When the recording is deleted"""


@documented
@dataclass(frozen=True)
class RecordingView:
    """A recording as a participant sees it."""

    id: uuid.UUID
    created_at: datetime
    expires_at: datetime
    video_url: str
    """A presigned GET, valid for at most 15 minutes"""


# --- use cases ----------------------------------------------------------------------------------


def _participant(
    session: Session, appointment_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[str, Appointment]:
    """(`therapist` or `client`, the appointment) for a participant; 404 for anyone else."""
    appointment = session.scalar(
        select(Appointment)
        .where(Appointment.id == appointment_id)
        .options(selectinload(Appointment.therapists))
    )
    if appointment is None:
        raise NotFound("No such appointment.")
    if any(t.therapist_id == user_id for t in appointment.therapists):
        return "therapist", appointment
    if appointment.client_id == user_id:
        return "client", appointment
    raise NotFound("No such appointment.")


def _content_type(value: str) -> str:
    normalised = value.strip().lower()
    if normalised not in ALLOWED_CONTENT_TYPES:
        allowed = ", ".join(sorted(ALLOWED_CONTENT_TYPES))
        raise Unprocessable(
            f"Recordings must be one of: {allowed}.", code="unsupported_content_type"
        )
    return normalised


def recording_key(appointment_id: uuid.UUID, recording_id: uuid.UUID) -> str:
    return f"recordings/{appointment_id}/{recording_id}"


def start_upload(
    user_id: uuid.UUID, appointment_id: uuid.UUID, content_type: str, size_bytes: int
) -> UploadView:
    """A presigned S3 PUT for a new recording of the appointment; only its therapists may
    upload (403 `wrong_role` for its client, 404 for anyone else).

    The signature covers the Content-Type and, when the client declares `size_bytes` (at most
    RECORDING_MAX_BYTES, else 422), the exact Content-Length, so S3 refuses anything else.
    """
    cap = max_bytes()
    now = clock.now()
    recording_id = uuid.uuid4()
    key = recording_key(appointment_id, recording_id)
    with get_session() as session:
        role, appointment = _participant(session, appointment_id, user_id)
        if role != "therapist":
            raise Forbidden("Only the appointment's therapist can upload.", code="wrong_role")
        if appointment.status == "cancelled":
            raise Conflict("A cancelled session has nothing to record.", code="not_recordable")
        content_type = _content_type(content_type)
        bucket = _bucket()
        recording = SessionRecording(
            id=recording_id,
            appointment_id=appointment_id,
            uploaded_by=user_id,
            s3_key=key,
            content_type=content_type,
            max_bytes=cap,
            expires_at=now + retention(),
            created_at=now,
        )
        session.add(recording)
        session.flush()
        params: dict[str, Any] = {"Bucket": bucket, "Key": key, "ContentType": content_type}
        headers = {"Content-Type": content_type}
        if not 0 < size_bytes <= cap:
            raise Unprocessable(f"Recordings are at most {cap} bytes.", code="too_large")
        params["ContentLength"] = size_bytes
        headers["Content-Length"] = str(size_bytes)
        # Signed inside the transaction: if S3 signing fails, no row is left behind.
        url = s3_client().generate_presigned_url(
            "put_object", Params=params, ExpiresIn=int(UPLOAD_URL_TTL.total_seconds())
        )
    logger.info("recording upload started", extra={"recording_id": str(recording_id)})
    return UploadView(
        id=recording_id,
        upload_url=url,
        upload_headers=headers,
        upload_expires_at=now + UPLOAD_URL_TTL,
        max_bytes=cap,
        content_type=content_type,
        expires_at=recording.expires_at,
    )


def list_recordings(
    user_id: uuid.UUID, appointment_id: uuid.UUID, *, limit: int
) -> list[RecordingView]:
    """The appointment's `limit` newest unexpired recordings, each with a presigned GET valid for
    15 minutes or until the recording expires, whichever is sooner (404 for non-participants)."""
    now = clock.now()
    with get_session() as session:
        role, appointment = _participant(session, appointment_id, user_id)
        rows = list(
            session.scalars(
                select(SessionRecording)
                .where(
                    SessionRecording.appointment_id == appointment_id,
                    SessionRecording.expires_at > now,
                )
                .order_by(SessionRecording.created_at.desc(), SessionRecording.id)
                .limit(limit)  # before signing: a link is made for each row
            )
        )
        # Watching a session's recordings is an event of everyone else in it (GET /me/audit).
        from shared.domain import audit

        people = [appointment.client_id, *(t.therapist_id for t in appointment.therapists)]
        audit.record_many(session, audit.Access(user_id, role), "read", "recording",
                          [(r.id, people) for r in rows])  # fmt: skip
    if not rows:
        return []
    bucket, s3 = _bucket(), s3_client()
    rows = _uploaded(rows, bucket, s3, now)
    views = []
    for row in rows:
        valid_for = min(PLAYBACK_URL_TTL, row.expires_at - now)
        url = s3.generate_presigned_url(
            "get_object",
            Params={"Bucket": bucket, "Key": row.s3_key},
            ExpiresIn=max(1, int(valid_for.total_seconds())),
        )
        views.append(RecordingView(row.id, row.created_at, row.expires_at, url))
    return views


def _uploaded(
    rows: list[SessionRecording], bucket: str, s3: Any, now: datetime
) -> list[SessionRecording]:
    """The rows whose object is in S3: known from an earlier listing, or found now with a HEAD
    (and remembered, so each object is asked about until it is first seen, then never again)."""
    from botocore.exceptions import ClientError  # loaded with the S3 client, not at import

    found: list[uuid.UUID] = []
    listed = []
    for row in rows:
        if row.uploaded_at is None:
            try:
                s3.head_object(Bucket=bucket, Key=row.s3_key)
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                    continue  # not uploaded (yet): not a recording anyone can watch
                raise
            found.append(row.id)
        listed.append(row)
    if found:
        with get_session() as session:
            session.execute(
                update(SessionRecording)
                .where(SessionRecording.id.in_(found), SessionRecording.uploaded_at.is_(None))
                .values(uploaded_at=now)
            )
    return listed


def _expire_batch(now: datetime, batch_size: int, bucket: str) -> int:
    """One batch in one transaction: the rows go, and their objects' deletion is queued."""
    with get_session() as session:
        rows = list(
            session.scalars(
                select(SessionRecording)
                .where(SessionRecording.expires_at <= now)
                .order_by(SessionRecording.expires_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        )
        for row in rows:
            session.delete(row)
        outbox.enqueue_many(
            session,
            [{"kind": "blob_delete", "key": f"blob-delete-{row.id}", "priority": outbox.LATER,
              "payload": {"bucket": bucket, "key": row.s3_key}} for row in rows],
            now,
        )  # fmt: skip
    return len(rows)


def expire_recordings(now: datetime, batch_size: int = 200) -> dict[str, int]:
    """The hourly `recording_expiry` job: recordings past `expires_at` leave the database, and
    the deletion of each object from S3 is an outbox effect of the same transaction, tried as the
    job ends and retried until S3 takes it. SKIP LOCKED lets two overlapping runs share the work
    instead of waiting on or repeating each other."""
    bucket = get_settings().recordings_bucket
    if not bucket:
        logger.warning("RECORDINGS_BUCKET is not set: recording expiry skipped")
        return {"deleted": 0}
    deleted = 0
    for _ in range(MAX_EXPIRY_BATCHES):
        done = _expire_batch(now, batch_size, bucket)
        deleted += done
        if done < batch_size:
            break
    if deleted:
        logger.info("recordings expired", extra={"deleted": deleted})
    return {"deleted": deleted}
