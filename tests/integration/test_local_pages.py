"""The pages the verification and reset emails link to, as the local gateway serves them: each
loads, carries the form and the API path its script calls, and the link in the .eml opens it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from local.pages import RESET_API, VERIFY_API
from tests.helpers import PASSWORD, last_token, link_in, register


def test_verify_page_loads_and_calls_the_api(client: TestClient) -> None:
    page = client.get("/verify-email?token=abc")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'fetch(path, {method: "POST"' in page.text and f'post("{VERIFY_API}"' in page.text
    assert 'URLSearchParams(location.search).get("token")' in page.text
    assert "innerHTML" not in page.text


def test_reset_page_has_the_form(client: TestClient) -> None:
    page = client.get("/reset-password?token=abc")
    assert page.status_code == 200
    assert '<form id="reset">' in page.text and 'name="new_password"' in page.text
    assert f'post("{RESET_API}"' in page.text
    assert "innerHTML" not in page.text


def test_the_emailed_links_open_these_pages_and_their_calls_work(
    client: TestClient, outbox: Path
) -> None:
    register(client, "pages@example.com")
    link = link_in(outbox, "pages@example.com", "/verify-email")
    split = urlsplit(link)
    assert client.get(f"{split.path}?{split.query}").status_code == 200
    token = parse_qs(split.query)["token"][0]
    assert token == last_token(outbox, "pages@example.com")
    assert client.post(VERIFY_API, json={"token": token}).json()["email_verified"] is True

    from shared import clock
    from shared.outbox import run_outbox

    assert (
        client.post("/auth/password-reset/request", json={"email": "pages@example.com"}).status_code
        == 202
    )
    run_outbox(clock.now(), budget_seconds=5)
    link = link_in(outbox, "pages@example.com", "/reset-password")
    split = urlsplit(link)
    assert client.get(f"{split.path}?{split.query}").status_code == 200
    token = parse_qs(split.query)["token"][0]
    new = "a brand new passphrase"
    assert client.post(RESET_API, json={"token": token, "new_password": new}).status_code == 204
    assert (
        client.post("/auth/login", json={"email": "pages@example.com", "password": new}).status_code
        == 200
    )
    assert (
        client.post(
            "/auth/login", json={"email": "pages@example.com", "password": PASSWORD}
        ).status_code
        == 401
    )
