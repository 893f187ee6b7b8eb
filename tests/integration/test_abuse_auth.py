"""No one can abuse another's inbox or guess passwords faster than the limits say (issue 13).

Each limit is checked the way an abuser would try it: many requests in a row, and many at once
from their own threads (each with its own connection, as Lambda containers have). What is
counted is behaviour: emails queued in the outbox, tokens issued, passwords checked, SQL
statements run. Never a time.
"""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from local.devdb import _free_port
from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session, reset_engine
from shared.domain import accounts, authentication
from shared.models import (
    EmailVerificationToken,
    LoginAttempt,
    OutboxEffect,
    PasswordResetToken,
    User,
)
from shared.models.auth import ThrottleKey
from shared.outbox import run_outbox
from tests.helpers import (
    PASSWORD,
    app_role_statement_timeout,
    bearer,
    environment,
    last_token,
    login,
    outbox_messages,
    serving,
    statements,
)
from tests.helpers import register as register_account

# --- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def wide_pool() -> Iterator[None]:
    """As many connections as racers, as many Lambda containers would have: the race is real
    (the default pool of 3 would queue most of them). Forty racers as threads of one process
    share its GIL, so on a busy machine the last waits ~10 s for the throttle key's lock, as
    forty containers never would: the role's statement timeout (9 s) is lifted for the race,
    in this run's database only, and the socket timeout (10 s) bounds it as before."""
    with environment(DB_POOL_SIZE="1", DB_MAX_OVERFLOW="45"), app_role_statement_timeout("0"):
        reset_engine()
        try:
            yield
        finally:
            reset_engine()


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hash a login verified against (the dummy one for unknown emails too)."""
    from shared.security import passwords

    checked: list[str] = []
    lock = threading.Lock()
    real = passwords.verify_password

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return checked


def at_once(
    gateway: object,
    calls: list[Callable[[TestClient], httpx.Response]],
    address: Callable[[int], str] = lambda i: "testclient",
) -> list[httpx.Response]:
    """Run every call in its own thread with its own client (the i-th from `address(i)`),
    released together; the answers in the order of `calls`."""
    barrier = threading.Barrier(len(calls))
    answers: list[httpx.Response | None] = [None] * len(calls)

    def run(index: int) -> None:
        with TestClient(gateway, client=(address(index), 50000)) as own:  # type: ignore[arg-type]
            barrier.wait()
            answers[index] = calls[index](own)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [a for a in answers if a is not None]
    assert len(done) == len(calls), "a racer failed; see its traceback above"
    return done


def emails_to(address: str) -> int:
    with get_session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(OutboxEffect)
                .where(OutboxEffect.kind == "email", OutboxEffect.payload["to"].astext == address)
            )
            or 0
        )


def reset_tokens(address: str) -> int:
    with get_session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(PasswordResetToken)
                .where(PasswordResetToken.email == address)
            )
            or 0
        )


def verification_tokens() -> int:
    with get_session() as session:
        return session.scalar(select(func.count()).select_from(EmailVerificationToken)) or 0


# --- email limits ------------------------------------------------------------------------------


def test_thirty_reset_requests_queue_three_emails_an_hour_sent_by_the_outbox(
    client: TestClient, outbox: Path, frozen_clock: FrozenClock
) -> None:
    register_account(client, "inbox@example.com")  # its verification email is one of its own
    answers = [
        client.post("/auth/password-reset/request", json={"email": "inbox@example.com"})
        for _ in range(30)
    ]
    assert {a.status_code for a in answers} == {202}
    assert reset_tokens("inbox@example.com") == 3
    assert emails_to("inbox@example.com") == 1 + 3
    # Left to the outbox function: no request sent one.
    assert [m["Subject"] for m in outbox_messages(outbox)] == ["Confirm your email for Attune"]
    run_outbox(clock.now(), kinds=("email",))
    subjects = [m["Subject"] for m in outbox_messages(outbox)]
    assert subjects.count("Reset your Attune password") == 3
    # An hour after the first, there is room again.
    frozen_clock.advance(timedelta(hours=1, seconds=1))
    for _ in range(5):
        client.post("/auth/password-reset/request", json={"email": "inbox@example.com"})
    assert reset_tokens("inbox@example.com") == 6


def test_thirty_verification_resends_queue_three_emails_an_hour(
    client: TestClient, outbox: Path, frozen_clock: FrozenClock
) -> None:
    register_account(client, "unverified@example.com")
    # The registration's email counts: two more within its hour.
    for _ in range(30):
        answer = client.post("/auth/resend-verification", json={"email": "unverified@example.com"})
        assert answer.status_code == 202
    assert verification_tokens() == emails_to("unverified@example.com") == 3
    frozen_clock.advance(timedelta(hours=1, seconds=1))
    answers = [
        client.post("/auth/resend-verification", json={"email": "unverified@example.com"})
        for _ in range(30)
    ]
    assert {a.status_code for a in answers} == {202}
    assert verification_tokens() == emails_to("unverified@example.com") == 3 + 3
    assert len(outbox_messages(outbox)) == 1  # only registration's was sent by its request
    run_outbox(clock.now(), kinds=("email",))
    assert len(outbox_messages(outbox)) == 6


def test_ten_parallel_requests_for_one_address_send_three(
    client: TestClient, gateway: object, wide_pool: None
) -> None:
    register_account(client, "burst@example.com")
    body = {"email": "burst@example.com"}
    resets = at_once(gateway, [lambda c: c.post("/auth/password-reset/request", json=body)] * 10)
    resends = at_once(gateway, [lambda c: c.post("/auth/resend-verification", json=body)] * 10)
    assert {a.status_code for a in resets + resends} == {202}
    assert reset_tokens("burst@example.com") == 3
    assert verification_tokens() == 3  # registration's and two more
    assert emails_to("burst@example.com") == 3 + 3


def test_known_and_unknown_addresses_run_the_same_statements(
    client: TestClient, outbox: Path
) -> None:
    register_account(client, "known@example.com")
    register_account(client, "verified@example.com")
    client.post(
        "/auth/verify-email", json={"token": last_token(outbox, "verified@example.com")}
    ).raise_for_status()

    with statements() as known:
        authentication.request_password_reset("known@example.com")
    with statements() as unknown:
        authentication.request_password_reset("nobody@example.com")
    assert reset_tokens("known@example.com") == 1  # the known one did get its token
    assert len(known) == len(unknown)
    assert known == unknown

    with statements() as unverified:
        accounts.resend_verification("known@example.com")
    with statements() as verified:
        accounts.resend_verification("verified@example.com")
    with statements() as nobody:
        accounts.resend_verification("nobody@example.com")
    assert verification_tokens() == 2 + 1
    assert len(unverified) == len(verified) == len(nobody)
    assert unverified == verified == nobody


# --- login limits under concurrency ------------------------------------------------------------


def guess(email: str) -> Callable[[TestClient], httpx.Response]:
    return lambda c: c.post("/auth/login", json={"email": email, "password": "guess guess"})


def test_forty_parallel_failed_logins_from_one_ip_check_twenty_passwords(
    client: TestClient,
    gateway: object,
    wide_pool: None,
    password_checks: list[str],
    frozen_clock: FrozenClock,
) -> None:
    register_account(client, "mine@example.com")
    answers = at_once(
        gateway,
        [guess(f"spray{i}@example.com") for i in range(40)],
        address=lambda i: "198.51.100.7",
    )
    assert len(password_checks) == 20
    assert sorted(a.status_code for a in answers) == [401] * 20 + [429] * 20
    for throttled in (a for a in answers if a.status_code == 429):
        assert throttled.json()["code"] == "too_many_attempts"
        assert 0 < int(throttled.headers["Retry-After"]) <= 15 * 60 + 1
    with get_session() as session:
        attempts = session.scalars(select(LoginAttempt)).all()
    assert len(attempts) == 40  # throttled ones are recorded, not counted
    assert sum(not a.throttled for a in attempts) == 20
    # Even the right password waits for the window; then it works.
    with TestClient(gateway, client=("198.51.100.7", 50000)) as same_ip:  # type: ignore[arg-type]
        body = {"email": "mine@example.com", "password": PASSWORD}
        assert same_ip.post("/auth/login", json=body).status_code == 429
        frozen_clock.advance(timedelta(minutes=15, seconds=1))
        assert same_ip.post("/auth/login", json=body).status_code == 200


@pytest.mark.parametrize("known", [True, False], ids=["known email", "unknown email"])
def test_forty_parallel_failed_logins_for_one_email_check_five_passwords(
    client: TestClient,
    gateway: object,
    wide_pool: None,
    password_checks: list[str],
    known: bool,
) -> None:
    if known:
        register_account(client, "target@example.com")
    answers = at_once(
        gateway, [guess("target@example.com")] * 40, address=lambda i: f"203.0.113.{i + 1}"
    )
    assert len(password_checks) == 5
    assert sorted(a.status_code for a in answers) == [401] * 5 + [429] * 35


def test_deleting_an_account_forgets_its_throttle_keys(client: TestClient, outbox: Path) -> None:
    register_account(client, "leaving@example.com")
    headers = bearer(login(client, "leaving@example.com"))
    client.post("/auth/password-reset/request", json={"email": "leaving@example.com"})
    with get_session() as session:
        scopes = set(session.scalars(select(ThrottleKey.scope)))
    assert scopes == {"login_email", "login_ip", "emailed"}
    assert client.delete("/me", headers=headers).status_code == 204
    with get_session() as session:
        assert not session.scalars(
            select(ThrottleKey).where(ThrottleKey.key == "leaving@example.com")
        ).all()


def test_a_password_changed_while_it_was_checked_does_not_log_in(
    client: TestClient, outbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The password is checked outside the transaction: a reset in between wins."""
    from shared.security import passwords

    register_account(client, "moving@example.com")
    real = passwords.verify_password

    def reset_meanwhile(password_hash: str, password: str) -> bool:
        with get_session() as session:
            user = session.scalar(select(User).where(User.email == "moving@example.com"))
            assert user is not None
            user.password_hash = passwords.hash_password("a different passphrase")
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", reset_meanwhile)
    answer = client.post("/auth/login", json={"email": "moving@example.com", "password": PASSWORD})
    assert (answer.status_code, answer.json()["code"]) == (401, "invalid_credentials")
    with get_session() as session:
        assert session.scalar(select(LoginAttempt.success)) is False


