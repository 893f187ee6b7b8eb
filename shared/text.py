"""Valid Unicode text: what PostgreSQL can store and the driver can send.

A lone UTF-16 surrogate (U+D800..U+DFFF) is a Python `str` character but not Unicode text: JSON's
`\\ud800` escapes and `surrogatepass` decoding produce one, and pg8000 fails on it half way
through a statement. API.md: such text is a 422 wherever it appears. No FastAPI here, so the
domain (cursors) and the HTTP edge share these checks.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

_SURROGATE = re.compile("[\ud800-\udfff]")


def is_valid_text(text: str) -> bool:
    """False when `text` holds a lone surrogate (ASCII, by far the most common, is checked in C)."""
    return text.isascii() or _SURROGATE.search(text) is None


def only_valid_text(value: Any) -> bool:
    """True when every string in a parsed JSON value (keys too, at any depth) is valid text.
    Iterative: a document json accepted may be nested close to the recursion limit."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if not is_valid_text(item):
                return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def is_utf8_when_unquoted(raw: bytes) -> bool:
    """True when percent-decoding `raw` (a path or query string) gives UTF-8, as the server's
    own decoding assumes: it turns `%FF` or `%ED%A0%80` silently into U+FFFD instead."""
    if b"%" not in raw and raw.isascii():
        return True
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
