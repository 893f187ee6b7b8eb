"""Keyset pagination over a real table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.db import get_session
from shared.errors import Unprocessable
from shared.models import User
from shared.pagination import decode_cursor, encode_cursor, paginate


def _make_users(count: int) -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with get_session() as session:
        for i in range(count):
            session.add(
                User(
                    email=f"user{i}@example.com",
                    password_hash="x",
                    role="client",
                    created_at=base + timedelta(minutes=i // 2),  # ties on purpose
                )
            )


def test_pages_cover_every_row_once_in_order() -> None:
    _make_users(45)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        with get_session() as session:
            page = paginate(
                session,
                select(User),
                keys=[User.created_at, User.id],
                limit=20,
                cursor=cursor,
                to_item=lambda u: u.email,
            )
        seen.extend(page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 45


def test_cursor_round_trips_times_and_ids() -> None:
    import uuid

    at, ident = datetime(2026, 5, 1, 12, tzinfo=UTC), uuid.uuid4()
    assert decode_cursor(encode_cursor([at, ident]), 2) == [at, ident]


@pytest.mark.parametrize("bad", ["", "%%%", "bm90LWpzb24", encode_cursor([1, 2, 3])])
def test_foreign_cursor_is_a_422(bad: str) -> None:
    with pytest.raises(Unprocessable):
        decode_cursor(bad or "x", 2)


def test_a_cursor_of_another_list_is_a_422_not_a_database_error() -> None:
    import uuid

    other = encode_cursor(["a name", uuid.uuid4()])  # a directory cursor, used on a time key
    with get_session() as session, pytest.raises(Unprocessable):
        paginate(
            session,
            select(User),
            keys=[User.created_at, User.id],
            limit=5,
            cursor=other,
            to_item=lambda u: u,
        )
