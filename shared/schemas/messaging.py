"""The notifications and messages rows of API.md."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.models import MAX_MESSAGE_CHARS
from shared.schemas.common import capped


class NotificationOut(BaseModel):
    id: uuid.UUID
    type: str
    title: str
    message: str
    related_id: uuid.UUID | None
    is_read: bool
    created_at: datetime


class ThreadIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"participant_ids": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"]}]
        },
    )

    participant_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=9)]


class LastMessageOut(BaseModel):
    content: str
    sender_id: uuid.UUID
    created_at: datetime


class ThreadOut(BaseModel):
    id: uuid.UUID
    participant_ids: list[uuid.UUID]
    last_message: LastMessageOut | None
    unread_count: int
    created_at: datetime


class MessageIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"content": "See you on Tuesday at nine."}]}
    )

    content: Annotated[str, capped(MAX_MESSAGE_CHARS, min_length=1)]


class MessageOut(BaseModel):
    id: uuid.UUID
    thread_id: uuid.UUID
    sender_id: uuid.UUID
    content: str
    created_at: datetime
