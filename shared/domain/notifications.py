"""Notifications: typed, stored per user, and emailed for the ones that matter.

Use cases call `notify(session, user_ids, Notice(...))` inside their own transaction. A notice is
a template and its facts (shared/emails/templates); each recipient reads it in their profile's
language and time zone, in the app and by email. Its emails are outbox effects of that
transaction: sent after the commit and retried until the mailer takes them, and never sent for
a change that rolled back.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Text, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Session

from shared import clock, outbox
from shared.db import get_session
from shared.errors import NotFound
from shared.models import Notification
from shared.pagination import Page, paginate

if TYPE_CHECKING:
    from shared.models import Appointment


@dataclass(frozen=True)
class NotificationView:
    id: uuid.UUID
    type: str
    title: str
    message: str
    related_id: uuid.UUID | None
    is_read: bool
    created_at: datetime

    @classmethod
    def of(cls, n: Notification) -> NotificationView:
        return cls(n.id, n.type, n.title, n.message, n.related_id, n.is_read, n.created_at)


@dataclass(frozen=True)
class Notice:
    """What a notification says, as a template and its facts; `notify` renders it for each
    recipient in their own language and time zone.

    `appointment` adds the appointment's facts (times, service, who takes part) to the
    context as `appointment`; `invite` ("REQUEST" or "CANCEL") attaches it to the email as an
    `.ics` invitation; `names` maps context keys to people whose names the template uses (the
    actor, a message's sender); `service_id` puts that service's title in the context as
    `service`.
    """

    kind: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    related_id: uuid.UUID | None = None
    appointment: Appointment | None = None
    invite: str | None = None
    names: Mapping[str, uuid.UUID | None] = field(default_factory=dict)
    service_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    email: str
    name: str
    language: str
    timezone: str


# Who the recipients (and the people a notice names) are: live accounts only, with what
# rendering needs. One statement, whatever the notice.
_PEOPLE = text(
    """
    SELECT u.id, u.email, COALESCE(p.full_name, ''), COALESCE(p.language, 'en'),
           COALESCE(p.timezone, 'UTC'),
           (SELECT s.title FROM services s WHERE s.id = CAST(:service_id AS uuid))
    FROM users u LEFT JOIN profiles p ON p.user_id = u.id
    WHERE u.id = ANY(:ids) AND u.deleted_at IS NULL
    """
).bindparams(
    bindparam("ids", type_=ARRAY(UUID(as_uuid=True))),
    bindparam("service_id", type_=UUID(as_uuid=True)),
)
# Every notification and, when asked, its email as an outbox effect keyed by the notification
# (rendered per language and zone): CTEs a statement puts in its WITH, under `condition` (a use
# case that inserts more in the same statement, booking, stores them only if it did).
NOTICES_CTE = """
    notice_rows AS (
        SELECT * FROM unnest(CAST(:n_ids AS uuid[]), CAST(:n_users AS uuid[]),
                             CAST(:n_kinds AS text[]), CAST(:n_titles AS text[]),
                             CAST(:n_messages AS text[]), CAST(:n_payloads AS text[]),
                             CAST(:n_related AS uuid[]))
            AS r(id, user_id, kind, title, message, payload, related_id)
    ),
    noted AS (
        INSERT INTO notifications (id, user_id, type, title, message, related_id)
        SELECT id, user_id, kind, title, message, related_id FROM notice_rows WHERE {condition}
    ),
    emailed AS (
        INSERT INTO outbox_effects (id, kind, idempotency_key, payload, priority, next_attempt_at)
        SELECT gen_random_uuid(), 'email', 'email-' || id, CAST(payload AS jsonb),
               CAST(:n_priority AS smallint), CAST(:now AS timestamptz)
        FROM notice_rows WHERE payload IS NOT NULL AND {condition}
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
    )"""
_UUIDS, _TEXTS = ARRAY(UUID(as_uuid=True)), ARRAY(Text())
NOTICES_BINDS = (
    bindparam("n_ids", type_=_UUIDS),
    bindparam("n_users", type_=_UUIDS),
    bindparam("n_kinds", type_=_TEXTS),
    bindparam("n_titles", type_=_TEXTS),
    bindparam("n_messages", type_=_TEXTS),
    bindparam("n_payloads", type_=_TEXTS),
    bindparam("n_related", type_=_UUIDS),
)
_NOTIFY = text(f"WITH {NOTICES_CTE.format(condition='TRUE')} SELECT id FROM emailed").bindparams(
    *NOTICES_BINDS
)


@dataclass(frozen=True)
class Rendered:
    """Notifications rendered for their recipients, ready for NOTICES_CTE."""

    rows: list[tuple[uuid.UUID, uuid.UUID, str, str, str, str | None, uuid.UUID | None]]

    def __add__(self, other: Rendered) -> Rendered:
        return Rendered(self.rows + other.rows)

    def params(self) -> dict[str, Any]:
        """NOTICES_CTE's parameters (but `now`)."""
        columns = list(zip(*self.rows, strict=True)) or [()] * 7
        names = ("n_ids", "n_users", "n_kinds", "n_titles", "n_messages", "n_payloads",
                 "n_related")  # fmt: skip
        return {**{n: list(c) for n, c in zip(names, columns, strict=True)},
                "n_priority": outbox.NORMAL}  # fmt: skip


def people_mentioned(
    user_ids: Iterable[uuid.UUID], notice: Notice
) -> tuple[list[uuid.UUID], list[uuid.UUID], uuid.UUID | None]:
    """The recipients (deduplicated), everyone the rendering names, and the service whose
    title it uses."""
    ids = list(dict.fromkeys(user_ids))
    appointment = notice.appointment
    mentioned = [u for u in notice.names.values() if u is not None]
    if appointment is not None:
        mentioned += [appointment.client_id, *(t.therapist_id for t in appointment.therapists)]
    service_id = appointment.service_id if appointment is not None else notice.service_id
    return ids, list(dict.fromkeys([*ids, *mentioned])), service_id


def _appointment_facts(
    appointment: Appointment, people: Mapping[uuid.UUID, Person], service: str | None
) -> dict[str, Any]:
    from shared.emails.rendering import app_url

    def name(user_id: uuid.UUID) -> str | None:
        person = people.get(user_id)
        return person.name if person is not None and person.name else None

    therapists = [t.therapist_id for t in appointment.therapists]
    return {
        "id": str(appointment.id),
        "link": app_url(f"/appointments/{appointment.id}"),
        "service": service or "",
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "status": appointment.status,
        "therapist": name(therapists[0]) if therapists else None,
        "co_therapists": [n for n in map(name, therapists[1:]) if n],
        "client": name(appointment.client_id),
        "meeting_url": appointment.meeting_url,
        "price_cents": appointment.price_cents,
        "currency": appointment.currency,
    }


def _invitation(
    appointment: Appointment, people: Mapping[uuid.UUID, Person], service: str | None,
    method: str, now: datetime,
) -> dict[str, str]:  # fmt: skip
    """The appointment as an `.ics` attachment (the same event as its calendar.ics)."""
    from shared.calendars import CalendarEvent, Party, calendar_bytes
    from shared.emails.rendering import app_url

    def party(user_id: uuid.UUID, consent: str = "accepted") -> Party | None:
        person = people.get(user_id)
        return Party(person.name, person.email, consent) if person is not None else None

    therapists = list(appointment.therapists)
    organizer = party(therapists[0].therapist_id) if therapists else None
    attendees = [party(appointment.client_id)] + [
        party(t.therapist_id, t.consent) for t in therapists[1:]
    ]
    event = CalendarEvent(
        appointment_id=appointment.id,
        sequence=appointment.sequence or 0,
        status=appointment.status,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        created_at=appointment.created_at,
        title=service or "",
        meeting_url=appointment.meeting_url,
        link=app_url(f"/appointments/{appointment.id}"),
        organizer=organizer,
        attendees=[a for a in attendees if a is not None],
    )
    data = calendar_bytes([event], now, method=method).decode("utf-8")
    return {"filename": "invite.ics", "content_type": f"text/calendar; method={method}",
            "data": data}  # fmt: skip


def render_notices(
    recipients: Iterable[uuid.UUID],
    notice: Notice,
    people: Mapping[uuid.UUID, Person],
    service: str | None,
    *,
    email: bool,
    now: datetime,
) -> Rendered:
    """Each live recipient's notification in their language and zone (and its email, if
    asked), without touching the database: `people` are the live accounts the notice
    mentions. Each distinct (language, zone) is rendered once."""
    from shared.emails import payload_of, render
    from shared.emails.locales import language_of

    found = [people[u] for u in recipients if u in people]
    if not found:
        return Rendered([])
    appointment = notice.appointment
    context: dict[str, Any] = dict(notice.context)
    for key, user_id in notice.names.items():
        person = people.get(user_id) if user_id is not None else None
        context[key] = person.name if person is not None and person.name else None
    if service is not None:
        context.setdefault("service", service)
    if appointment is not None:
        context["appointment"] = _appointment_facts(appointment, people, service)
    attachments = (
        [_invitation(appointment, people, service, notice.invite, now)]
        if email and appointment is not None and notice.invite
        else []
    )
    rendered: dict[tuple[str, str], Any] = {}
    rows = []
    for person in found:
        group = (language_of(person.language), person.timezone)
        if group not in rendered:
            rendered[group] = render(notice.template, context, language=group[0], timezone=group[1])
        r = rendered[group]
        payload = json.dumps(payload_of(r, person.email, attachments)) if email else None
        rows.append((uuid.uuid4(), person.id, notice.kind, r.subject[:200], r.message, payload,
                     notice.related_id))  # fmt: skip
    return Rendered(rows)


def notify(
    session: Session, user_ids: Iterable[uuid.UUID], notice: Notice, *, email: bool = False
) -> None:
    """Store a notification for each user (live accounts only), in their language, and, if
    asked, queue its email in the same transaction.

    Two statements whatever the number of recipients: who they are (language, zone, and the
    names the notice uses), then every notification and email at once.
    """
    ids, everyone, service_id = people_mentioned(user_ids, notice)
    if not ids:
        return
    rows = session.execute(_PEOPLE, {"ids": everyone, "service_id": service_id}).all()
    people = {r[0]: Person(r[0], r[1], r[2], r[3], r[4]) for r in rows}
    service = rows[0][5] if rows else None
    now = clock.now()
    rendered = render_notices(ids, notice, people, service, email=email, now=now)
    if rendered.rows:
        emailed = session.scalars(_NOTIFY, {**rendered.params(), "now": now}).all()
        outbox.remember(session, emailed, "email")


def list_notifications(
    user_id: uuid.UUID, *, unread_only: bool, limit: int, cursor: str | None
) -> Page[NotificationView]:
    statement = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        statement = statement.where(Notification.is_read.is_(False))
    with get_session() as session:
        return paginate(
            session,
            statement,
            keys=[Notification.created_at, Notification.id],
            limit=limit,
            cursor=cursor,
            to_item=NotificationView.of,
        )


def mark_read(user_id: uuid.UUID, notification_id: uuid.UUID) -> None:
    with get_session() as session:
        done = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.user_id == user_id)
            .values(is_read=True)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound("No such notification.")


def mark_all_read(user_id: uuid.UUID) -> None:
    with get_session() as session:
        session.execute(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.is_read.is_(False))
            .values(is_read=True)
        )
