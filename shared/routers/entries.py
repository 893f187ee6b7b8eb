"""Journal entries: written by clients, visible only to their author."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from shared.domain import entries
from shared.http.auth import ClientUser, CurrentUser
from shared.http.pagination import PageQuery
from shared.schemas.common import Page
from shared.schemas.entries import EntryIn, EntryOut

router = APIRouter(tags=["entries"])


def _out(entry: entries.EntryView) -> EntryOut:
    return EntryOut.model_validate(entry, from_attributes=True)


@router.post("/entries", status_code=status.HTTP_201_CREATED, response_model=EntryOut)
def create_entry(body: EntryIn, user: ClientUser) -> EntryOut:
    return _out(entries.create_entry(user.id, body.content, body.language_code))


@router.get("/entries", response_model=Page[EntryOut])
def list_entries(user: CurrentUser, page: PageQuery) -> Page[EntryOut]:
    found = entries.list_entries(user.id, limit=page.limit, cursor=page.cursor)
    return Page(items=[_out(e) for e in found.items], next_cursor=found.next_cursor)


@router.get("/entries/{id}", response_model=EntryOut)
def get_entry(id: uuid.UUID, user: CurrentUser) -> EntryOut:
    return _out(entries.get_entry(user.id, id))


@router.delete("/entries/{id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_entry(id: uuid.UUID, user: CurrentUser) -> Response:
    entries.delete_entry(user.id, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
