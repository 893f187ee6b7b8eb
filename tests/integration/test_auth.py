"""Accounts and authentication, end to end through HTTP against the real database."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import func, select
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.models import LoginAttempt, RefreshToken, User
from shared.outbox import run_outbox
from shared.security.passwords import needs_rehash
from tests.helpers import PASSWORD, bearer, last_token, login, outbox_messages, register


def send_queued_emails() -> None:
    """What the outbox function does within a minute: resent verification and reset emails
    are left to it, not sent by the request."""
    run_outbox(clock.now(), kinds=("email",))


def test_register_normalises_email_and_sends_a_verification_token(
    client: TestClient, outbox: Path
) -> None:
    body = register(
        client, "  Casey@Example.COM ", timezone="Europe/Berlin", language="de", full_name="Casey"
    )
    assert body["email"] == "casey@example.com"
    assert body["role"] == "client"
    assert body["email_verified"] is False
    assert (body["timezone"], body["language"], body["full_name"]) == (
        "Europe/Berlin",
        "de",
        "Casey",
    )
    assert set(body) == {
        "id",
        "email",
        "role",
        "email_verified",
        "full_name",
        "display_name",
        "bio",
        "timezone",
        "language",
        "phone",
    }
    [message] = outbox_messages(outbox)
    assert message["To"] == "casey@example.com"
    assert last_token(outbox, "casey@example.com")


def test_register_defaults_zone_and_language(client: TestClient, outbox: Path) -> None:
    body = register(client, "d@example.com")
    assert (body["timezone"], body["language"]) == ("UTC", "en")


def test_duplicate_email_in_any_case_is_409(client: TestClient, outbox: Path) -> None:
    register(client, "dup@example.com")
    response = client.post(
        "/auth/register",
        json={
            "email": "DUP@example.com",
            "password": PASSWORD,
            "role": "therapist",
            "full_name": "Other",
        },
    )
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"


def test_invalid_registrations_are_422_and_create_nothing(client: TestClient, outbox: Path) -> None:
    good = {"email": "x@example.com", "password": PASSWORD, "role": "client", "full_name": "X"}
    for change in (
        {"password": "short"},
        {"email": "not-an-email"},
        {"role": "admin"},
        {"timezone": "Mars/Olympus"},
        {"timezone": "../../etc/passwd"},
        {"language": "english please"},
        {"full_name": ""},
        {"full_name": "x" * 201},
        {"unexpected": True},
    ):
        response = client.post("/auth/register", json={**good, **change})
        assert response.status_code == 422, change
        assert response.json()["code"] == "validation_error"
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_malformed_and_oversized_bodies(client: TestClient) -> None:
    response = client.post(
        "/auth/register", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert (response.status_code, response.json()["code"]) == (400, "malformed_json")
    huge = b'{"email": "' + b"a" * (1024 * 1024 + 1) + b'"}'
    response = client.post(
        "/auth/register", content=huge, headers={"content-type": "application/json"}
    )
    assert (response.status_code, response.json()["code"]) == (413, "payload_too_large")


def test_concurrent_registrations_of_one_email_yield_one_account(
    gateway: object, outbox: Path
) -> None:
    racers = 8
    barrier = threading.Barrier(racers)
    statuses: list[int] = []
    lock = threading.Lock()

    def race(i: int) -> None:
        with TestClient(gateway) as own_client:  # type: ignore[arg-type]
            barrier.wait()
            response = own_client.post(
                "/auth/register",
                json={
                    "email": "race@example.com",
                    "password": PASSWORD,
                    "role": "client",
                    "full_name": f"Racer {i}",
                },
            )
            with lock:
                statuses.append(response.status_code)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [409] * (racers - 1)
    with get_session() as session:
        count = session.scalar(
            select(func.count()).select_from(User).where(User.email == "race@example.com")
        )
    assert count == 1


def test_verify_email_is_single_use(client: TestClient, outbox: Path) -> None:
    register(client, "v@example.com")
    token = last_token(outbox, "v@example.com")
    response = client.post("/auth/verify-email", json={"token": token})
    assert response.status_code == 200
    assert response.json()["email_verified"] is True
    again = client.post("/auth/verify-email", json={"token": token})
    assert (again.status_code, again.json()["code"]) == (400, "token_invalid")
    unknown = client.post("/auth/verify-email", json={"token": "nonsense"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "token_invalid")


def test_verification_token_expires_after_48_hours(
    client: TestClient, outbox: Path, frozen_clock: FrozenClock
) -> None:
    register(client, "late@example.com")
    token = last_token(outbox, "late@example.com")
    frozen_clock.advance(timedelta(hours=48, seconds=1))
    response = client.post("/auth/verify-email", json={"token": token})
    assert (response.status_code, response.json()["code"]) == (410, "token_expired")


def test_resend_verification_is_202_always_and_mails_only_unverified(
    client: TestClient, outbox: Path
) -> None:
    register(client, "r@example.com")
    assert (
        client.post("/auth/resend-verification", json={"email": "r@example.com"}).status_code == 202
    )
    assert (
        client.post("/auth/resend-verification", json={"email": "who@example.com"}).status_code
        == 202
    )
    send_queued_emails()
    assert [m["To"] for m in outbox_messages(outbox)] == ["r@example.com", "r@example.com"]
    second = last_token(outbox, "r@example.com")
    assert client.post("/auth/verify-email", json={"token": second}).status_code == 200
    client.post("/auth/resend-verification", json={"email": "r@example.com"})
    send_queued_emails()
    assert len(outbox_messages(outbox)) == 2


def test_login_and_me(client: TestClient, outbox: Path) -> None:
    register(client, "me@example.com")
    tokens = login(client, "ME@example.com")
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 900
    me = client.get("/me", headers=bearer(tokens))
    assert me.status_code == 200
    assert me.json()["email"] == "me@example.com"


def test_me_needs_a_valid_token(client: TestClient) -> None:
    assert client.get("/me").json()["code"] == "not_authenticated"
    assert client.get("/me").status_code == 401
    bad = client.get("/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert (bad.status_code, bad.json()["code"]) == (401, "invalid_token")


def test_access_token_expires(client: TestClient, outbox: Path, frozen_clock: FrozenClock) -> None:
    register(client, "exp@example.com")
    headers = bearer(login(client, "exp@example.com"))
    frozen_clock.advance(timedelta(seconds=901))
    assert client.get("/me", headers=headers).status_code == 401


def test_wrong_password_and_unknown_email_are_the_same_401_and_recorded(
    client: TestClient, outbox: Path
) -> None:
    register(client, "who@example.com")
    wrong = client.post("/auth/login", json={"email": "who@example.com", "password": "nope nope!"})
    unknown = client.post("/auth/login", json={"email": "ghost@example.com", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    with get_session() as session:
        attempts = session.scalars(select(LoginAttempt).order_by(LoginAttempt.attempted_at)).all()
        assert [(a.email, a.success, a.user_id is None) for a in attempts] == [
            ("who@example.com", False, False),
            ("ghost@example.com", False, True),
        ]
        assert all(a.ip_address == "testclient" for a in attempts)


def test_five_failures_throttle_even_the_right_password_until_the_window_passes(
    client: TestClient, outbox: Path, frozen_clock: FrozenClock
) -> None:
    register(client, "t@example.com")
    for _ in range(5):
        response = client.post("/auth/login", json={"email": "t@example.com", "password": "wrong!"})
        assert response.status_code == 401
        frozen_clock.advance(timedelta(seconds=10))
    blocked = client.post("/auth/login", json={"email": "t@example.com", "password": PASSWORD})
    assert (blocked.status_code, blocked.json()["code"]) == (429, "too_many_attempts")
    retry_after = int(blocked.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    frozen_clock.advance(timedelta(seconds=retry_after - 2))
    assert (
        client.post(
            "/auth/login", json={"email": "t@example.com", "password": PASSWORD}
        ).status_code
        == 429
    )
    frozen_clock.advance(timedelta(seconds=3))
    assert login(client, "t@example.com")["access_token"]


def test_twenty_failures_from_one_ip_throttle_that_ip(
    client: TestClient, outbox: Path, frozen_clock: FrozenClock
) -> None:
    register(client, "ip@example.com")
    for i in range(20):
        email = f"spray{i}@example.com"
        assert client.post("/auth/login", json={"email": email, "password": "x"}).status_code == 401
    blocked = client.post("/auth/login", json={"email": "ip@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers


def test_login_rehashes_a_password_hashed_with_old_parameters(
    client: TestClient, outbox: Path
) -> None:
    register(client, "old@example.com")
    weak = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    with get_session() as session:
        user = session.scalar(select(User).where(User.email == "old@example.com"))
        assert user is not None
        user.password_hash = weak
    login(client, "old@example.com")
    with get_session() as session:
        stored = session.scalar(select(User.password_hash).where(User.email == "old@example.com"))
    assert stored != weak and stored is not None and not needs_rehash(stored)


def test_refresh_rotates_and_a_replayed_token_revokes_the_family(
    client: TestClient, outbox: Path
) -> None:
    register(client, "rot@example.com")
    first = login(client, "rot@example.com")
    second = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    pair = second.json()
    assert pair["refresh_token"] != first["refresh_token"]
    assert client.get("/me", headers=bearer(pair)).status_code == 200

    replay = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert (replay.status_code, replay.json()["code"]) == (401, "refresh_token_reused")
    # The thief's (or the owner's) newer token died with the family.
    after = client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert after.status_code == 401
    # A separate login is a separate family and still works.
    other = login(client, "rot@example.com")
    assert (
        client.post("/auth/refresh", json={"refresh_token": other["refresh_token"]}).status_code
        == 200
    )


def test_refresh_token_expires(client: TestClient, outbox: Path, frozen_clock: FrozenClock) -> None:
    register(client, "old-refresh@example.com")
    tokens = login(client, "old-refresh@example.com")
    frozen_clock.advance(timedelta(days=30, seconds=1))
    response = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 401


def test_logout_spends_the_refresh_token(client: TestClient, outbox: Path) -> None:
    register(client, "out@example.com")
    tokens = login(client, "out@example.com")
    response = client.post(
        "/auth/logout", json={"refresh_token": tokens["refresh_token"]}, headers=bearer(tokens)
    )
    assert response.status_code == 204
    again = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401
    assert client.post("/auth/logout", json={"refresh_token": "x"}).status_code == 401


def test_password_reset_flow(client: TestClient, outbox: Path) -> None:
    register(client, "reset@example.com")
    session_tokens = login(client, "reset@example.com")
    assert (
        client.post(
            "/auth/password-reset/request", json={"email": "nobody@example.com"}
        ).status_code
        == 202
    )
    send_queued_emails()
    assert len(outbox_messages(outbox)) == 1  # only the verification email so far
    assert (
        client.post("/auth/password-reset/request", json={"email": "Reset@Example.com"}).status_code
        == 202
    )
    send_queued_emails()
    token = last_token(outbox, "reset@example.com")

    short = client.post("/auth/password-reset/confirm", json={"token": token, "new_password": "x"})
    assert short.status_code == 422
    new_password = "a brand new passphrase"
    done = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": new_password}
    )
    assert done.status_code == 204
    reused = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": new_password}
    )
    assert (reused.status_code, reused.json()["code"]) == (400, "token_invalid")

    old = client.post("/auth/login", json={"email": "reset@example.com", "password": PASSWORD})
    assert old.status_code == 401
    login(client, "reset@example.com", new_password)
    # Every refresh token from before the reset is revoked.
    stale = client.post("/auth/refresh", json={"refresh_token": session_tokens["refresh_token"]})
    assert stale.status_code == 401


def test_password_reset_token_expires_after_24_hours(
    client: TestClient, outbox: Path, frozen_clock: FrozenClock
) -> None:
    register(client, "slow@example.com")
    client.post("/auth/password-reset/request", json={"email": "slow@example.com"})
    send_queued_emails()
    token = last_token(outbox, "slow@example.com")
    frozen_clock.advance(timedelta(hours=24, seconds=1))
    response = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": "whatever-long-1"}
    )
    assert (response.status_code, response.json()["code"]) == (410, "token_expired")


def test_patch_me_changes_only_what_is_sent(client: TestClient, outbox: Path) -> None:
    register(client, "patch@example.com")
    headers = bearer(login(client, "patch@example.com"))
    response = client.patch(
        "/me",
        json={"display_name": "Pat", "timezone": "America/Sao_Paulo", "phone": "+49 30 1234567"},
        headers=headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["display_name"], body["timezone"], body["full_name"]) == (
        "Pat",
        "America/Sao_Paulo",
        "Test Person",
    )
    assert (
        client.patch("/me", json={"timezone": "Nowhere/City"}, headers=headers).status_code == 422
    )
    assert client.patch("/me", json={"full_name": None}, headers=headers).status_code == 422
    assert client.patch("/me", json={"email": "x@y.z"}, headers=headers).status_code == 422
    assert client.get("/me", headers=headers).json()["timezone"] == "America/Sao_Paulo"


def test_delete_me_anonymises_ends_sessions_and_frees_the_email(
    client: TestClient, outbox: Path
) -> None:
    register(client, "bye@example.com")
    tokens = login(client, "bye@example.com")
    client.patch(
        "/me", json={"bio": "private things", "phone": "+1 555 0100"}, headers=bearer(tokens)
    )
    assert client.delete("/me", headers=bearer(tokens)).status_code == 204

    assert client.get("/me", headers=bearer(tokens)).status_code == 401
    assert (
        client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code
        == 401
    )
    gone = client.post("/auth/login", json={"email": "bye@example.com", "password": PASSWORD})
    assert gone.status_code == 401
    with get_session() as session:
        user = session.scalar(select(User).where(User.deleted_at.is_not(None)))
        assert user is not None
        assert "bye" not in user.email
        assert (user.profile.bio, user.profile.phone, user.profile.full_name) == (
            None,
            None,
            "Deleted user",
        )
        live = session.scalar(
            select(func.count()).select_from(RefreshToken).where(RefreshToken.revoked_at.is_(None))
        )
        assert live == 0
    again = register(client, "bye@example.com")
    assert again["email"] == "bye@example.com"


def test_delete_me_erases_what_the_person_wrote(client: TestClient, outbox: Path) -> None:
    from shared.models import Entry, PasswordResetToken

    register(client, "writer@example.com")
    verify = last_token(outbox, "writer@example.com")
    client.post("/auth/verify-email", json={"token": verify})
    headers = bearer(login(client, "writer@example.com"))
    assert client.post("/entries", json={"content": "private"}, headers=headers).status_code == 201
    client.post("/auth/password-reset/request", json={"email": "writer@example.com"})
    assert client.delete("/me", headers=headers).status_code == 204
    with get_session() as session:
        assert session.scalar(select(func.count()).select_from(Entry)) == 0
        assert not session.scalars(
            select(LoginAttempt).where(LoginAttempt.email == "writer@example.com")
        ).all()
        assert not session.scalars(
            select(PasswordResetToken).where(PasswordResetToken.email == "writer@example.com")
        ).all()
