"""The mailer: SES in AWS, `.eml` files in OUTBOX_DIR locally (EMAIL_BACKEND=file).

Use cases never send mail themselves: they queue it in the outbox (`shared.outbox.enqueue`) in
their own transaction, and the outbox calls `deliver_email` after the commit, retrying until the
sender takes it. A sender raises when it did not take a message; that is what makes a retry.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate
from functools import lru_cache
from typing import Any, Protocol

from shared import clock
from shared.config import get_settings


class EmailSender(Protocol):
    """Takes one message or raises."""

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
_override: list[EmailSender] = []


def sender() -> EmailSender:
    """This container's sender (one per backend), or the one a test put in place."""
    if _override:
        return _override[-1]
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


@contextmanager
def use_sender(replacement: EmailSender) -> Iterator[EmailSender]:
    """Send through `replacement` for the block (tests: a fake that can be told to fail)."""
    _override.append(replacement)
    try:
        yield replacement
    finally:
        _override.remove(replacement)


def email_payload(to: str, subject: str, body: str) -> dict[str, str]:
    """What the outbox stores for one email: enough to build it at any later time."""
    return {"to": to, "subject": subject, "body": body}


def build_message(payload: Mapping[str, Any], message_id: str) -> EmailMessage:
    """The RFC 822 message of a stored email. Its Message-ID comes from the outbox key, so a
    retried send is recognisably the same message."""
    message = EmailMessage()
    message["From"] = get_settings().email_sender
    message["To"] = str(payload["to"])
    message["Subject"] = str(payload["subject"])
    message["Date"] = formatdate(clock.now().timestamp(), usegmt=True)
    message["Message-ID"] = f"<{message_id}@attune.local>"
    # 8bit, not quoted-printable: the outbox files stay readable and links copyable.
    message.set_content(str(payload["body"]), cte="8bit")
    return message


def deliver_email(payload: Mapping[str, Any], key: str) -> None:
    """Send one stored email (the outbox's `email` effect); raises when the sender refused."""
    sender().send(build_message(payload, key))
