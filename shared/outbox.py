"""The transactional outbox: effects decided in a transaction, carried out after it, retried.

`enqueue(session, ...)` writes an effect in the use case's own transaction: it exists exactly
when the change does, and a rolled-back change asks for nothing. After the commit the request
(or scheduled job) that made it tries it once (`deliver_committed`), outside any transaction; the
`outbox` function (every minute) retries whatever is left (`run_outbox`) with exponential backoff,
and parks an effect as `dead` after MAX_ATTEMPTS failures, with a metric the template alarms on.

Claiming an effect is one statement: due rows, most urgent first, `FOR UPDATE SKIP LOCKED`, whose
`next_attempt_at` moves a lease ahead. So runs may overlap or scale out and never take the same
effect twice, while one that dies mid-effect only delays it by the lease. Effects themselves are
idempotent at the far end (Stripe's idempotency key, a fixed Message-ID), so the rare retry of an
effect that did happen (a crash between doing it and marking it) changes nothing for money.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from sqlalchemy import ARRAY, String, bindparam, event, text
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.orm import Session

from shared import clock
from shared.config import get_settings
from shared.db import get_session
from shared.observability import logger, record_business_event

# Lower goes first.
URGENT = 0  # a 1 h reminder
ACCOUNT = 2  # verification and reset links: someone is waiting for them
MONEY = 3  # refunds
NORMAL = 5  # notifications
LATER = 7  # 24 h reminders

MAX_ATTEMPTS = 12  # about six hours of backoff before an effect is parked as dead
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
LEASE = timedelta(minutes=5)  # a claimed effect is retried after this if its runner died
BATCH = 50

# Each kind's executor, imported on first use: `module:function(payload, key)`, raising on
# failure. The refund executor loads Stripe; the others never do.
_EXECUTORS = {
    "refund": "shared.domain.payments:carry_out_refund",
    "email": "shared.email:deliver_email",
    "blob_delete": "shared.blobs:delete_blob",
}
# What to record when an effect is given up: `module:function(session, payload)`.
_ON_DEAD = {"refund": "shared.domain.payments:refund_given_up"}

_ENQUEUED = "attune_outbox_enqueued"
_committed: ContextVar[list[uuid.UUID] | None] = ContextVar("attune_outbox", default=None)


def enqueue(
    session: Session,
    kind: str,
    key: str,
    payload: Mapping[str, Any],
    *,
    priority: int = NORMAL,
    now: datetime | None = None,
    try_now: bool = True,
) -> bool:
    """Ask, inside the caller's transaction, for an effect to be carried out after it commits.

    `key` is the effect's idempotency key: asking twice for the same key is one effect.
    `try_now=False` leaves it to the outbox function instead of the request that made it (an
    answer that must take the same time whether or not an email was queued).
    Returns whether this call added it.
    """
    from shared.models import OutboxEffect

    effect_id = session.execute(
        insert(OutboxEffect)
        .values(
            id=uuid.uuid4(),
            kind=kind,
            idempotency_key=key,
            payload=dict(payload),
            priority=priority,
            next_attempt_at=now or clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxEffect.id)
    ).scalar()
    if effect_id is None:
        return False
    if try_now:
        remember(session, [effect_id], kind)
    return True


def enqueue_many(session: Session, rows: Sequence[Mapping[str, Any]], now: datetime) -> None:
    """Several effects in one statement; each row has kind, key, payload and priority."""
    from shared.models import OutboxEffect

    if not rows:
        return
    ids = session.execute(
        insert(OutboxEffect)
        .values(
            [
                {
                    "id": uuid.uuid4(),
                    "kind": r["kind"],
                    "idempotency_key": r["key"],
                    "payload": dict(r["payload"]),
                    "priority": r.get("priority", NORMAL),
                    "next_attempt_at": now,
                }
                for r in rows
            ]
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxEffect.id, OutboxEffect.kind)
    ).all()
    for effect_id, kind in ids:
        remember(session, [effect_id], kind)


def remember(session: Session, effect_ids: Sequence[uuid.UUID], kind: str) -> None:
    """Effects of `kind` a caller inserted itself (set-based, in SQL) are tried after the
    commit too - if this function tries that kind itself (OUTBOX_TRY_NOW); the others wait
    for the outbox function, and the request spends no statement on them."""
    kinds = get_settings().outbox_try_now
    if effect_ids and (kinds is None or kind in kinds):
        session.info.setdefault(_ENQUEUED, []).extend(effect_ids)


@event.listens_for(Session, "after_commit")
def _remember_committed(session: Session) -> None:
    ids = session.info.pop(_ENQUEUED, None)
    collected = _committed.get()
    if ids and collected is not None:
        collected.extend(ids)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_ENQUEUED, None)


@contextmanager
def collecting() -> Iterator[list[uuid.UUID]]:
    """Collect the effects committed inside the block (one request, one scheduled run), for
    `deliver_committed` to try once the block is done."""
    collected: list[uuid.UUID] = []
    token = _committed.set(collected)
    try:
        yield collected
    finally:
        _committed.reset(token)


@dataclass
class Outcome:
    done: int = 0
    failed: int = 0
    dead: int = 0

    def add(self, other: Outcome) -> None:
        self.done += other.done
        self.failed += other.failed
        self.dead += other.dead


_CLAIM = text(
    """
    WITH due AS (
        SELECT id FROM outbox_effects
        WHERE status = 'pending' AND next_attempt_at <= :now
          AND (CAST(:ids AS uuid[]) IS NULL OR id = ANY(:ids))
          AND (CAST(:kinds AS varchar[]) IS NULL OR kind = ANY(:kinds))
        ORDER BY priority, next_attempt_at
        LIMIT :batch
        FOR UPDATE SKIP LOCKED
    )
    UPDATE outbox_effects e SET attempts = e.attempts + 1, next_attempt_at = :lease_until
    FROM due WHERE e.id = due.id
    RETURNING e.id, e.kind, e.idempotency_key, e.payload, e.attempts
    """
).bindparams(
    bindparam("ids", type_=ARRAY(UUID(as_uuid=True))),
    bindparam("kinds", type_=ARRAY(String())),
)
# A sent email keeps only its address and subject (or template): the body may hold a one-time
# token, which is stored nowhere else but hashed.
_DONE = text(
    """
    UPDATE outbox_effects SET status = 'done', done_at = :now, last_error = NULL,
        payload = CASE WHEN kind = 'email'
            THEN jsonb_strip_nulls(jsonb_build_object('to', payload->'to',
                'subject', payload->'subject', 'template', payload->'template'))
            ELSE payload END
    WHERE id = ANY(:ids)
    """
).bindparams(bindparam("ids", type_=ARRAY(UUID(as_uuid=True))))
_RETRY = text(
    "UPDATE outbox_effects SET next_attempt_at = :next, last_error = :error, status = :status "
    "WHERE id = :id"
)


def backoff(attempts: int) -> timedelta:
    """How long after its `attempts`-th failure an effect is tried again."""
    return min(FIRST_RETRY * 2.0 ** (attempts - 1), LONGEST_RETRY)


def _executor(table: Mapping[str, str], kind: str) -> Callable[..., Any]:
    module, name = table[kind].split(":")
    function: Callable[..., Any] = getattr(import_module(module), name)
    return function


def _claim(
    now: datetime, *, ids: Sequence[uuid.UUID] | None, kinds: Sequence[str] | None, batch: int
) -> list[Any]:
    with get_session() as session:
        return list(
            session.execute(
                _CLAIM,
                {"now": now, "lease_until": now + LEASE, "batch": batch,
                 "ids": list(ids) if ids is not None else None,
                 "kinds": list(kinds) if kinds is not None else None},
            )
        )  # fmt: skip


def _undeliverable(claimed: list[Any]) -> set[str]:
    addresses = [str(r.payload.get("to", "")) for r in claimed if r.kind == "email"]
    if not addresses:
        return set()
    from shared.domain.email_feedback import undeliverable

    return undeliverable(addresses)


def _carry_out(claimed: list[Any], now: datetime) -> Outcome:
    """Do each claimed effect, outside any transaction, then record how each went."""
    outcome = Outcome()
    done: list[uuid.UUID] = []
    failures: list[tuple[Any, str]] = []
    # Addresses SES reported as bouncing or complaining get no more mail (one look a batch).
    suppressed = _undeliverable(claimed)
    for row in claimed:
        if row.kind == "email" and str(row.payload.get("to", "")).lower() in suppressed:
            logger.info("email not sent: the address is undeliverable",
                        extra={"effect": row.idempotency_key})  # fmt: skip
            done.append(row.id)
            continue
        try:
            _executor(_EXECUTORS, row.kind)(row.payload, row.idempotency_key)
            done.append(row.id)
        except Exception as error:  # any failure is a retry, never the caller's problem
            logger.warning(
                "outbox effect failed",
                extra={"effect": row.idempotency_key, "kind": row.kind, "attempt": row.attempts,
                       "error": f"{type(error).__name__}: {error}"},
            )  # fmt: skip
            failures.append((row, f"{type(error).__name__}: {error}"[:2000]))
    with get_session() as session:
        if done:
            session.execute(_DONE, {"now": now, "ids": done})
        for row, message in failures:
            dead = row.attempts >= MAX_ATTEMPTS
            session.execute(
                _RETRY,
                {"id": row.id, "error": message, "status": "dead" if dead else "pending",
                 "next": now + backoff(row.attempts)},
            )  # fmt: skip
            if dead:
                logger.error("outbox effect is dead", extra={"effect": row.idempotency_key})
                if row.kind in _ON_DEAD:
                    _executor(_ON_DEAD, row.kind)(session, row.payload)
    outcome.done, outcome.dead = (
        len(done),
        sum(1 for r, _ in failures if r.attempts >= MAX_ATTEMPTS),
    )
    outcome.failed = len(failures) - outcome.dead
    if outcome.dead:
        record_business_event("OutboxDead", outcome.dead)
    return outcome


def deliver_committed(ids: Sequence[uuid.UUID]) -> Outcome:
    """Try, once, the effects a request or job just committed; what fails is left for the
    outbox function. Never raises: the change is committed whatever happens here."""
    if not ids:
        return Outcome()
    kinds = get_settings().outbox_try_now
    try:
        now = clock.now()
        claimed = _claim(now, ids=ids, kinds=kinds, batch=len(ids))
        return _carry_out(claimed, now)
    except Exception:
        # Nothing is lost: the effects are rows. Unclaimed, they are due for the outbox function
        # now; claimed, their lease makes them due again LEASE from now.
        logger.exception("could not carry out effects after the commit; the outbox will")
        return Outcome()


def run_outbox(
    now: datetime,
    *,
    kinds: Sequence[str] | None = None,
    budget_seconds: float = 45.0,
    batch: int = BATCH,
) -> dict[str, int]:
    """The `outbox` job: carry out every due effect, most urgent first, until none is due or
    the time budget is spent (well inside the function's timeout; the rest go next run)."""
    outcome = Outcome()
    deadline = time.monotonic() + budget_seconds
    while time.monotonic() < deadline:
        claimed = _claim(now, ids=None, kinds=kinds, batch=batch)
        if not claimed:
            break
        outcome.add(_carry_out(claimed, now))
    return {"done": outcome.done, "failed": outcome.failed, "dead": outcome.dead}
