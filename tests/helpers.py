"""Small helpers the HTTP tests share: reading the outbox, making accounts, auth headers."""

from __future__ import annotations

import email
import re
from pathlib import Path

from starlette.testclient import TestClient

PASSWORD = "correct horse battery"


def outbox_messages(outbox: Path) -> list[email.message.Message]:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def last_token(outbox: Path, to: str) -> str:
    """The token in the newest message to `to`."""
    for message in reversed(outbox_messages(outbox)):
        if message["To"] == to:
            body = message.get_payload(decode=True)
            assert isinstance(body, bytes)
            found = re.search(r"token=([A-Za-z0-9_\-]+)", body.decode())
            assert found, "no token in the message"
            return found.group(1)
    raise AssertionError(f"no message to {to}")


def register(
    client: TestClient, email_address: str, role: str = "client", **extra: object
) -> dict[str, object]:
    response = client.post(
        "/auth/register",
        json={
            "email": email_address,
            "password": PASSWORD,
            "role": role,
            "full_name": "Test Person",
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def login(client: TestClient, email_address: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/login", json={"email": email_address, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, str] = response.json()
    return tokens


def bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def verified_user(
    client: TestClient, outbox: Path, email_address: str, role: str = "client"
) -> dict[str, str]:
    """Register, verify and log in; the auth headers of the new account."""
    register(client, email_address, role)
    token = last_token(outbox, email_address)
    assert client.post("/auth/verify-email", json={"token": token}).status_code == 200
    return bearer(login(client, email_address))
