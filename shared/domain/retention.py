"""Retention (the daily `retention` job): what Attune no longer needs goes, set-based.

Login attempts, and spent or expired tokens (refresh, email verification, password reset),
older than RETENTION are deleted; so are throttle keys unused that long and outbox effects done
that long ago. Recordings keep their own, shorter expiry (the `recording_expiry` job).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_

from shared.db import get_session
from shared.models import (
    EmailVerificationToken,
    LoginAttempt,
    OutboxEffect,
    PasswordResetToken,
    RefreshToken,
    ThrottleKey,
)
from shared.observability import logger

RETENTION = timedelta(days=90)


def apply_retention(now: datetime) -> dict[str, int]:
    """Delete what is past retention, one statement per table, in one transaction."""
    cutoff = now - RETENTION
    statements = {
        "login_attempts": delete(LoginAttempt).where(LoginAttempt.attempted_at < cutoff),
        "refresh_tokens": delete(RefreshToken).where(
            or_(RefreshToken.expires_at < cutoff, RefreshToken.used_at < cutoff,
                RefreshToken.revoked_at < cutoff)
        ),
        "verification_tokens": delete(EmailVerificationToken).where(
            or_(EmailVerificationToken.expires_at < cutoff,
                EmailVerificationToken.used_at < cutoff)
        ),
        "reset_tokens": delete(PasswordResetToken).where(
            or_(PasswordResetToken.expires_at < cutoff, PasswordResetToken.used_at < cutoff)
        ),
        "throttle_keys": delete(ThrottleKey).where(ThrottleKey.last_seen_at < cutoff),
        "outbox_effects": delete(OutboxEffect).where(
            OutboxEffect.status == "done", OutboxEffect.done_at < cutoff
        ),
    }  # fmt: skip
    counts: dict[str, int] = {}
    with get_session() as session:
        for name, statement in statements.items():
            counts[name] = session.execute(statement).rowcount  # type: ignore[attr-defined]
    if any(counts.values()):
        logger.info("retention applied", extra=counts)
    return counts
