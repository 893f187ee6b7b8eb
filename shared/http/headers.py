"""Headers every answer carries (API.md): `Cache-Control: no-store`, since nearly every answer
holds someone's personal data and no cache between us and the client may keep it, and
`X-Content-Type-Options: nosniff`, so a browser never reads an answer as another type."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# (name, value) as ASGI sends them; an answer that sets its own Cache-Control keeps it.
ANSWER_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
)


class AnswerHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): adds ANSWER_HEADERS to the start
    of every answer that does not already have them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in ANSWER_HEADERS if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
