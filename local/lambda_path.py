"""The local gateway's Lambda path: each HTTP request becomes the API Gateway HTTP API
(payload 2.0) event API Gateway would send, handed to the function's real `handler` (Mangum,
Powertools, the app), and the handler's answer becomes the HTTP response — as
`sam local start-api` does, without Docker.
"""

from __future__ import annotations

import asyncio
import base64
import time
import uuid
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from starlette.types import Receive, Scope, Send

from local.invoke import LocalContext
from local.template import Route


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def http_api_event(scope: Scope, body: bytes, route: Route) -> dict[str, Any]:
    """The payload-2.0 event for this request: repeated headers joined by commas and cookies
    apart (as API Gateway does), path parameters by the template's names, the socket peer as
    `sourceIp`, a body that is not UTF-8 base64-encoded."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
        else:
            headers[name] = f"{headers[name]},{value}" if name in headers else value
    raw_path = scope.get("raw_path") or quote(scope["path"]).encode()
    path: str = scope["path"]
    parameters = dict(zip(route.parameter_names, route.pattern.match(path).groups(), strict=True))  # type: ignore[union-attr]
    try:
        text: str | None = body.decode() if body else None
        encoded = False
    except UnicodeDecodeError:
        text, encoded = base64.b64encode(body).decode(), True
    client = scope.get("client") or ("127.0.0.1", 0)
    route_key = f"{route.method} {route.path}"
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw_path.decode("latin-1"),
        "rawQueryString": scope.get("query_string", b"").decode("latin-1"),
        "headers": headers,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": headers.get("host", "127.0.0.1"),
            "http": {
                "method": scope["method"],
                "path": path,
                "protocol": f"HTTP/{scope.get('http_version', '1.1')}",
                "sourceIp": client[0],
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": route_key,
            "stage": "$default",
            "timeEpoch": int(time.time() * 1000),
        },
        "isBase64Encoded": encoded,
    }
    if text is not None:
        event["body"] = text
    if cookies:
        event["cookies"] = cookies
    if parameters:
        event["pathParameters"] = parameters
    return event


async def respond(result: dict[str, Any], send: Send) -> None:
    """The handler's answer (payload 2.0 response) as the HTTP response."""
    body = result.get("body") or ""
    content = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    headers = [
        (name.lower().encode("latin-1"), str(value).encode("latin-1"))
        for name, value in (result.get("headers") or {}).items()
        if name.lower() != "content-length"
    ]
    headers += [(b"set-cookie", c.encode("latin-1")) for c in result.get("cookies") or []]
    headers.append((b"content-length", str(len(content)).encode()))
    await send({"type": "http.response.start", "status": result["statusCode"], "headers": headers})
    await send({"type": "http.response.body", "body": content})


class LambdaTarget:
    """One function, invoked as Lambda invokes it: its handler, a context, one request at a
    time per call (the handler runs in a worker thread, off the server's event loop)."""

    def __init__(self, logical_id: str, handler: Any) -> None:
        self.logical_id = logical_id
        self.handler = handler

    def _invoke(self, event: dict[str, Any], context: LocalContext) -> dict[str, Any]:
        """Mangum runs the app on the thread's event loop, which Lambda's main thread has and a
        worker thread has not: give each worker one of its own, kept for its next request."""
        try:
            asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            asyncio.set_event_loop(asyncio.new_event_loop())
        result: dict[str, Any] = self.handler(event, context)
        return result

    async def __call__(self, route: Route, scope: Scope, receive: Receive, send: Send) -> None:
        event = http_api_event(scope, await read_body(receive), route)
        context = LocalContext(function_name=self.logical_id)
        result = await anyio.to_thread.run_sync(self._invoke, event, context)
        await respond(result, send)
