"""A booking in two statements: one reads everything the booking checks, one writes it all.

POST /appointments is the product's hottest write, and behind RDS Proxy every statement costs
three round trips (pg8000's parse, describe, execute). So `load_booking_facts` reads in one
statement who the caller is (the live account the token speaks for, its row locked so one
client's bookings are decided one at a time), the service, the counts the booking limits
need, every therapist's availability and busy time around the start, a package credit, and
the people its notices name; the rules are then applied in Python (`shared.domain.
appointments`), and `write_booking` inserts the appointment, its therapists, the credit spent,
the notifications and their emails in one statement of data-modifying CTEs.

The limit on unpaid bookings is counted again in the writing statement: it runs in a snapshot
taken after the client's row lock was granted, so it sees every booking of that client that
committed before, and is the count that decides. Overlaps are the exclusion constraints'.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime, Integer, Text, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from shared.config import get_settings
from shared.db import compact_sql
from shared.domain.notifications import NOTICES_BINDS, NOTICES_CTE, Person, Rendered
from shared.domain.slots import Availability
from shared.models import Appointment, Service

_UUIDS = ARRAY(UUID(as_uuid=True))

_FACTS = """
    WITH me AS (
        SELECT u.role, u.email_verified_at IS NOT NULL AS verified
        FROM users u
        WHERE u.id = :client AND u.deleted_at IS NULL AND u.suspended_at IS NULL
        FOR UPDATE
    ),
    svc AS (
        SELECT s.id, s.therapist_id, s.title, s.description, s.category, s.package_type,
               s.sessions_included, s.validity_days, s.duration_minutes, s.price_cents,
               s.currency, s.requires_confirmation, s.is_active, s.availability,
               tp.accepting_clients
        FROM services s
        JOIN users t ON t.id = s.therapist_id AND t.deleted_at IS NULL
        LEFT JOIN therapist_profiles tp ON tp.user_id = s.therapist_id
        WHERE s.id = :service
    ),
    team AS (
        SELECT therapist_id AS id FROM svc
        UNION SELECT unnest(CAST(:co AS uuid[]))
    )
    SELECT
        (SELECT role FROM me),
        (SELECT verified FROM me),
        (SELECT row_to_json(svc)::text FROM svc),
        (SELECT count(*) FROM appointments a
         WHERE a.client_id = :client AND a.status = 'pending' AND a.payment_status = 'unpaid'
           AND (a.series_id IS NULL OR a.hold_expires_at <= :due)),
        EXISTS (SELECT 1 FROM appointments a
                JOIN appointment_therapists at ON at.appointment_id = a.id
                WHERE a.client_id = :client AND a.confirmed_at IS NOT NULL
                  AND at.therapist_id = (SELECT therapist_id FROM svc)),
        (SELECT count(*) FROM users u JOIN therapist_profiles tp ON tp.user_id = u.id
         WHERE u.id = ANY(CAST(:co AS uuid[])) AND u.role = 'therapist'
           AND u.deleted_at IS NULL AND u.suspended_at IS NULL
           AND tp.is_public AND tp.accepting_clients {vetting}),
        (SELECT json_agg(json_build_array(
                    s.therapist_id, p.timezone, s.weekly::text, s.buffer_minutes,
                    s.min_notice_minutes, s.horizon_days,
                    (SELECT json_agg(json_build_array(o.local_date, o.intervals)
                                     ORDER BY o.local_date)
                     FROM availability_overrides o WHERE o.therapist_id = s.therapist_id)::text))
         FROM therapist_schedules s JOIN profiles p ON p.user_id = s.therapist_id
         WHERE s.therapist_id IN (SELECT id FROM team))::text,
        (SELECT json_agg(json_build_array(
                    at.therapist_id, CAST(EXTRACT(epoch FROM a.starts_at) AS bigint),
                    CAST(EXTRACT(epoch FROM a.ends_at) AS bigint)))
         FROM appointment_therapists at JOIN appointments a ON a.id = at.appointment_id
         WHERE at.therapist_id IN (SELECT id FROM team) AND at.active
           AND at.during && tstzrange(:lo, :hi) AND a.ends_at > :lo AND a.starts_at < :hi)::text,
        (SELECT c.id FROM package_credits c
         WHERE c.user_id = :client AND c.service_id = :service AND c.remaining > 0
           AND c.expires_at > :now
         ORDER BY c.expires_at LIMIT 1),
        (SELECT json_agg(json_build_array(u.id, u.email, COALESCE(p.full_name, ''),
                                          COALESCE(p.language, 'en'), COALESCE(p.timezone, 'UTC')))
         FROM users u LEFT JOIN profiles p ON p.user_id = u.id
         WHERE (u.id = :client OR u.id IN (SELECT id FROM team)) AND u.deleted_at IS NULL)::text
