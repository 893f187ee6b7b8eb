"""Emails people can read, the whole path: a German therapist and a Spanish client book, pay,
get confirmed and cancelled through HTTP, each reading their emails (file outbox) in their own
language and time; notices, messages, reminders and account emails in the account's language.
The rendering itself is tested without a database in tests/unit/test_emails_i18n.py."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.notifications import Notice, notify
from shared.models import Notification, User
from shared.outbox import run_outbox
from tests.factories import ALL_WEEK, SERVICE, book, pay_by_card, person
from tests.fakes import FakeStripe
from tests.helpers import parse_email, text_of

# --- through HTTP and the file outbox ------------------------------------------------------------


def _email_of(user_id: uuid.UUID) -> str:
    with get_session() as session:
        found = session.scalar(select(User.email).where(User.id == user_id))
        assert found is not None
        return found


def _mail(outbox: Path, to: str) -> list[EmailMessage]:
    return [m for m in (parse_email(p.read_bytes()) for p in sorted(outbox.glob("*.eml")))
            if m["To"] == to]  # fmt: skip


def _text(message: EmailMessage) -> str:
    return text_of(message)


def _open_practice(client: TestClient, therapist: dict[str, str], currency: str, price: int) -> str:
    body = {"timezone": "Europe/Berlin", "weekly": ALL_WEEK, "min_notice_minutes": 0}
    assert (
        client.put("/therapists/me/availability", json=body, headers=therapist).status_code == 200
    )
    created = client.post(
        "/services",
        json={**SERVICE, "title": "Einzelsitzung", "currency": currency, "price_cents": price},
        headers=therapist,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


@pytest.mark.parametrize(
    ("currency", "price", "german", "spanish"),
    [
        ("eur", 9000, "90,00\xa0€", "90,00\xa0€"),
        ("usd", 12050, "120,50\xa0$", "120,50\xa0US$"),
        ("jpy", 9000, "9.000\xa0¥", "9.000\xa0JPY"),
    ],
)
def test_a_german_therapist_and_a_spanish_client_read_everything_in_their_language(
    client: TestClient,
    now: FrozenClock,
    outbox: Path,
    stripe_fake: FakeStripe,
    currency: str,
    price: int,
    german: str,
    spanish: str,
) -> None:
    lena_id, lena = person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    ana_id, ana = person("client", "Ana López", "es", "America/Mexico_City")
    service_id = _open_practice(client, lena, currency, price)
    booked = book(client, ana, service_id, "2026-03-09T08:00:00Z")  # Monday 09:00 in Berlin
    assert booked.status_code == 201, booked.text
    appointment_id = booked.json()["id"]
    lena_mail, ana_mail = _email_of(lena_id), _email_of(ana_id)

    [booking] = _mail(outbox, lena_mail)
    assert booking["Subject"] == "Neue Buchung" and booking["Content-Language"] == "de"
    assert ("Ana López hat Einzelsitzung für Montag, 9. März 2026, 09:00 (MEZ) gebucht."
            in _text(booking))  # fmt: skip
    assert f"/appointments/{appointment_id}" in _text(booking)
    html = booking.get_body(("html",))
    assert html is not None and '<html lang="de">' in html.get_content()

    pay_by_card(client, ana, appointment_id)
    # One transaction told her both; the mailer may take them in either order.
    payment, confirmation = sorted(
        _mail(outbox, ana_mail), key=lambda m: m["Subject"] != "Pago recibido"
    )
    assert payment["Subject"] == "Pago recibido" and payment["Content-Language"] == "es"
    assert f"Hemos recibido tu pago de {spanish} por Einzelsitzung." in _text(payment)
    assert confirmation["Subject"] == "Cita confirmada"
    # 08:00 UTC is 02:00 in Mexico City (CST) and 09:00 in Berlin (MEZ).
    assert "Tu sesión del lunes, 9 de marzo de 2026, 2:00 (CST) está confirmada." in _text(
        confirmation
    )
    [_, lena_confirmation] = _mail(outbox, lena_mail)
    assert lena_confirmation["Subject"] == "Termin bestätigt"
    assert "Ihre Sitzung am Montag, 9. März 2026, 09:00 (MEZ) ist bestätigt." in _text(
        lena_confirmation
    )
    for invitation in (confirmation, lena_confirmation):
        [ics] = [p for p in invitation.iter_attachments()]
        assert ics.get_content_type() == "text/calendar" and ics.get_param("method") == "REQUEST"

    cancelled = client.post(f"/appointments/{appointment_id}/cancel", json={"reason": "Krank"},
                            headers=lena)  # fmt: skip
    assert cancelled.status_code == 200, cancelled.text
    run_outbox(clock.now())  # the refund, then its notice
    subjects = [m["Subject"] for m in _mail(outbox, ana_mail)]
    assert sorted(subjects[:2]) == ["Cita confirmada", "Pago recibido"]
    assert subjects[2:] == ["Cita cancelada", "Pago reembolsado"]
    cancellation, refund = _mail(outbox, ana_mail)[2:]
    assert ("Lena Hartmann ha cancelado la sesión del lunes, 9 de marzo de 2026, 2:00 (CST)."
            in _text(cancellation))  # fmt: skip
    assert f"Te devolvemos íntegramente tu pago de {spanish}." in _text(cancellation)
    assert "Motivo indicado: Krank" in _text(cancellation)
    [cancel_ics] = list(cancellation.iter_attachments())
    assert cancel_ics.get_param("method") == "CANCEL"
    assert f"Tu reembolso de {spanish} ya está en camino." in _text(refund)
    assert len(_mail(outbox, lena_mail)) == 2  # she cancelled: she is not told of it

    # In the app, too, each reads their own language.
    with get_session() as session:
        cancelled_titles = select(Notification.user_id, Notification.title).where(
            Notification.type == "cancellation"
        )
        titles = dict(session.execute(cancelled_titles).all())
        assert titles == {ana_id: "Cita cancelada"}
        lena_titles = session.scalars(
            select(Notification.title).where(Notification.user_id == lena_id)
        ).all()
        assert sorted(lena_titles) == ["Neue Buchung", "Termin bestätigt"]
    assert f"Preis: {german}" in _text(booking)


def test_a_co_therapist_is_asked_for_consent_and_the_client_learns_of_a_decline(
    client: TestClient, now: FrozenClock, outbox: Path
) -> None:
    lena_id, lena = person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    jonas_id, jonas = person("therapist", "Jonas Weber", "en", "Europe/London")
    ana_id, ana = person("client", "Ana López", "es", "Europe/Madrid")
    for headers, name, zone in (
        (lena, "Lena Hartmann", "Europe/Berlin"),
        (jonas, "Jonas Weber", "Europe/London"),
    ):
        publish = {"full_name": name, "languages": ["de"], "specialties": ["anxiety"],
                   "timezone": zone, "is_public": True, "accepting_clients": True,
                   "bio": "Ich helfe bei Angst."}  # fmt: skip
        assert client.put("/therapists/me", json=publish, headers=headers).status_code == 200
    service_id = _open_practice(client, lena, "eur", 9000)
    body = {"timezone": "Europe/London", "weekly": ALL_WEEK, "min_notice_minutes": 0}
    assert client.put("/therapists/me/availability", json=body, headers=jonas).status_code == 200
    booked = book(client, ana, service_id, "2026-03-09T08:00:00Z", co_therapist_ids=[str(jonas_id)])
    assert booked.status_code == 201, booked.text
    [asked] = _mail(outbox, _email_of(jonas_id))
    assert asked["Subject"] == "New booking: your answer is needed"
    assert ("Ana López booked Einzelsitzung with Lena Hartmann for Monday, March 9, 2026, "
            "8:00\u202fAM (GMT) and named you as a co-therapist." in _text(asked))  # fmt: skip
    [booking] = _mail(outbox, _email_of(lena_id))
    assert booking["Subject"] == "Neue Buchung"
    declined = client.post(f"/appointments/{booked.json()['id']}/decline", headers=jonas)
    assert declined.status_code == 200, declined.text
    [refused] = _mail(outbox, _email_of(ana_id))
    assert refused["Subject"] == "Reserva rechazada"
    assert "Tu reserva del lunes, 9 de marzo de 2026, 9:00 (CET) ha sido rechazada." in _text(
        refused
    )
    assert not list(refused.iter_attachments())  # it was never in anyone's calendar
    assert _mail(outbox, _email_of(lena_id))[-1]["Subject"] == "Buchung abgelehnt"


def test_notify_renders_once_per_language_and_zone(
    monkeypatch: pytest.MonkeyPatch, now: FrozenClock, outbox: Path
) -> None:
    import shared.emails.rendering as rendering

    people = [
        person("client", "A", "de", "Europe/Berlin")[0],
        person("client", "B", "de", "Europe/Berlin")[0],
        person("client", "C", "de-AT", "Europe/Berlin")[0],  # reads German too
        person("client", "D", "es", "Europe/Berlin")[0],
        person("client", "E", "de", "Europe/Vienna")[0],
    ]
    calls: list[tuple[str | None, str | None]] = []
    real = rendering.render

    def counted(template: str, context: Any, *, language: str | None, timezone: str | None) -> Any:
        calls.append((language, timezone))
        return real(template, context, language=language, timezone=timezone)

    monkeypatch.setattr(rendering, "render", counted)
    with get_session() as session:
        notify(session, people, Notice("payment", "payment", context={
            "amount_cents": 9000, "currency": "jpy", "payment_id": "p"}), email=True)  # fmt: skip
    assert sorted(calls) == [("de", "Europe/Berlin"), ("de", "Europe/Vienna"),
                             ("es", "Europe/Berlin")]  # fmt: skip
    run_outbox(clock.now())
    bodies = [_text(m) for m in (parse_email(p.read_bytes()) for p in sorted(outbox.glob("*.eml")))]
    assert len(bodies) == 5
    assert sum("Wir haben Ihre Zahlung von 9.000\xa0¥ erhalten." in b for b in bodies) == 4
    assert sum("Hemos recibido tu pago de 9.000\xa0JPY." in b for b in bodies) == 1


def test_a_new_message_email_says_who_wrote_but_not_what(
    client: TestClient, now: FrozenClock, outbox: Path
) -> None:
    lena_id, lena = person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    ana_id, ana = person("client", "Ana López", "es", "Europe/Madrid")
    service_id = _open_practice(client, lena, "eur", 9000)
    assert book(client, ana, service_id, "2026-03-09T08:00:00Z").status_code == 201
    with get_session() as session:  # messaging needs a confirmed appointment (or a match)
        from shared.domain.lifecycle import PaidBy, mark_paid
        from shared.models import Appointment

        appointment = session.scalars(select(Appointment)).one()
        mark_paid(session, appointment, PaidBy.PAID, clock.now())
    thread = client.post("/threads", json={"participant_ids": [str(lena_id)]}, headers=ana)
    assert thread.status_code == 201, thread.text
    secret = "Me siento muy mal desde ayer."
    sent = client.post(f"/threads/{thread.json()['id']}/messages", json={"content": secret},
                       headers=ana)  # fmt: skip
    assert sent.status_code == 201
    [note] = [m for m in _mail(outbox, _email_of(lena_id)) if m["Subject"] == "Neue Nachricht"]
    assert "Ana López hat Ihnen eine Nachricht geschickt." in _text(note)
    assert secret not in note.as_string()
    with get_session() as session:  # the app keeps the preview
        assert (
            session.scalar(select(Notification.message).where(Notification.type == "message"))
            == secret
        )
    _ = ana_id


def test_reminders_are_rendered_when_sent_in_each_language_with_the_true_lead_time(
    client: TestClient, now: FrozenClock, outbox: Path
) -> None:
    from shared.domain.lifecycle import PaidBy, mark_paid
    from shared.domain.reminders import send_reminders
    from shared.models import Appointment

    lena_id, lena = person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    ana_id, ana = person("client", "Ana López", "es", "America/Mexico_City")
    service_id = _open_practice(client, lena, "eur", 9000)
    assert book(client, ana, service_id, "2026-03-09T08:00:00Z").status_code == 201
    with get_session() as session:
        mark_paid(session, session.scalars(select(Appointment)).one(), PaidBy.PAID, clock.now())
    run_outbox(clock.now())  # the confirmations
    now.set(datetime(2026, 3, 8, 20, 0, tzinfo=UTC))  # 12 hours before
    assert send_reminders(clock.now())["emailed"] == 2
    [lena_reminder] = [m for m in _mail(outbox, _email_of(lena_id)) if "beginnt" in m["Subject"]]
    assert lena_reminder["Subject"] == "Ihre Attune-Sitzung beginnt in 12 Stunden"
    assert "Montag, 9. März 2026, 09:00 (MEZ)" in _text(lena_reminder)
    [ana_reminder] = [m for m in _mail(outbox, _email_of(ana_id)) if "empieza" in m["Subject"]]
    assert ana_reminder["Subject"] == "Tu sesión de Attune empieza dentro de 12 horas"
    assert "lunes, 9 de marzo de 2026, 2:00 (CST)" in _text(ana_reminder)
    assert ana_reminder["Content-Language"] == "es"
    now.set(datetime(2026, 3, 9, 7, 20, tzinfo=UTC))  # 40 minutes before
    assert send_reminders(clock.now())["emailed"] == 2
    assert _mail(outbox, _email_of(lena_id))[-1]["Subject"] == (
        "Ihre Attune-Sitzung beginnt in 40 Minuten"
    )
    with get_session() as session:  # in the app, in their language
        titles = set(session.scalars(select(Notification.title)
                                     .where(Notification.type == "reminder")))  # fmt: skip
    assert titles == {"Sitzung in 24 Std.", "Sesión en 24 h", "Sitzung in 1 Std.", "Sesión en 1 h"}


def test_verification_and_reset_emails_are_in_the_account_language(
    client: TestClient, outbox: Path
) -> None:
    from tests.helpers import outbox_messages

    answer = client.post(
        "/auth/register",
        json={"email": "grete@example.com", "password": "ein langes Passwort", "role": "client",
              "full_name": "Grete", "language": "de", "timezone": "Europe/Berlin"},
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    assert client.post("/auth/password-reset/request",
                       json={"email": "grete@example.com"}).status_code == 202  # fmt: skip
    run_outbox(clock.now())  # the reset waits for the outbox (same time for anyone)
    messages = outbox_messages(outbox)
    assert [m["Content-Language"] for m in messages] == ["de", "de"]
    texts = [text_of(m) for m in messages]
    assert len(texts) == 2 and all("token=" in t for t in texts)
    assert "Passwort" in texts[1]  # German words, not only a German header
