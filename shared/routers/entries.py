"""Journal entries: written by clients, visible only to their author."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from shared.domain import entries
from shared.errors import NotFound, ServiceUnavailable
from shared.http.auth import ClientUser, CurrentUser
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.pagination import Page
from shared.schemas.entries import EntryIn

router = APIRouter(tags=["entries"])


@router.post("/entries", status_code=status.HTTP_201_CREATED)
@raises((ServiceUnavailable, "embedding_unavailable", "embedding_rejected"))
def create_entry(body: EntryIn, user: ClientUser) -> entries.EntryView:
    """Write a journal entry

    A client. At most 20,000 characters; the language defaults to the profile's. The entry is
    embedded for matching (503 when the embedding service cannot answer) and only its author
    ever sees it.
    """
    return entries.create_entry(user.id, body.content, body.language_code)


@router.get("/entries")
def list_entries(user: CurrentUser, page: PageQuery) -> Page[entries.EntryView]:
    """List my journal entries

    The author: their own entries, newest first.
    """
    return entries.list_entries(user.id, limit=page.limit, cursor=page.cursor)


@router.get("/entries/{id}")
@raises(NotFound)
def get_entry(id: uuid.UUID, user: CurrentUser) -> entries.EntryView:
    """Read one of my journal entries

    The author; anyone else gets a 404.
    """
    return entries.get_entry(user.id, id)


@router.delete("/entries/{id}", status_code=status.HTTP_204_NO_CONTENT)
@raises(NotFound)
def delete_entry(id: uuid.UUID, user: CurrentUser) -> Response:
    """Delete one of my journal entries

    The author; its stored matches go with it. Anyone else gets a 404.
    """
    entries.delete_entry(user.id, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