"""

_WRITE = f"""
    WITH unpaid AS (
        SELECT count(*) AS n FROM appointments a
        WHERE a.client_id = :client AND a.status = 'pending' AND a.payment_status = 'unpaid'
          AND (a.series_id IS NULL OR a.hold_expires_at <= :due)
    ),
    allowed AS (SELECT 1 FROM unpaid WHERE n < :max_unpaid),
    spent AS (
        UPDATE package_credits SET remaining = remaining - 1
        WHERE id = CAST(:credit AS uuid) AND remaining > 0 AND EXISTS (SELECT 1 FROM allowed)
        RETURNING id
    ),
    booked AS (
        INSERT INTO appointments (
            id, client_id, service_id, status, package_type, starts_at, ends_at, price_cents,
            currency, payment_status, requires_confirmation, hold_expires_at,
            pre_session_message, meeting_url, credit_id, confirmed_at, series_id, sequence,
            created_at, updated_at)
        SELECT :id, :client, :service, :status, :package_type, :starts_at, :ends_at,
               :price_cents, :currency, :payment_status, :requires_confirmation,
               CAST(:hold_expires_at AS timestamptz), CAST(:pre_session_message AS text),
               CAST(:meeting_url AS text), CAST(:credit AS uuid),
               CAST(:confirmed_at AS timestamptz), CAST(:series_id AS uuid), 0, :now, :now
        FROM allowed
        WHERE CAST(:credit AS uuid) IS NULL OR EXISTS (SELECT 1 FROM spent)
        RETURNING id
    ),
    taking_part AS (
        INSERT INTO appointment_therapists (
            id, appointment_id, therapist_id, position, during, active, consent, consent_at)
        SELECT gen_random_uuid(), b.id, t.therapist_id, t.position, tstzrange(t.lo, t.hi),
               true, t.consent, t.consent_at
        FROM booked b,
             unnest(CAST(:t_ids AS uuid[]), CAST(:t_positions AS int[]),
                    CAST(:t_from AS timestamptz[]), CAST(:t_to AS timestamptz[]),
                    CAST(:t_consents AS text[]), CAST(:t_consent_at AS timestamptz[]))
                 AS t(therapist_id, position, lo, hi, consent, consent_at)
    ),
    {NOTICES_CTE.format(condition="EXISTS (SELECT 1 FROM booked)")}
    SELECT (SELECT count(*) FROM booked), (SELECT n FROM unpaid), ARRAY(SELECT id FROM emailed)
"""


@dataclass(frozen=True)
class Caller:
    """The live account a booking's token speaks for, as the database has it now."""

    role: str
    email_verified: bool


@dataclass
class BookingFacts:
    """Everything a booking checks, as `load_booking_facts` read it."""

    caller: Caller | None
    service: Service | None  # transient: built from the row, never added to the session
    accepting_clients: bool | None
    unpaid: int
    returning_client: bool
    eligible_co_therapists: int
    availabilities: dict[uuid.UUID, Availability]
    busy: dict[uuid.UUID, list[tuple[datetime, datetime]]]
    credit_id: uuid.UUID | None
    people: dict[uuid.UUID, Person] = field(default_factory=dict)


@lru_cache(maxsize=2)
def _facts_statement(vetting_required: bool) -> TextClause:
    vetting = "AND tp.vetting_status = 'approved'" if vetting_required else ""
    return text(compact_sql(_FACTS.format(vetting=vetting))).bindparams(
        bindparam("co", type_=_UUIDS)
    )


_WRITE_STATEMENT = text(compact_sql(_WRITE)).bindparams(
    *NOTICES_BINDS,
    bindparam("t_ids", type_=_UUIDS),
    bindparam("t_positions", type_=ARRAY(Integer())),
    bindparam("t_from", type_=ARRAY(DateTime(timezone=True))),
    bindparam("t_to", type_=ARRAY(DateTime(timezone=True))),
    bindparam("t_consents", type_=ARRAY(Text())),
    bindparam("t_consent_at", type_=ARRAY(DateTime(timezone=True))),
)


