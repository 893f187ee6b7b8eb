"""Session recordings: presigned uploads for the therapist, playback for every participant."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from shared.domain import recordings
from shared.http.auth import CurrentUser
from shared.http.pagination import LimitQuery
from shared.schemas.recordings import (
    RecordingList,
    RecordingOut,
    RecordingUploadIn,
    RecordingUploadOut,
)

router = APIRouter()


@router.post(
    "/appointments/{id}/recordings", status_code=status.HTTP_201_CREATED, tags=["recordings"]
)
def start_upload(id: uuid.UUID, body: RecordingUploadIn, user: CurrentUser) -> RecordingUploadOut:
    view = recordings.start_upload(user.id, id, body.content_type, body.size_bytes)
    return RecordingUploadOut.model_validate(view, from_attributes=True)


@router.get("/appointments/{id}/recordings", tags=["recordings"])
def list_recordings(id: uuid.UUID, user: CurrentUser, limit: LimitQuery) -> RecordingList:
    """The newest recordings first."""
    found = recordings.list_recordings(user.id, id, limit=limit)
    return RecordingList(
        items=[RecordingOut.model_validate(r, from_attributes=True) for r in found]
    )
