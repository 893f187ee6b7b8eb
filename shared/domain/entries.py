"""Journal entries: private to their author, embedded for matching when written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db import get_session
from shared.domain.users import live_user
from shared.embeddings import get_embedder
from shared.errors import NotFound
from shared.models import Entry
from shared.observability import record_business_event
from shared.pagination import Page, paginate


@dataclass(frozen=True)
class EntryView:
    id: uuid.UUID
    content: str
    language_code: str
    created_at: datetime

    @classmethod
    def of(cls, entry: Entry) -> EntryView:
        return cls(entry.id, entry.content, entry.language_code, entry.created_at)


def owned_entry(
    session: Session, user_id: uuid.UUID, entry_id: uuid.UUID, *, for_update: bool = False
) -> Entry:
    """The entry if `user_id` wrote it; 404 whether it is missing or someone else's."""
    statement = select(Entry).where(Entry.id == entry_id, Entry.user_id == user_id)
    if for_update:
        statement = statement.with_for_update()
    entry = session.scalar(statement)
    if entry is None:
        raise NotFound("No such entry.")
    return entry


def create_entry(user_id: uuid.UUID, content: str, language_code: str | None) -> EntryView:
    """Store an entry in the given language (default: the author's profile language)."""
    embedder = get_embedder()
    [vector] = embedder.embed([content])  # outside the transaction: it may call Bedrock
    with get_session() as session:
        author = live_user(session, user_id)
        entry = Entry(
            user_id=user_id,
            content=content,
            language_code=language_code or author.profile.language,
            embedding=vector,
            embedding_model=embedder.model_id,
        )
        session.add(entry)
        session.flush()
        session.refresh(entry, ["created_at"])
        view = EntryView.of(entry)
    record_business_event("EntryWritten")
    return view


def list_entries(user_id: uuid.UUID, *, limit: int, cursor: str | None) -> Page[EntryView]:
    """The author's entries, newest first."""
    with get_session() as session:
        return paginate(
            session,
            select(Entry).where(Entry.user_id == user_id),
            keys=[Entry.created_at, Entry.id],
            limit=limit,
            cursor=cursor,
            to_item=EntryView.of,
        )


def get_entry(user_id: uuid.UUID, entry_id: uuid.UUID) -> EntryView:
    with get_session() as session:
        return EntryView.of(owned_entry(session, user_id, entry_id))


def delete_entry(user_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    """Delete an entry; its matches go with it (ON DELETE CASCADE)."""
    with get_session() as session:
        session.delete(owned_entry(session, user_id, entry_id, for_update=True))
