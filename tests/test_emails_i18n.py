"""Emails people can read: every template in en, de and es, in the recipient's zone, with money
in the currency's real minor units; multipart MIME with Content-Language; and the whole path —
a German therapist and a Spanish client book, pay, get confirmed and cancelled through HTTP,
each reading their emails (file outbox) in their own language and time."""

from __future__ import annotations

import email
import re
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select
from starlette.testclient import TestClient

from shared import clock
from shared.clock import FrozenClock
from shared.db import get_session
from shared.domain.notifications import Notice, notify
from shared.email import build_message, email_payload
from shared.emails import locales, payload_of, render_email
from shared.emails.rendering import EMAIL_TEMPLATES, render, render_directly
from shared.models import Notification, Profile, User
from shared.outbox import run_outbox
from shared.security.tokens import issue_access_token
from tests.fakes import FakeStripe
from tests.helpers import environment, text_of
from tests.test_booking import SERVICE, book, now
from tests.test_money import ALL_WEEK, _pay_by_card, stripe_fake

__all__ = ["now", "stripe_fake"]  # fixtures used here

START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin, 02:00 in Mexico City


def _appointment(**changes: Any) -> dict[str, Any]:
    facts = {
        "id": "6f1c0c1e-8a8e-4b5e-9a43-2f4f1d3a0c11",
        "link": "http://127.0.0.1:3000/appointments/6f1c0c1e-8a8e-4b5e-9a43-2f4f1d3a0c11",
        "service": "Einzelsitzung <50 min> & mehr",
        "starts_at": START,
        "ends_at": START + timedelta(minutes=50),
        "status": "confirmed",
        "therapist": "Lena Hartmann",
        "co_therapists": ["Jonas Weber"],
        "client": 'Ana "Anita" López',
        "meeting_url": "https://meet.attune.local/abc-123",
        "price_cents": 9000,
        "currency": "eur",
    }
    return {**facts, **changes}


# Each template with the contexts it is rendered with, including the branches it takes.
CONTEXTS: dict[str, list[dict[str, Any]]] = {
    "booking": [{"appointment": _appointment(status="pending")}, {"appointment": _appointment()}],
    "consent_request": [{"appointment": _appointment(status="pending"), "role": role}
                        for role in ("primary", "co")],
    "confirmation": [{"appointment": _appointment()},
                     {"appointment": _appointment(meeting_url=None, co_therapists=[])}],
    "declined": [{"appointment": _appointment(status="cancelled"), "for_client": f, "money": m,
                  "cause": "declined", "reason": None, "actor": "Lena Hartmann"}
                 for f, m in ((True, "refund"), (True, "credit"), (False, None))],
    "cancellation": [{"appointment": _appointment(status="cancelled"), "for_client": True,
                      "money": m, "cause": c, "reason": r, "actor": a}
                     for c, m, r, a in (
                         ("therapist_cancelled", "refund", "Krank <heute>", "Lena Hartmann"),
                         ("client_cancelled", None, None, "Ana López"),
                         ("hold_expired", None, None, None),
                         ("consent_expired", "refund", None, None),
                         ("client_deleted", None, None, None),
                         ("therapist_deleted", "credit", None, None),
                         ("admin_refund", "kept_payment", None, None),
                         ("other", "kept_credit", None, None))],
    "reschedule": [{"appointment": _appointment(), "previous_start": START - timedelta(days=1),
                    "actor": a} for a in ("Lena Hartmann", None)],
    "reminder": [{"appointment": _appointment(starts_at=START.isoformat(),
                                              ends_at=(START + timedelta(minutes=50)).isoformat())},
                 {"appointment": _appointment(meeting_url=None)}],
    "payment": [{"amount_cents": 9000, "currency": "jpy", "payment_id": "p1", "service": s}
                for s in ("Paket <10>", None)],
    "refund": [{"amount_cents": 1999, "currency": "usd", "payment_id": "p1"}],
    "message": [{"preview": "Hallo <b>", "thread_id": "t1", "sender": s}
                for s in ("Lena Hartmann", None)],
    "verify_email": [{"token": "tok_abc-123"}],
    "reset_password": [{"token": "tok_abc-123"}],
}  # fmt: skip


