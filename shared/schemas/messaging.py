"""The notifications and messages rows of API.md."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, Field

from shared.models import MAX_MESSAGE_CHARS
from shared.schemas.common import body, capped


class ThreadIn(BaseModel):
    model_config = body({"participant_ids": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"]})

    participant_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=9)]


class MessageIn(BaseModel):
    model_config = body({"content": "See you on Tuesday at nine."})

    content: Annotated[str, capped(MAX_MESSAGE_CHARS, min_length=1)]
