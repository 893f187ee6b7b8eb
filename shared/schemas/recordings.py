"""The recordings rows of API.md's "Notifications, messages, recordings" table."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.schemas.common import capped


class RecordingUploadIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"content_type": "video/webm", "size_bytes": 73400320}]},
    )

    content_type: Annotated[str, capped(100, min_length=1), Field(examples=["video/webm"])]
    size_bytes: Annotated[
        int,
        Field(ge=1, description="The file's exact size: the URL is signed for that many bytes"),
    ]


class RecordingUploadOut(BaseModel):
    """A presigned S3 PUT: send the file to `upload_url` with `upload_headers` before
    `upload_expires_at`. S3 refuses another Content-Type or another length."""

    id: uuid.UUID
    upload_url: str
    upload_headers: dict[str, str]
    upload_expires_at: datetime
    max_bytes: int
    content_type: str
    expires_at: datetime = Field(description="When the recording is deleted")


class RecordingOut(BaseModel):
    id: uuid.UUID
    created_at: datetime
    expires_at: datetime
    video_url: str = Field(description="A presigned GET, valid for at most 15 minutes")


class RecordingList(BaseModel):
    items: list[RecordingOut]
