"""Session recordings: presigned uploads for the therapist, playback for every participant."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from shared.domain import recordings
from shared.errors import Conflict, Forbidden, NotFound, ServiceUnavailable, Unprocessable
from shared.http.auth import CurrentUser
from shared.http.openapi import raises
from shared.http.pagination import LimitQuery
from shared.schemas.recordings import RecordingList, RecordingUploadIn

router = APIRouter()


@router.post(
    "/appointments/{id}/recordings", status_code=status.HTTP_201_CREATED, tags=["recordings"]
)
@raises(
    NotFound,
    (Forbidden, "wrong_role"),
    (Conflict, "not_recordable"),
    (Unprocessable, "unsupported_content_type", "too_large"),
    (ServiceUnavailable, "recordings_unavailable"),
)
def start_recording_upload(
    id: uuid.UUID, body: RecordingUploadIn, user: CurrentUser
) -> recordings.UploadView:
    """Start uploading a session recording

    A therapist of the appointment (its client gets a 403 `wrong_role`, anyone else a 404); 409
    `not_recordable` for a cancelled appointment. Answers a presigned S3 PUT whose signature
    fixes the content type and the exact length (at most the configured maximum): send the
    file to `upload_url` with `upload_headers` before `upload_expires_at`.
    """
    return recordings.start_upload(user.id, id, body.content_type, body.size_bytes)


@router.get("/appointments/{id}/recordings", tags=["recordings"])
@raises(NotFound, (ServiceUnavailable, "recordings_unavailable"))
def list_recordings(id: uuid.UUID, user: CurrentUser, limit: LimitQuery) -> RecordingList:
    """List an appointment's recordings

    A participant (anyone else gets a 404): the newest first, each with a presigned `video_url`
    valid for at most 15 minutes. A recording is listed once its file is in S3, and is gone
    once it expires.
    """
    return RecordingList(items=recordings.list_recordings(user.id, id, limit=limit))
