"""The emailed links, opened in a real headless browser (Debian's chromium, driven by
playwright): the verification page verifies, the reset page takes a new password that then logs
in. The project's test set-up installs chromium (`make browser`, part of `make test`)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from local.devdb import _free_port
from shared import clock
from shared.outbox import run_outbox
from tests.helpers import PASSWORD, environment, link_in, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, chromium reaches for Google's hosts and this machine's closed network refuses.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = "chromium is not installed: run `make browser` (as root: apt-get install)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def _emailed_link(outbox: Path, to: str, path: str) -> str:
    deadline = time.monotonic() + 10  # behind uvicorn the email follows the answer
    while True:
        try:
            return link_in(outbox, to, path)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_the_emailed_links_work_in_a_browser(gateway: object, outbox: Path, browser: Any) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with environment(PUBLIC_BASE_URL=base, APP_BASE_URL=base), serving(gateway, port):
        email = "browser@example.com"
        account = {"email": email, "password": PASSWORD, "role": "client", "full_name": "Bea"}
        registered = httpx.post(f"{base}/auth/register", json=account)
        assert registered.status_code == 201, registered.text
        page = browser.new_page()
        page.goto(_emailed_link(outbox, email, "/verify-email"))
        page.wait_for_selector("body[data-done]")
        assert page.get_attribute("body", "data-done") == "verified"
        assert "verified" in page.inner_text("#status")
        tokens = httpx.post(f"{base}/auth/login", json={"email": email, "password": PASSWORD})
        bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
        me = httpx.get(f"{base}/me", headers=bearer)
        assert me.json()["email_verified"] is True

        asked = httpx.post(f"{base}/auth/password-reset/request", json={"email": email})
        assert asked.status_code == 202
        run_outbox(clock.now())  # reset emails wait for the outbox (same time for anyone)
        page.goto(_emailed_link(outbox, email, "/reset-password"))
        page.fill("#password", "a brand new passphrase")
        page.click("button[type=submit]")
        page.wait_for_selector("body[data-done]")
        assert page.get_attribute("body", "data-done") == "reset"
        assert httpx.post(f"{base}/auth/login", json={
            "email": email, "password": "a brand new passphrase"}).status_code == 200  # fmt: skip
        assert httpx.post(f"{base}/auth/login", json={
            "email": email, "password": PASSWORD}).status_code == 401  # fmt: skip
        page.close()
