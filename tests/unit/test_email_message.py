"""The RFC 822 bytes the mailer sends: readable, UTF-8, and no header injection."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from shared.email import build_message, email_payload


def test_a_message_round_trips_with_non_ascii_text_and_keeps_tokens_readable() -> None:
    raw = build_message(
        email_payload("lena@example.com", "Sitzung bestätigt", "Grüße!\nhttps://x/?token=ab_c-1"),
        "email-123",
    )
    assert b"token=ab_c-1" in raw  # 8bit: a link can be copied from the file as it is
    message = message_from_bytes(raw, policy=default)
    assert message["Subject"] == "Sitzung bestätigt"
    assert message["To"] == "lena@example.com"
    assert message["Message-ID"] == "<email-123@attune.local>"
    assert message.get_content() == "Grüße!\nhttps://x/?token=ab_c-1\n"


def test_a_line_break_in_a_header_value_cannot_add_a_header() -> None:
    raw = build_message(email_payload("a@example.com", "Hi\r\nBcc: evil@example.com", "x"), "k")
    message = message_from_bytes(raw, policy=default)
    assert message["Bcc"] is None
    assert "evil@example.com" in message["Subject"]