# --- small ones --------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["full_name", "timezone", "language"])
def test_patch_me_null_for_a_required_field_is_422_and_changes_nothing(
    client: TestClient, outbox: Path, field: str
) -> None:
    register_account(client, "nulls@example.com", timezone="Europe/Berlin", language="de")
    headers = bearer(login(client, "nulls@example.com"))
    before = client.get("/me", headers=headers).json()
    answer = client.patch("/me", json={field: None, "bio": "changed?"}, headers=headers)
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")
    assert client.get("/me", headers=headers).json() == before
    # null still removes an optional field.
    removed = client.patch("/me", json={"display_name": None}, headers=headers)
    assert (removed.status_code, removed.json()["display_name"]) == (200, None)


@pytest.mark.parametrize("blank", [" " * 10, "\t\n" * 6, "\u3000" * 10])
def test_a_password_of_whitespace_only_is_refused(
    client: TestClient, outbox: Path, blank: str
) -> None:
    account = {"email": "blank@example.com", "role": "client", "full_name": "Blank"}
    refused = client.post("/auth/register", json={**account, "password": blank})
    assert (refused.status_code, refused.json()["code"]) == (422, "validation_error")
    register_account(client, "blank@example.com")
    client.post("/auth/password-reset/request", json={"email": "blank@example.com"})
    run_outbox(clock.now(), kinds=("email",))
    token = last_token(outbox, "blank@example.com")
    refused = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": blank}
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "validation_error")
    # The token was not spent, and a password with something in it is fine (spaces included).
    accepted = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": "  spaced  out  "}
    )
    assert accepted.status_code == 204
    assert login(client, "blank@example.com", "  spaced  out  ")["access_token"]


