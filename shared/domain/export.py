"""`GET /me/export`: every record about the caller, as one JSON document (a data-subject
request). Generic by design: every table with a column that names a user is exported by that
column, so a new table is covered the day it is made; the tables that hold a user's data only
through another (`RELATED`) are joined explicitly, and the rest are listed in `NOT_EXPORTED`
with the reason. tests/integration/test_practice.py fails for a table in none of the three.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.orm import Session

from shared.db import get_session

# Never exported: secrets, or derived data a person would not read.
SECRET_COLUMNS = frozenset(
    {"password_hash", "token_hash", "embedding", "stripe_client_secret", "payload", "s3_key"}
)
NOT_EXPORTED = {
    "refresh_tokens": "session secrets (hashes); the export is not a way into the account",
    "throttle_keys": "counters of requests, keyed by email or address; no record of the person",
    "outbox_effects": "pending emails and refunds, already reported as notifications and payments",
    "stripe_events": "Stripe's own event log, keyed by Stripe's ids",
    "reminder_deliveries": "a log that a reminder went out; the reminders are notifications",
    "threads": "a thread's id only; its messages and participants are exported",
}
# Tables whose rows are the caller's through another table: (table, column, subquery maker).
RELATED = ("matches", "audit_events", "therapist_bios", "therapist_experiences", "messages",
           "session_recordings", "appointments", "appointment_therapists",
           "undeliverable_addresses")  # fmt: skip


def _tables() -> dict[str, Table]:
    from shared.models import Base

    return {t.name: t for t in Base.metadata.tables.values()}


def _user_columns(table: Table) -> list[Any]:
    return [
        c for c in table.columns if any(fk.column.table.name == "users" for fk in c.foreign_keys)
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Range):
        return {"lower": _plain(value.lower), "upper": _plain(value.upper)}
    return value


def _rows(session: Session, table: Table, condition: Any) -> list[dict[str, Any]]:
    columns = [c for c in table.columns if c.name not in SECRET_COLUMNS]
    result = session.execute(select(*columns).where(condition))
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in result]


def _related(tables: dict[str, Table], me: uuid.UUID) -> dict[str, Any]:
    """The condition, per RELATED table, that selects the caller's rows."""
    entries, threads = tables["entries"], tables["thread_participants"]
    taking_part = tables["appointment_therapists"]
    mine = select(taking_part.c.appointment_id).where(taking_part.c.therapist_id == me)
    as_client = select(tables["appointments"].c.id).where(tables["appointments"].c.client_id == me)
    return {
        "matches": or_(
            tables["matches"].c.entry_id.in_(select(entries.c.id).where(entries.c.user_id == me)),
            tables["matches"].c.therapist_id == me,
        ),
        "audit_events": or_(
            tables["audit_events"].c.subject_id == me, tables["audit_events"].c.actor_id == me
        ),
        "therapist_bios": tables["therapist_bios"].c.therapist_id == me,
        "therapist_experiences": tables["therapist_experiences"].c.therapist_id == me,
        "messages": tables["messages"].c.thread_id.in_(
            select(threads.c.thread_id).where(threads.c.user_id == me)
        ),
        "session_recordings": or_(
            tables["session_recordings"].c.appointment_id.in_(mine),
            tables["session_recordings"].c.appointment_id.in_(as_client),
        ),
        "appointments": or_(
            tables["appointments"].c.client_id == me, tables["appointments"].c.id.in_(mine)
        ),
        "appointment_therapists": or_(
            taking_part.c.appointment_id.in_(mine), taking_part.c.appointment_id.in_(as_client)
        ),
        "undeliverable_addresses": tables["undeliverable_addresses"].c.email.in_(
            select(tables["users"].c.email).where(tables["users"].c.id == me)
        ),
    }


def exported_tables() -> set[str]:
    """The tables an export reads (the completeness test compares them with the schema)."""
    tables = _tables()
    by_user = {name for name, t in tables.items() if _user_columns(t)}
    return (by_user | set(RELATED) | {"users"}) - set(NOT_EXPORTED)


def export_account(user_id: uuid.UUID) -> dict[str, Any]:
    """Every table's rows about the caller, secrets left out, keyed by table name."""
    from shared.domain.users import live_user

    tables = _tables()
    related = _related(tables, user_id)
    document: dict[str, Any] = {}
    with get_session() as session:
        live_user(session, user_id)
        for name in sorted(exported_tables()):
            table = tables[name]
            if name == "users":
                condition = table.c.id == user_id
            elif name in related:
                condition = related[name]
            else:
                condition = or_(*(c == user_id for c in _user_columns(table)))
            document[name] = _rows(session, table, condition)
    return {"user_id": str(user_id), "tables": document}
