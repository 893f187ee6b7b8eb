"""Message threads between people who share an appointment or a match."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from shared.domain import messages
from shared.errors import Forbidden, NotFound, Unprocessable
from shared.http.auth import CurrentUser
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.pagination import Page
from shared.schemas.messaging import MessageIn, ThreadIn

router = APIRouter(tags=["messages"])


@router.post(
    "/threads",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": messages.ThreadView, "description": "The existing thread of these people"}
    },
)
@raises(NotFound, (Forbidden, "no_relationship"), (Unprocessable, "no_participants", "too_many"))
def open_thread(body: ThreadIn, user: CurrentUser, response: Response) -> messages.ThreadView:
    """Open a message thread

    A logged-in user, with people they share an appointment or a match with (403
    `no_relationship` otherwise). 201 with a new thread, or 200 with the existing thread of
    exactly these participants (the caller included).
    """
    thread, created = messages.open_thread(user.id, body.participant_ids)
    if not created:
        response.status_code = status.HTTP_200_OK
    return thread


@router.get("/threads")
def list_threads(user: CurrentUser, page: PageQuery) -> Page[messages.ThreadView]:
    """List my message threads

    A participant: the threads the caller is in, each with its `last_message` and the
    caller's `unread_count`.
    """
    return messages.list_threads(user.id, limit=page.limit, cursor=page.cursor)


@router.get("/threads/{id}/messages")
@raises(NotFound)
def list_messages(id: uuid.UUID, user: CurrentUser, page: PageQuery) -> Page[messages.MessageView]:
    """Read a thread's messages

    A participant (anyone else gets a 404), newest first. A deleted account's messages keep
    their place with their text erased.
    """
    return messages.list_messages(user.id, id, limit=page.limit, cursor=page.cursor)


@router.post("/threads/{id}/messages", status_code=status.HTTP_201_CREATED)
@raises(NotFound)
def post_message(id: uuid.UUID, body: MessageIn, user: CurrentUser) -> messages.MessageView:
    """Write a message in a thread

    A participant (anyone else gets a 404). The other participants are notified.
    """
    return messages.post_message(user.id, id, body.content)


@router.post("/threads/{id}/read", status_code=status.HTTP_204_NO_CONTENT)
@raises(NotFound)
def mark_thread_read(id: uuid.UUID, user: CurrentUser) -> Response:
    """Mark a thread read

    A participant: their `unread_count` of it becomes 0.
    """
    messages.mark_thread_read(user.id, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
