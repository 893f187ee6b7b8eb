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
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from functools import lru_cache
from typing import Any, Protocol

from shared import clock
from shared.config import get_settings


class EmailSender(Protocol):
    """Takes one message (RFC 822 bytes, for one recipient) or raises."""

    def send(self, raw: bytes, to: str) -> None: ...


class FileOutbox:
    """Writes each message as an RFC 822 `.eml` file, newest last by name."""

    def send(self, raw: bytes, to: str) -> None:
        outbox = get_settings().outbox_dir
        outbox.mkdir(parents=True, exist_ok=True)
        # Real time, not the domain clock: the name only orders files, and tests freeze the clock.
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        (outbox / name).write_bytes(raw)


class SesSender:
    """Amazon SES, raw messages. The client is created on first use (moto-friendly)."""

    @lru_cache(maxsize=1)  # noqa: B019 - one sender per process
    def _client(self) -> Any:
        import boto3

        return boto3.client("ses")

    def send(self, raw: bytes, to: str) -> None:
        self._client().send_raw_email(
            Source=get_settings().email_sender, Destinations=[to], RawMessage={"Data": raw}
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


def _header(value: str) -> str:
    """One header value: no line breaks (no header injection), RFC 2047 when not ASCII."""
    value = " ".join(value.splitlines())
    return value if value.isascii() else Header(value, "utf-8").encode()


def build_message(payload: Mapping[str, Any], message_id: str) -> bytes:
    """The RFC 822 bytes of a stored email: plain text, UTF-8, 8bit (so the files stay readable
    and links copyable). Written out directly: the `email` package's header machinery cost
    three quarters of a reminder run. Its Message-ID comes from the outbox key, so a retried
    send is recognisably the same message."""
    name, address = parseaddr(get_settings().email_sender)
    headers = (
        ("From", formataddr((name, address), charset="utf-8")),
        ("To", _header(str(payload["to"]))),
        ("Subject", _header(str(payload["subject"]))),
        ("Date", formatdate(clock.now().timestamp(), usegmt=True)),
        ("Message-ID", f"<{message_id}@attune.local>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'text/plain; charset="utf-8"'),
        ("Content-Transfer-Encoding", "8bit"),
    )
    # Line ends as Python's own email generator writes them (and SES accepts them).
    head = "".join(f"{key}: {value}\n" for key, value in headers)
    body = "\n".join(str(payload["body"]).splitlines()) + "\n"
    return (head + "\n" + body).encode("utf-8")


def deliver_email(payload: Mapping[str, Any], key: str) -> None:
    """Send one stored email (the outbox's `email` effect); raises when the sender refused."""
    sender().send(build_message(payload, key), str(payload["to"]))
