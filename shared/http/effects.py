"""After a request: carry out, once, the outbox effects its transactions committed.

The answer is already decided (and, behind uvicorn, already sent) when this runs; whatever
fails here is left for the `outbox` function, so a committed change never answers 5xx because a
refund or an email could not go out at once.
"""

from __future__ import annotations

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from shared import outbox


class CarryOutEffects:
    """Pure ASGI middleware: collect the effects committed while serving a request, then try
    them in a worker thread (they talk to Stripe, SES and the database)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with outbox.collecting() as committed:
            try:
                await self.app(scope, receive, send)
            finally:
                if committed:
                    await anyio.to_thread.run_sync(outbox.deliver_committed, list(committed))
