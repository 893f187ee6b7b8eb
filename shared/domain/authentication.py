"""Logging in and staying logged in: throttled logins, rotating refresh tokens, password reset.

Every API function imports this module for `authenticate`, which reads only `users`. So the use
cases below import the rest of what they need themselves (the login, refresh-token and reset
tables, accounts, argon2): the other functions' cold starts map and load none of it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from shared import clock
from shared.config import get_settings
from shared.db import get_session
from shared.domain.throttle import QUEUE_TOKEN_EMAIL
from shared.domain.users import live_user_by_email
from shared.errors import DomainError, Forbidden, Throttled, Unauthorized
from shared.models import User
from shared.security.tokens import (
    issue_access_token,
    new_opaque_token,
    read_access_token,
    token_hash,
)

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_IP = 20
RESET_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]
    expires_in: int


def _seconds_until_unthrottled(
    session: Session, condition: object, limit: int, now: datetime
) -> int | None:
    """Seconds until fewer than `limit` counted failures remain in the window, or None if
    there already are fewer."""
    from shared.models import LoginAttempt

    recent = list(
        session.scalars(
            select(LoginAttempt.attempted_at)
            .where(
                condition,  # type: ignore[arg-type]
                LoginAttempt.success.is_(False),
                LoginAttempt.throttled.is_(False),
                LoginAttempt.attempted_at > now - THROTTLE_WINDOW,
            )
            .order_by(LoginAttempt.attempted_at.desc())
            .limit(limit)
        )
    )
    if len(recent) < limit:
        return None
    # The oldest of the last `limit` failures must leave the window.
    return max(1, int((recent[-1] + THROTTLE_WINDOW - now).total_seconds()) + 1)


def _issue_pair(session: Session, user: User, now: datetime, family: uuid.UUID) -> TokenPair:
    from shared.models import RefreshToken

    refresh = new_opaque_token()
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family,
            token_hash=token_hash(refresh),
            expires_at=now + timedelta(days=get_settings().refresh_token_ttl_days),
        )
    )
    access, ttl = issue_access_token(user.id, user.role, now)
    return TokenPair(
        access_token=access, refresh_token=refresh, token_type="bearer", expires_in=ttl
    )


def login(email: str, password: str, ip_address: str) -> TokenPair:
    """Check the password and open a session.

    Every attempt is recorded. 5 counted failures for one email (or 20 from one IP) within
    15 minutes answer 429 until the window passes, whatever the password. Unknown emails are
    recorded too and verified against a dummy hash, so they take as long as real ones.

    The limits hold however many attempts arrive at once: with the email's and the IP's
    throttle keys locked, an attempt is counted and committed as a failure *before* its
    password is checked (outside any transaction), and only a right password turns it into a
    success. So at most 5 (or 20) passwords are checked per window, never a parallel burst.
    """
    from shared.domain.throttle import LOGIN_EMAIL, LOGIN_IP, lock_keys
    from shared.models import LoginAttempt
    from shared.security.passwords import dummy_hash, hash_password, needs_rehash, verify_password

    now = clock.now()
    with get_session() as session:
        lock_keys(session, [(LOGIN_EMAIL, email), (LOGIN_IP, ip_address)], now)
        user = live_user_by_email(session, email)
        wait = max(
            _seconds_until_unthrottled(
                session, LoginAttempt.email == email, MAX_FAILURES_PER_EMAIL, now
            )
            or 0,
            _seconds_until_unthrottled(
                session, LoginAttempt.ip_address == ip_address, MAX_FAILURES_PER_IP, now
            )
            or 0,
        )
        attempt = LoginAttempt(
            id=uuid.uuid4(),
            email=email,
            user_id=user.id if user else None,
            ip_address=ip_address,
            success=False,
            throttled=bool(wait),
            attempted_at=now,
        )
        session.add(attempt)
        checked = (user.id, user.password_hash) if user else None
    # Committed: the attempt counts as a failure from here on, unless the password is right.
    if wait:
        raise Throttled(
            "Too many failed logins; try again later.",
            retry_after=wait,
            code="too_many_attempts",
        )
    invalid = Unauthorized("Wrong email or password.", code="invalid_credentials")
    if checked is None:
        verify_password(dummy_hash(), password)
        raise invalid
    user_id, password_hash = checked
    if not verify_password(password_hash, password):
        raise invalid
    new_hash = hash_password(password) if needs_rehash(password_hash) else None
    with get_session() as session:
        user = session.scalar(
            select(User).where(User.id == user_id, User.deleted_at.is_(None)).with_for_update()
        )
        if user is not None and user.suspended_at is not None:
            raise Forbidden("This account is suspended.", code="account_suspended")
        # Deleted, or given a new password, while this one was being checked: still a failure.
        if user is not None and user.password_hash == password_hash:
            session.execute(
                update(LoginAttempt).where(LoginAttempt.id == attempt.id).values(success=True)
            )
            if new_hash is not None:
                user.password_hash = new_hash
            return _issue_pair(session, user, now, family=uuid.uuid4())
    raise invalid


def refresh(refresh_token: str) -> TokenPair:
    """Rotate a refresh token. Presenting a spent one revokes its whole family (401)."""
    from shared.models import RefreshToken

    now = clock.now()
    outcome: TokenPair | DomainError
    invalid = Unauthorized("The refresh token is not valid.", code="invalid_refresh_token")
    with get_session() as session:
        record = session.scalar(
            select(RefreshToken)
            .where(RefreshToken.token_hash == token_hash(refresh_token))
            .with_for_update()
        )
        if record is None:
            outcome = invalid
        elif record.used_at is not None or record.revoked_at is not None:
            # Replay of a spent token: someone else may hold the live one. End the family.
            session.execute(
                update(RefreshToken)
                .where(
                    RefreshToken.family_id == record.family_id, RefreshToken.revoked_at.is_(None)
                )
                .values(revoked_at=now)
            )
            outcome = Unauthorized(
                "This refresh token was already used; the session is closed.",
                code="refresh_token_reused",
            )
        elif record.expires_at <= now:
            outcome = invalid
        else:
            user = session.scalar(
                select(User).where(User.id == record.user_id, User.deleted_at.is_(None))
            )
            record.used_at = now
            outcome = invalid if user is None else _issue_pair(session, user, now, record.family_id)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def logout(user_id: uuid.UUID, refresh_token: str) -> None:
    """Spend the user's refresh token (a token of someone else is left alone)."""
    from shared.models import RefreshToken

    now = clock.now()
    with get_session() as session:
        session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.token_hash == token_hash(refresh_token),
                RefreshToken.user_id == user_id,
                RefreshToken.revoked_at.is_(None),
            )
            .values(revoked_at=now, used_at=func.coalesce(RefreshToken.used_at, now))
        )