def test_every_template_is_covered() -> None:
    assert set(CONTEXTS) == set(EMAIL_TEMPLATES)


@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize("template", EMAIL_TEMPLATES)
def test_each_template_renders_the_same_through_its_skeleton_in_each_language(
    template: str, language: str, frozen_clock: FrozenClock
) -> None:
    """The cached skeleton with the facts put in is exactly what Jinja renders for the email
    (escaping, branches and every filter included), in every language and zone."""
    frozen_clock.set(START - timedelta(hours=12))
    for context in CONTEXTS[template]:
        for zone in ("Europe/Berlin", "America/Mexico_City"):
            fast = render(template, context, language=language, timezone=zone)
            assert fast == render_directly(template, context, language=language, timezone=zone)
            assert fast.language == language and fast.subject and "\n" not in fast.subject
            assert "zqx" not in fast.text + fast.html + fast.subject + fast.message
            assert "<script" not in fast.html and "<b>" not in fast.html  # facts are escaped


def test_texts_are_translated_and_the_english_ones_are_kept() -> None:
    context = CONTEXTS["cancellation"][0]
    english = render("cancellation", context, language="en", timezone="Europe/Berlin")
    german = render("cancellation", context, language="de", timezone="Europe/Berlin")
    spanish = render("cancellation", context, language="es", timezone="Europe/Madrid")
    assert english.subject == "Appointment cancelled"
    assert german.subject == "Termin abgesagt" and spanish.subject == "Cita cancelada"
    assert "Lena Hartmann hat die Sitzung am Montag, 7. Dezember 2026, 09:00 (MEZ)" in german.text
    assert "Ihre Zahlung von 90,00\xa0€ wird vollständig erstattet." in german.text
    assert "Te devolvemos íntegramente tu pago de 90,00\xa0€." in spanish.text
    assert "Angegebener Grund: Krank <heute>" in german.text  # text part: as written
    assert "Krank &lt;heute&gt;" in german.html  # HTML part: escaped
    # Unknown languages read English; an unknown zone reads UTC.
    assert render("cancellation", context, language="fr", timezone="Mars/Olympus").text == (
        render("cancellation", context, language="en", timezone="UTC").text
    )


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_catalogue_translates_every_message_with_the_same_placeholders(
    language: str,
) -> None:
    path = locales.LOCALE_DIR / language / "LC_MESSAGES" / "attune.po"
    template = read_po((locales.LOCALE_DIR / "attune.pot").open("rb"))
    catalog = read_po(path.open("rb"), locale=language)
    assert {m.id for m in template if m.id} == {m.id for m in catalog if m.id}, "run make messages"
    assert not catalog.fuzzy and str(catalog.locale) == language  # a header pybabel compiles
    for message in catalog:
        if not message.id:
            continue
        assert message.string and not message.fuzzy, message.id
        assert sorted(re.findall(r"%\(\w+\)s", message.string)) == sorted(
            re.findall(r"%\(\w+\)s", str(message.id))
        ), message.id


def test_a_catalogue_is_read_from_its_po_when_no_mo_was_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = locales.LOCALE_DIR / "de" / "LC_MESSAGES" / "attune.po"
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "de" / "LC_MESSAGES" / "attune.po").write_bytes(source.read_bytes())
    monkeypatch.setattr(locales, "LOCALE_DIR", tmp_path)
    locales.translations.cache_clear()
    try:
        assert locales.translations("de").gettext("New booking") == "Neue Buchung"
    finally:
        locales.translations.cache_clear()


