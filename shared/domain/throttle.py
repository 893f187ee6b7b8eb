"""Counting requests against a key exactly, however many of them arrive at once.

A limit such as "20 failed logins per IP in 15 minutes" is a count of recent rows followed by a
row recorded for this request: two statements, between which a parallel request would read the
same count. Each such request therefore first locks the key's row in `throttle_keys`, inside its
own short transaction, and holds it while it counts and records itself; parallel requests for
one key count one after another. The lock is a row lock, gone at commit: no session-level lock
that would pin an RDS Proxy connection, and no lock held while a password is being checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

# Scopes, in the order callers lock them: everyone locks in one order, so no two wait on
# each other (a login locks its email, then its IP).
LOGIN_EMAIL = "login_email"
LOGIN_IP = "login_ip"
EMAILED = "emailed"  # an address we email tokens to on request


def lock_keys(session: Session, keys: Sequence[tuple[str, str]], now: datetime) -> None:
    """Lock the row of each `(scope, key)`, in the order given, until the transaction ends (one
    upsert, which waits for a parallel holder to commit)."""
    from shared.models.auth import ThrottleKey

    statement = insert(ThrottleKey).values(
        [{"scope": scope, "key": key, "last_seen_at": now} for scope, key in keys]
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["scope", "key"],
            set_={"last_seen_at": statement.excluded.last_seen_at},
        )
    )


# The end of every emailed-token request statement (`email_on_request`): the email of the token
# the statement wrote, if it wrote one, in the account's language and zone.
QUEUE_TOKEN_EMAIL = """
    INSERT INTO outbox_effects (kind, idempotency_key, payload, priority, next_attempt_at)
    SELECT 'email', :key,
           CAST(:payload AS jsonb)
               || jsonb_build_object('language', account.language, 'timezone', account.timezone),
           :priority, :now
    FROM token, account
    ON CONFLICT (idempotency_key) DO NOTHING
"""
