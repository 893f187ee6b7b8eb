"""Cursor pagination, one way for every list: keyset on a fixed sort, opaque cursors.

A cursor is the sort key of the last item served, base64url-encoded JSON. Keyset pagination keeps
pages stable while rows are inserted, and costs one index range scan per page.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from shared.errors import InvalidText, Unprocessable
from shared.text import only_valid_text

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_ACCEPT_BATCH = 800

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """API.md's list shape."""

    items: list[T]
    next_cursor: str | None


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "t" in value:
        return datetime.fromisoformat(value["t"])
    if isinstance(value, dict) and "u" in value:
        return uuid.UUID(value["u"])
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_NOT_UNICODE = "The cursor holds text that is not valid Unicode."


def decode_cursor(cursor: str, width: int) -> list[Any]:
    """The key values inside a cursor; a cursor we did not make is a 422, never a 500 (and
    `invalid_text` when it holds text that is not valid Unicode, as anywhere else)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode())
        try:  # strictly: json.loads(bytes) would decode encoded surrogates
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidText(_NOT_UNICODE) from None
        values = json.loads(text)
        if not only_valid_text(values):  # a lone surrogate would reach the driver
            raise InvalidText(_NOT_UNICODE)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("wrong width")
        decoded = [_decode_value(v) for v in values]
        if any(isinstance(v, str) and "\x00" in v for v in decoded):
            raise ValueError("NUL in cursor")
        return decoded
    except (ValueError, binascii.Error, TypeError, KeyError):
        raise Unprocessable(
            "The cursor is not one this API issued.", code="invalid_cursor"
        ) from None


def paginate(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    *,
    keys: Sequence[InstrumentedAttribute[Any]],
    limit: int,
    cursor: str | None,
    descending: bool = True,
    to_item: Callable[[Any], T],
    row_key: Callable[[Any], Sequence[Any]] | None = None,
    accept: Callable[[list[Any]], list[Any]] | None = None,
) -> Page[T]:
    """Run `statement` one page at a time, ordered by `keys` (all in one direction).

    `row_key` extracts the key values from a result row (default: the attributes of the entity,
    when one entity is selected). `accept`, for a rule SQL cannot express, keeps the rows of a
    batch that belong in the list; pages then read on until they are full or the rows run out,
    and the cursor points after the last row examined.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    after = decode_cursor(cursor, len(keys)) if cursor else None
    if after is not None:
        # A cursor of another list decodes fine but would compare unlike types in SQL.
        for key, value in zip(keys, after, strict=True):
            if not isinstance(value, key.type.python_type):
                raise Unprocessable("The cursor belongs to another list.", code="invalid_cursor")
    ordering = [k.desc() if descending else k.asc() for k in keys]
    batch = limit + 1 if accept is None else max(2 * limit, 50)
    key_of = row_key or (lambda row: [getattr(row, k.key) for k in keys])
    kept: list[Any] = []
    while True:
        page_statement = statement
        if after is not None:
            key_tuple = tuple_(*keys)
            page_statement = statement.where(
                key_tuple < tuple_(*after) if descending else key_tuple > tuple_(*after)
            )
        result = session.execute(page_statement.order_by(*ordering).limit(batch))
        # One entity selected: items are that entity; several: items are rows.
        rows = list(result.scalars() if len(statement.column_descriptions) == 1 else result.all())
        exhausted = len(rows) < batch
        for row in accept(rows) if accept else rows:
            kept.append(row)
            if len(kept) > limit:
                break
        if len(kept) > limit or exhausted or not rows:
            break
        after = list(key_of(rows[-1]))
        # Few rows pass: read on in bigger steps, so a page that finds nothing costs a few
        # batches, not one per 50 rows.
        batch = min(batch * 2, MAX_ACCEPT_BATCH)
    more = len(kept) > limit
    kept = kept[:limit]
    next_cursor = encode_cursor(key_of(kept[-1])) if more and kept else None
    return Page(items=[to_item(r) for r in kept], next_cursor=next_cursor)
