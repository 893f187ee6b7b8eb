"""The one email sender: SES in AWS, `.eml` files in OUTBOX_DIR locally (EMAIL_BACKEND=file)."""

from __future__ import annotations

import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import lru_cache
from typing import Any, Protocol

from shared import clock
from shared.config import get_settings
from shared.observability import logger


class EmailSender(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class FileOutbox:
    """Writes each message as an RFC 822 `.eml` file, newest last by name."""

    def send(self, message: EmailMessage) -> None:
        outbox = get_settings().outbox_dir
        outbox.mkdir(parents=True, exist_ok=True)
        # Real time, not the domain clock: the name only orders files, and tests freeze the clock.
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        (outbox / name).write_bytes(bytes(message))


class SesSender:
    """Amazon SES, raw messages. The client is created on first use (moto-friendly)."""

    @lru_cache(maxsize=1)  # noqa: B019 - one sender per process
    def _client(self) -> Any:
        import boto3

        return boto3.client("ses")

    def send(self, message: EmailMessage) -> None:
        self._client().send_raw_email(
            Source=str(message["From"]),
            Destinations=[str(message["To"])],
            RawMessage={"Data": bytes(message)},
        )


_senders: dict[str, EmailSender] = {}


def sender() -> EmailSender:
    backend = get_settings().email_backend
    if backend not in _senders:
        if backend == "file":
            _senders[backend] = FileOutbox()
        elif backend == "ses":
            _senders[backend] = SesSender()
        else:
            raise RuntimeError(f"Unknown EMAIL_BACKEND {backend!r}: use 'file' or 'ses'")
    return _senders[backend]


def reset_senders() -> None:
    """Forget the senders (tests switch backends and start moto)."""
    _senders.clear()


def send_email(to: str, subject: str, body: str) -> bool:
    """Send a plain-text email. Returns False (and logs) when delivery failed: callers send
    after their transaction committed, and a lost email must not undo the change."""
    message = EmailMessage()
    message["From"] = get_settings().email_sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(clock.now().timestamp(), usegmt=True)
    message["Message-ID"] = make_msgid(domain="attune.local")
    # 8bit, not quoted-printable: the outbox files stay readable and links copyable.
    message.set_content(body, cte="8bit")
    try:
        sender().send(message)
        return True
    except Exception:
        logger.exception("email delivery failed", extra={"subject": subject})
        return False