# --- Babel formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("de", "Europe/Berlin", "Montag, 7. Dezember 2026, 09:00 (MEZ)"),
        ("en", "Europe/Berlin", "Monday, December 7, 2026, 9:00\u202fAM (CET)"),
        ("es", "Europe/Madrid", "lunes, 7 de diciembre de 2026, 9:00 (CET)"),
        ("es", "America/Mexico_City", "lunes, 7 de diciembre de 2026, 2:00 (CST)"),
        ("en", "UTC", "Monday, December 7, 2026, 8:00\u202fAM (UTC)"),
        ("en", "America/Sao_Paulo", "Monday, December 7, 2026, 5:00\u202fAM (GMT-03:00)"),
    ],
)
def test_times_are_local_with_the_zone_named(language: str, zone: str, expected: str) -> None:
    assert locales.format_when(START, language, zone) == expected


def test_summer_time_is_named_as_such() -> None:
    summer = datetime(2026, 7, 6, 7, 0, tzinfo=UTC)
    assert (
        locales.format_when(summer, "de", "Europe/Berlin") == "Montag, 6. Juli 2026, 09:00 (MESZ)"
    )


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        (9000, "eur", "de", "90,00\xa0€"),
        (9000, "eur", "en", "€90.00"),
        (9000, "eur", "es", "90,00\xa0€"),
        (1999, "usd", "en", "$19.99"),
        (1999, "usd", "de", "19,99\xa0$"),
        (1999, "usd", "es", "19,99\xa0US$"),
        (9000, "jpy", "en", "¥9,000"),  # JPY has no minor unit: 9000 is ¥9,000
        (9000, "jpy", "de", "9.000\xa0¥"),
        (9000, "jpy", "es", "9.000\xa0JPY"),
        (1234, "kwd", "en", "KWD1.234"),  # three decimals
    ],
)
def test_money_is_in_the_currencys_real_minor_units(
    amount: int, currency: str, language: str, expected: str
) -> None:
    assert locales.format_money(amount, currency, language) == expected


@pytest.mark.parametrize(
    ("lead", "language", "expected"),
    [
        (timedelta(hours=12), "en", "in 12 hours"),
        (timedelta(hours=12, minutes=10), "de", "in 12 Stunden"),
        (timedelta(hours=24), "en", "in 24 hours"),
        (timedelta(hours=23, minutes=50), "es", "dentro de 24 horas"),
        (timedelta(hours=1), "en", "in 1 hour"),
        (timedelta(minutes=55), "en", "in 55 minutes"),
        (timedelta(minutes=40), "de", "in 40 Minuten"),
        (timedelta(seconds=10), "en", "in 1 minute"),
    ],
)
def test_the_lead_time_is_the_real_one(lead: timedelta, language: str, expected: str) -> None:
    assert locales.format_lead(lead, language) == expected


# --- MIME ----------------------------------------------------------------------------------------


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def test_a_rendered_email_is_text_and_html_with_its_invitation_attached() -> None:
    rendered = render("confirmation", CONTEXTS["confirmation"][0], language="de",
                      timezone="Europe/Berlin")  # fmt: skip
    invite = {"filename": "invite.ics", "content_type": "text/calendar; method=REQUEST",
              "data": "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"}  # fmt: skip
    raw = build_message(payload_of(rendered, "lena@example.com", [invite]), "email-1")
    message = _parse(raw)
    assert message["Subject"] == "Termin bestätigt" and message["Content-Language"] == "de"
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    body = message.get_body(("plain",))
    assert body is not None and "Ihre Sitzung am Montag" in body.get_content()
    assert b"Content-Transfer-Encoding: 8bit" in raw  # readable as a file, links copyable
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == invite["data"]  # CRLFs kept (base64)
    assert build_message(payload_of(rendered, "lena@example.com", [invite]), "email-1") == raw


def test_a_very_long_line_is_sent_quoted_printable_and_plain_mail_still_works() -> None:
    long_name = "Ä" * 600  # 1,200 bytes on one line: too long for 8bit
    rendered = render("message", {"preview": "x", "thread_id": "t", "sender": long_name},
                      language="de", timezone="UTC")  # fmt: skip
    message = _parse(build_message(payload_of(rendered, "a@example.com"), "k"))
    plain = message.get_body(("plain",))
    assert plain is not None and plain["Content-Transfer-Encoding"] == "quoted-printable"
    assert long_name in plain.get_content()
    single = _parse(build_message(email_payload("a@example.com", "Hi", "Body"), "k2"))
    assert single.get_content_type() == "text/plain" and single["Content-Language"] is None