@contextmanager
def served_as_make_run_serves(app: object) -> Iterator[str]:
    """`app` on a loopback port with the uvicorn settings `make run` uses."""
    from local.run import server_config

    port = _free_port()
    with serving(app, port, server_config(app, "127.0.0.1", port)) as base:
        yield base


def test_the_local_server_counts_the_socket_peer_not_x_forwarded_for(gateway: object) -> None:
    with served_as_make_run_serves(gateway) as base:
        for i in range(3):
            answer = httpx.post(
                f"{base}/auth/login",
                json={"email": "ghost@example.com", "password": "guess guess"},
                headers={"X-Forwarded-For": f"203.0.113.{i}", "X-Real-IP": "203.0.113.99"},
            )
            assert answer.status_code == 401
    with get_session() as session:
        addresses = session.scalars(select(LoginAttempt.ip_address)).all()
    assert addresses == ["127.0.0.1"] * 3


OPTIONAL_TOKEN = {("GET", "/therapists/{id}"), ("GET", "/services"), ("GET", "/services/{id}")}


def test_the_openapi_document_says_where_a_token_is_optional(
    gateway: object, client: TestClient
) -> None:
    document: dict[str, Any] = gateway.openapi()  # type: ignore[attr-defined]
    declared = {
        (method.upper(), path): operation.get("security")
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    for operation in OPTIONAL_TOKEN:
        assert declared[operation] == [{}, {"HTTPBearer": []}], operation
    for operation, security in declared.items():
        if operation not in OPTIONAL_TOKEN:
            assert security in (None, [{"HTTPBearer": []}]), operation
    assert declared[("GET", "/me")] == [{"HTTPBearer": []}]
    assert set(document["components"]["securitySchemes"]) == {"HTTPBearer"}
    # And they do serve a caller without a token.
    assert client.get("/services").status_code == 200
    assert client.get(f"/services/{uuid.uuid4()}").status_code == 404
    assert client.get(f"/therapists/{uuid.uuid4()}").status_code == 404
    assert client.get("/me").status_code == 401


def test_the_dev_database_comes_back_on_the_port_it_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make db-stop && make db-start` when 54320 was taken: the same port again, where a
    serving `make run` still looks for it."""
    from local import devdb

    monkeypatch.delenv("ATTUNE_DB_PORT", raising=False)
    monkeypatch.setattr(devdb, "DEV_PGDATA", tmp_path / "pg")
    monkeypatch.setattr(devdb, "DEV_PORT_FILE", tmp_path / "pg-port")
    with socket.socket() as busy:  # another checkout's database, say
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        monkeypatch.setattr(devdb, "DEFAULT_PORT", busy.getsockname()[1])
        first = devdb.dev_server()
        try:
            first.start()
            assert first.port != devdb.DEFAULT_PORT
            first.stop()
            again = devdb.dev_server()
            again.start()
            assert again.port == first.port
        finally:
            devdb.dev_server().stop()
