"""Looking up live accounts: the one definition of "not deleted" every use case shares."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.errors import NotFound
from shared.models import User


def live_user_by_email(session: Session, email: str, *, for_update: bool = False) -> User | None:
    statement = select(User).where(User.email == email, User.deleted_at.is_(None))
    if for_update:
        statement = statement.with_for_update()
    return session.scalar(statement)


def live_user(session: Session, user_id: uuid.UUID, *, for_update: bool = False) -> User:
    """The account, unless it is deleted; 404 otherwise."""
    statement = select(User).where(User.id == user_id, User.deleted_at.is_(None))
    if for_update:
        statement = statement.with_for_update()
    user = session.scalar(statement)
    if user is None:
        raise NotFound("No such account.")
    return user
