"""The emails the file backend wrote (.eml files in OUTBOX_DIR), read as a person would:

    .venv/bin/python -m local.emails token me@example.com            # the newest link's token
    .venv/bin/python -m local.emails token me@example.com --link /reset-password

Parsed as MIME, not grepped: a quoted-printable body may wrap a long link across lines.
"""

from __future__ import annotations

import argparse
import email
import email.utils
import re
from pathlib import Path


def newest_token(outbox: Path, to: str, link: str = "/verify-email") -> str | None:
    """The token of the newest `<link>?token=…` emailed to `to`, if there is one."""
    wanted = to.strip().lower()
    for eml in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        message = email.message_from_bytes(eml.read_bytes())
        if email.utils.parseaddr(message["To"] or "")[1].lower() != wanted:
            continue
        for part in message.walk():
            if part.get_content_type() != "text/plain":
                continue
            body = part.get_payload(decode=True)
            text = body.decode() if isinstance(body, bytes) else str(body)
            found = re.search(re.escape(link) + r"\?token=([A-Za-z0-9_\-]+)", text)
            if found:
                return found.group(1)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["token"])
    parser.add_argument("to", help="the address the email went to")
    parser.add_argument("--link", default="/verify-email", help="or /reset-password")
    args = parser.parse_args()
    from local.runenv import read

    outbox = Path(read().get("OUTBOX_DIR", ".data/outbox"))
    token = newest_token(outbox, args.to, args.link)
    if token is None:
        raise SystemExit(f"no {args.link} email to {args.to} in {outbox} (yet?)")
    print(token)


if __name__ == "__main__":
    main()