def test_account_emails_render_with_their_link_and_token() -> None:
    with environment(APP_BASE_URL="https://app.example.com"):
        verify = render_email("verify_email", to="ana@example.com", language="es",
                              timezone="Europe/Madrid", token="tok_abc-123")  # fmt: skip
        reset = render_email("reset_password", to="lena@example.com", language="de",
                             timezone=None, token="tok_xyz")  # fmt: skip
    assert verify["subject"] == "Confirma tu correo para Attune"
    assert "https://app.example.com/verify-email?token=tok_abc-123" in verify["text"]
    assert "tok_abc-123" in verify["html"] and verify["language"] == "es"
    assert reset["subject"] == "Ihr Attune-Passwort zurücksetzen"
    assert "https://app.example.com/reset-password?token=tok_xyz" in reset["text"]
    english = render_email("verify_email", to="x@example.com", token="t")
    assert english["subject"] == "Confirm your email for Attune"


# --- through HTTP and the file outbox ------------------------------------------------------------


def _person(role: str, name: str, language: str, zone: str) -> tuple[uuid.UUID, dict[str, str]]:
    with get_session() as session:
        user = User(email=f"{role}-{uuid.uuid4().hex[:8]}@example.com", password_hash="unused",
                    role=role, email_verified_at=clock.now())  # fmt: skip
        user.profile = Profile(full_name=name, language=language, timezone=zone)
        session.add(user)
        session.flush()
        user_id = user.id
    token, _ = issue_access_token(user_id, role, clock.now())
    return user_id, {"Authorization": f"Bearer {token}"}


def _email_of(user_id: uuid.UUID) -> str:
    with get_session() as session:
        found = session.scalar(select(User.email).where(User.id == user_id))
        assert found is not None
        return found


def _mail(outbox: Path, to: str) -> list[EmailMessage]:
    return [m for m in (_parse(p.read_bytes()) for p in sorted(outbox.glob("*.eml")))
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
    lena_id, lena = _person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    ana_id, ana = _person("client", "Ana López", "es", "America/Mexico_City")
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

    _pay_by_card(client, ana, appointment_id)
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
    lena_id, lena = _person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    jonas_id, jonas = _person("therapist", "Jonas Weber", "en", "Europe/London")
    ana_id, ana = _person("client", "Ana López", "es", "Europe/Madrid")
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
        _person("client", "A", "de", "Europe/Berlin")[0],
        _person("client", "B", "de", "Europe/Berlin")[0],
        _person("client", "C", "de-AT", "Europe/Berlin")[0],  # reads German too
        _person("client", "D", "es", "Europe/Berlin")[0],
        _person("client", "E", "de", "Europe/Vienna")[0],
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
    bodies = [_text(m) for m in (_parse(p.read_bytes()) for p in sorted(outbox.glob("*.eml")))]
    assert len(bodies) == 5
    assert sum("Wir haben Ihre Zahlung von 9.000\xa0¥ erhalten." in b for b in bodies) == 4
    assert sum("Hemos recibido tu pago de 9.000\xa0JPY." in b for b in bodies) == 1


def test_a_new_message_email_says_who_wrote_but_not_what(
    client: TestClient, now: FrozenClock, outbox: Path
) -> None:
    lena_id, lena = _person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    ana_id, ana = _person("client", "Ana López", "es", "Europe/Madrid")
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

    lena_id, lena = _person("therapist", "Lena Hartmann", "de", "Europe/Berlin")
    ana_id, ana = _person("client", "Ana López", "es", "America/Mexico_City")
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
    texts = [
        part.get_payload(decode=True).decode()
        for m in messages
        for part in m.walk()
        if part.get_content_type() == "text/plain"
    ]
    assert len(texts) == 2 and all("token=" in t for t in texts)
    assert "Passwort" in texts[1]  # German words, not only a German header
