"""The recordings rows of API.md's "Notifications, messages, recordings" table."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from shared.domain.recordings import RecordingView
from shared.schemas.common import body, capped


class RecordingUploadIn(BaseModel):
    model_config = body({"content_type": "video/webm", "size_bytes": 73400320})

    content_type: Annotated[str, capped(100, min_length=1), Field(examples=["video/webm"])]
    size_bytes: Annotated[
        int,
        Field(ge=1, description="The file's exact size: the URL is signed for that many bytes"),
    ]


class RecordingList(BaseModel):
    items: list[RecordingView]