# One statement for any address, known or not: the same lookup and the same count of the
# reset emails sent to it within the hour; only whether it writes a token and its email differs.
_REQUEST_RESET = text(
    """
    WITH account AS (
        SELECT u.id, p.language, p.timezone FROM users u JOIN profiles p ON p.user_id = u.id
        WHERE u.email = :email AND u.deleted_at IS NULL
    ),
    sent AS (
        SELECT count(*) AS n FROM password_reset_tokens t
        WHERE t.email = :email AND t.expires_at > :issued_after_expiry
    ),
    token AS (
        INSERT INTO password_reset_tokens (user_id, email, token_hash, expires_at)
        SELECT account.id, :email, :token_hash, :expires_at FROM account, sent
        WHERE sent.n < :limit
        RETURNING id
    )
    """
    + QUEUE_TOKEN_EMAIL
)


def request_password_reset(email: str) -> None:
    """Email a reset token to a live account, at most 3 an hour. Says nothing about whether the
    account exists: an unknown address costs the same work and time (see `email_on_request`)."""
    from shared.domain.accounts import email_on_request

    token = new_opaque_token()
    # A template, rendered when sent in the account's language (the statement adds it).
    body = {"to": email, "template": "reset_password", "context": {"token": token}}
    email_on_request(_REQUEST_RESET, email, token, RESET_TTL, body, key_prefix="email-reset")


def confirm_password_reset(token: str, new_password: str) -> None:
    """Set a new password with a reset token; every session of the account ends."""
    from shared.domain.accounts import spend_emailed_token
    from shared.models import PasswordResetToken, RefreshToken
    from shared.security.passwords import hash_password

    now = clock.now()
    new_hash = hash_password(new_password)
    with get_session() as session:
        _, user = spend_emailed_token(session, PasswordResetToken, token, now, "reset")
        user.password_hash = new_hash
        # Every other outstanding reset token of the account is spent too.
        session.execute(
            update(PasswordResetToken)
            .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
            .values(used_at=now)
        )
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )


@dataclass(frozen=True)
class Principal:
    """Who is calling: the account behind a valid access token."""

    id: uuid.UUID
    role: str
    email_verified: bool


def authenticate(access_token: str) -> Principal:
    """The live account an access token speaks for; 401 `invalid_token` otherwise."""
    claims = read_access_token(access_token, clock.now())
    with get_session() as session:
        user = session.scalar(
            select(User).where(
                User.id == claims.user_id, User.deleted_at.is_(None), User.suspended_at.is_(None)
            )
        )
        if user is None:  # deleted or suspended since the token was issued
            raise Unauthorized("The access token is invalid or expired.", code="invalid_token")
        return Principal(
            id=user.id, role=user.role, email_verified=user.email_verified_at is not None
        )
