"""Text that is not valid Unicode is a 422 `invalid_text` wherever a request carries it (API.md):
in the path, the query string and JSON bodies (cursors: shared.pagination). Such text must never
reach the database driver, which fails on it half way through a statement."""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import InvalidText
from shared.http.errors import ErrorWhileReading, domain_error_response
from shared.text import is_utf8_when_unquoted, is_valid_text, only_valid_text

# A JSON escape of a surrogate (\ud800-\udfff). Pairs (an escaped emoji) are fine, and a match
# may be an escaped backslash followed by "ud800", so a match only asks for the full check.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_UTF8 = ("utf-8", "utf-8-sig")


def json_body_is_valid_text(body: bytes) -> bool:
    """True unless the JSON the app would parse from `body` holds text that is not valid Unicode.
    Common bodies cost a C-speed decode and one regex scan; only a surrogate escape costs a
    parse. A body that is not JSON at all passes: the app's parser answers it (400)."""
    if json.detect_encoding(body) not in _UTF8:
        return False  # JSON is UTF-8 (API.md); json would read UTF-16, with lone surrogates
    if not body.isascii():
        try:
            body.decode("utf-8")  # strictly: json decodes encoded surrogates (surrogatepass)
        except UnicodeDecodeError:
            return False
    if _SURROGATE_ESCAPE.search(body) is None:
        return True
    try:
        parsed = json.loads(body)  # exactly as the app parses it
    except (ValueError, RecursionError):
        return True
    return only_valid_text(parsed)


def _is_json(scope: Scope) -> bool:
    """The bodies FastAPI parses as JSON: a JSON content type, or none at all."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-type":
            media: bytes = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or (
                media.startswith(b"application/") and media.endswith(b"+json")
            )
    return True


class RejectInvalidText:
    """Pure ASGI middleware. The path and query string are checked before the app runs (the
    server's percent-decoding would have replaced bytes that are not UTF-8 with U+FFFD; Mangum
    hands over API Gateway's decoded path as it is). A JSON body is checked when the app reads
    its last chunk, so bodies nobody reads cost nothing. `raw_body_paths` are read as exact
    bytes by their route (the Stripe webhook, which its own gateway checks), never here."""

    def __init__(self, app: ASGIApp, raw_body_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.raw_body_paths = raw_body_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        raw_path: bytes | None = scope.get("raw_path")
        if not (
            is_valid_text(path)
            and (raw_path is None or is_utf8_when_unquoted(raw_path))
            and is_utf8_when_unquoted(scope.get("query_string", b""))
        ):
            error = InvalidText("The path or query string holds text that is not valid Unicode.")
            await domain_error_response(error)(scope, receive, send)
            return
        if path in self.raw_body_paths or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []

        async def checked_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunk: bytes = message.get("body", b"")
                if message.get("more_body", False):
                    chunks.append(chunk)
                else:
                    body = b"".join([*chunks, chunk]) if chunks else chunk
                    chunks.clear()
                    if body and not json_body_is_valid_text(body):
                        raise ErrorWhileReading(
                            InvalidText("The body holds text that is not valid Unicode.")
                        )
            return message

        await self.app(scope, checked_receive, send)