def _service(row: dict[str, Any]) -> Service:
    row.pop("accepting_clients")
    row["id"], row["therapist_id"] = uuid.UUID(row["id"]), uuid.UUID(row["therapist_id"])
    return Service(**row)


def load_booking_facts(
    session: Session,
    client_id: uuid.UUID,
    service_id: uuid.UUID,
    co_ids: list[uuid.UUID],
    *,
    busy_from: datetime,
    busy_to: datetime,
    unpaid_due: datetime,
    now: datetime,
) -> BookingFacts:
    """One statement: the caller (its row locked for the rest of the transaction), the service
    and what the limits, co-therapists, slots, credit and notices need. Busy time is what
    reaches into [busy_from, busy_to), found through the GiST index of the no-overlap
    constraint; a series occurrence counts as unpaid once its payment is due (`unpaid_due`)."""
    from shared.domain.availability import parsed_availability

    row = session.execute(
        _facts_statement(get_settings().vetting_required),
        {"client": client_id, "service": service_id, "co": co_ids, "due": unpaid_due,
         "lo": busy_from, "hi": busy_to, "now": now},
    ).one()  # fmt: skip
    role, verified, service, unpaid, returning, eligible, schedules, busy_rows, credit, people = row
    service_row = json.loads(service) if service else None
    accepting = service_row["accepting_clients"] if service_row else None
    busy: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    at = datetime.fromtimestamp
    for therapist_id, starts_at, ends_at in json.loads(busy_rows or "[]"):
        busy[uuid.UUID(therapist_id)].append((at(starts_at, UTC), at(ends_at, UTC)))
    return BookingFacts(
        caller=Caller(role, bool(verified)) if role is not None else None,
        service=_service(service_row) if service_row else None,
        accepting_clients=accepting,
        unpaid=int(unpaid),
        returning_client=bool(returning),
        eligible_co_therapists=int(eligible),
        availabilities={
            uuid.UUID(s[0]): parsed_availability(*s[1:]) for s in json.loads(schedules or "[]")
        },
        busy=busy,
        credit_id=credit,
        people={
            uuid.UUID(p[0]): Person(uuid.UUID(p[0]), p[1], p[2], p[3], p[4])
            for p in json.loads(people or "[]")
        },
    )


@dataclass(frozen=True)
class Written:
    booked: bool
    unpaid: int  # the client's unpaid bookings as the writing statement counted them
    emails: list[uuid.UUID]


def write_booking(
    session: Session,
    appointment: Appointment,
    notices: Rendered,
    *,
    max_unpaid: int,
    unpaid_due: datetime,
    now: datetime,
) -> Written:
    """One statement: the appointment (if the client still holds fewer than `max_unpaid`
    unpaid bookings, and its credit, if any, could be spent), its therapists occupying their
    ranges, and its notifications with their emails. A taken slot raises the exclusion
    constraint's error (the caller's 409)."""
    therapists = appointment.therapists
    row = session.execute(
        _WRITE_STATEMENT,
        {
            "id": appointment.id, "client": appointment.client_id,
            "service": appointment.service_id, "status": appointment.status,
            "package_type": appointment.package_type, "starts_at": appointment.starts_at,
            "ends_at": appointment.ends_at, "price_cents": appointment.price_cents,
            "currency": appointment.currency, "payment_status": appointment.payment_status,
            "requires_confirmation": appointment.requires_confirmation,
            "hold_expires_at": appointment.hold_expires_at,
            "pre_session_message": appointment.pre_session_message,
            "meeting_url": appointment.meeting_url, "credit": appointment.credit_id,
            "confirmed_at": appointment.confirmed_at, "series_id": appointment.series_id,
            "t_ids": [t.therapist_id for t in therapists],
            "t_positions": [t.position for t in therapists],
            "t_from": [t.during.lower for t in therapists],
            "t_to": [t.during.upper for t in therapists],
            "t_consents": [t.consent for t in therapists],
            "t_consent_at": [t.consent_at for t in therapists],
            "max_unpaid": max_unpaid, "due": unpaid_due, "now": now,
            **notices.params(),
        },
    ).one()  # fmt: skip
    return Written(booked=row[0] == 1, unpaid=int(row[1]), emails=list(row[2] or []))
