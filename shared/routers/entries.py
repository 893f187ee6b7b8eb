"""Journal entries: written by clients, visible only to their author."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from shared.domain import entries
from shared.errors import NotFound, ServiceUnavailable
from shared.http.auth import ClientUser, CurrentUser
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.schemas.common import Page
from shared.schemas.entries import EntryIn, EntryOut

router = APIRouter(tags=["entries"])


def _out(entry: entries.EntryView) -> EntryOut:
    return EntryOut.model_validate(entry, from_attributes=True)


@router.post("/entries", status_code=status.HTTP_201_CREATED, response_model=EntryOut)
@raises((ServiceUnavailable, "embedding_unavailable", "embedding_rejected"))
def create_entry(body: EntryIn, user: ClientUser) -> EntryOut:
    """Write a journal entry

    A client. At most 20,000 characters; the language defaults to the profile's. The entry is
    embedded for matching (503 when the embedding service cannot answer) and only its author
    ever sees it.
    """
    return _out(entries.create_entry(user.id, body.content, body.language_code))


@router.get("/entries", response_model=Page[EntryOut])
def list_entries(user: CurrentUser, page: PageQuery) -> Page[EntryOut]:
    """List my journal entries

    The author: their own entries, newest first.
    """
    found = entries.list_entries(user.id, limit=page.limit, cursor=page.cursor)
    return Page(items=[_out(e) for e in found.items], next_cursor=found.next_cursor)


@router.get("/entries/{id}", response_model=EntryOut)
@raises(NotFound)
def get_entry(id: uuid.UUID, user: CurrentUser) -> EntryOut:
    """Read one of my journal entries

    The author; anyone else gets a 404.
    """
    return _out(entries.get_entry(user.id, id))


@router.delete("/entries/{id}", status_code=status.HTTP_204_NO_CONTENT)
@raises(NotFound)
def delete_entry(id: uuid.UUID, user: CurrentUser) -> Response:
    """Delete one of my journal entries

    The author; its stored matches go with it. Anyone else gets a 404.
    """
    entries.delete_entry(user.id, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
