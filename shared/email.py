"""The mailer: SES in AWS, `.eml` files in OUTBOX_DIR locally (EMAIL_BACKEND=file).

Use cases never send mail themselves: they queue it in the outbox (`shared.outbox.enqueue`) in
their own transaction, and the outbox calls `deliver_email` after the commit, retrying until the
sender takes it. A sender raises when it did not take a message; that is what makes a retry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import time
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
        # Real time, not the domain clock: the name only orders files, and tests freeze the clock.
        path = outbox / f"{time.time_ns()}-{os.urandom(4).hex()}.eml"
        try:
            path.write_bytes(raw)
        except FileNotFoundError:  # the first email (a reminders run writes thousands)
            outbox.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)


class SesSender:
    """Amazon SES, raw messages. The client is created on first use (moto-friendly)."""

    @lru_cache(maxsize=1)  # noqa: B019 - one sender per process
    def _client(self) -> Any:
        import boto3

        return boto3.client("ses")

    def send(self, raw: bytes, to: str) -> None:
        settings = get_settings()
        extra = (
            {"ConfigurationSetName": settings.ses_configuration_set}
            if settings.ses_configuration_set
            else {}
        )  # its event destination reports bounces and complaints (shared.domain.email_feedback)
        self._client().send_raw_email(
            Source=settings.email_sender, Destinations=[to], RawMessage={"Data": raw}, **extra
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
    """A plain-text email as the outbox stores it (for mail that needs no template; emails
    people read are rendered by `shared.emails.render_email`)."""
    return {"to": to, "subject": subject, "body": body}


def _header(value: str) -> str:
    """One header value: no line breaks (no header injection), RFC 2047 when not ASCII."""
    value = " ".join(value.splitlines())
    return value if value.isascii() else Header(value, "utf-8").encode()


# 8bit keeps the text readable and links copyable, within RFC 5322's 998-octet lines; a part
# with a longer line (a very long name, say) is sent quoted-printable instead.
_LONGEST_8BIT_LINE = 900


def _text_part(content_type: str, text: str) -> str:
    body = ("\n".join(text.splitlines()) if "\r" in text else text.rstrip("\n")) + "\n"
    # A character is at most four bytes in UTF-8: only a long line needs counting in bytes.
    longest = max(map(len, body.split("\n")))
    if longest * 4 > _LONGEST_8BIT_LINE and any(
        len(line.encode("utf-8")) > _LONGEST_8BIT_LINE for line in body.split("\n")
    ):
        encoding = "quoted-printable"
        body = binascii.b2a_qp(body.encode("utf-8")).decode("ascii")
    else:
        encoding = "8bit"
    return (
        f'Content-Type: {content_type}; charset="utf-8"\n'
        f"Content-Transfer-Encoding: {encoding}\n\n{body}"
    )


def _attachment(attachment: Mapping[str, Any]) -> str:
    name = str(attachment["filename"]).replace('"', "")
    data = base64.encodebytes(str(attachment["data"]).encode("utf-8")).decode("ascii")
    return (
        f'Content-Type: {attachment["content_type"]}; charset="utf-8"; name="{name}"\n'
        f'Content-Disposition: attachment; filename="{name}"\n'
        f"Content-Transfer-Encoding: base64\n\n{data}"
    )


def _multipart(subtype: str, boundary: str, parts: list[str]) -> str:
    inner = "".join(f"--{boundary}\n{part}\n" for part in parts)
    return f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n{inner}--{boundary}--\n'


@lru_cache(maxsize=4)
def _from_header(sender: str) -> str:
    """The From header of EMAIL_SENDER (parsed once: it was half of building a message)."""
    return formataddr(parseaddr(sender), charset="utf-8")


def build_message(payload: Mapping[str, Any], message_id: str) -> bytes:
    """The RFC 822 bytes of a stored email: a text and an HTML part (multipart/alternative),
    the attachments beside them (multipart/mixed), UTF-8, 8bit where lines allow it; a payload
    with a plain `body` is a single text part. Written out directly: the `email` package's
    header machinery cost three quarters of a reminder run. Its Message-ID (and so its MIME
    boundaries) come from the outbox key, so a retried send is the same message."""
    headers = [
        ("From", _from_header(get_settings().email_sender)),
        ("To", _header(str(payload["to"]))),
        ("Subject", _header(str(payload["subject"]))),
        ("Date", formatdate(clock.now().timestamp(), usegmt=True)),
        ("Message-ID", f"<{message_id}@{get_settings().message_id_domain}>"),
        ("MIME-Version", "1.0"),
    ]
    if payload.get("language"):
        headers.append(("Content-Language", _header(str(payload["language"]))))
    if "html" in payload:
        tag = hashlib.sha256(message_id.encode()).hexdigest()[:24]
        content = _multipart(
            "alternative",
            f"=_alt_{tag}",
            [_text_part("text/plain", str(payload["text"])),
             _text_part("text/html", str(payload["html"]))],
        )  # fmt: skip
        attachments = payload.get("attachments") or []
        if attachments:
            content = _multipart(
                "mixed", f"=_mix_{tag}", [content.rstrip("\n"), *map(_attachment, attachments)]
            )
    else:
        content = _text_part("text/plain", str(payload["body"]))
    # Line ends as Python's own email generator writes them (and SES accepts them).
    head = "".join(f"{key}: {value}\n" for key, value in headers)
    return (head + content).encode("utf-8")


def deliver_email(payload: Mapping[str, Any], key: str) -> None:
    """Send one stored email (the outbox's `email` effect); raises when the sender refused.
    A payload queued as a template (a reminder) is rendered now, for its recipient."""
    if "template" in payload:
        from shared.emails import payload_of, render

        rendered = render(
            str(payload["template"]),
            payload.get("context") or {},
            language=payload.get("language"),
            timezone=payload.get("timezone"),
        )
        payload = payload_of(rendered, str(payload["to"]), payload.get("attachments") or ())
    sender().send(build_message(payload, key), str(payload["to"]))
