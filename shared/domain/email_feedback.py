"""What SES reports back about mail it took: a permanent bounce or a complaint makes the address
undeliverable, and the outbox stops mailing it (the `email_feedback` function receives SES's
notifications through SNS). A transient bounce (a full mailbox) changes nothing: the next mail
may well arrive.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from shared.db import get_session
from shared.models import UndeliverableAddress
from shared.observability import logger


def _addresses(notification: Mapping[str, Any]) -> tuple[str | None, list[str], str]:
    kind = notification.get("notificationType") or notification.get("eventType")
    if kind == "Bounce":
        bounce = notification.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return None, [], ""
        people = bounce.get("bouncedRecipients") or []
        return "bounce", [p.get("emailAddress") for p in people], str(bounce.get("bounceSubType"))
    if kind == "Complaint":
        complaint = notification.get("complaint") or {}
        people = complaint.get("complainedRecipients") or []
        return "complaint", [p.get("emailAddress") for p in people], ""
    return None, [], ""


def record_feedback(notification: Mapping[str, Any]) -> int:
    """Mark the addresses a notification reports as undeliverable; how many it named."""
    kind, addresses, detail = _addresses(notification)
    found = sorted({a.strip().lower() for a in addresses if isinstance(a, str) and a.strip()})
    if kind is None or not found:
        return 0
    with get_session() as session:
        session.execute(
            insert(UndeliverableAddress)
            .values([{"email": a, "kind": kind, "detail": detail or None} for a in found])
            .on_conflict_do_nothing(index_elements=["email"])
        )
    logger.info("addresses marked undeliverable", extra={"kind": kind, "count": len(found)})
    return len(found)


def handle_sns(event: Mapping[str, Any]) -> dict[str, int]:
    """The SNS event the function gets: each record's Message is SES's JSON notification."""
    marked = 0
    for record in event.get("Records") or []:
        try:
            notification = json.loads(record["Sns"]["Message"])
        except (KeyError, TypeError, ValueError):
            logger.warning("not an SES notification, ignored")
            continue
        if isinstance(notification, dict):
            marked += record_feedback(notification)
    return {"marked": marked}


def undeliverable(addresses: Iterable[str]) -> set[str]:
    """Which of these addresses must not be mailed (one statement for a batch)."""
    wanted = sorted({a.lower() for a in addresses})
    if not wanted:
        return set()
    with get_session() as session:
        return set(
            session.scalars(
                select(UndeliverableAddress.email).where(UndeliverableAddress.email.in_(wanted))
            )
        )
