"""Emails people can read: every template in en, de and es, in the recipient's zone, with money
in the currency's real minor units; multipart MIME with Content-Language. Rendering only, no
database: tests/integration/test_emails_sent.py follows the emails through HTTP and the outbox."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from shared.clock import FrozenClock
from shared.email import build_message, email_payload
from shared.emails import locales, payload_of, render_email
from shared.emails.rendering import EMAIL_TEMPLATES, render, render_directly
from tests.helpers import environment, parse_email

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
        assert sorted(re.findall(r"%\(\w+\)s", str(message.string))) == sorted(
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


def test_a_rendered_email_is_text_and_html_with_its_invitation_attached() -> None:
    rendered = render("confirmation", CONTEXTS["confirmation"][0], language="de",
                      timezone="Europe/Berlin")  # fmt: skip
    invite = {"filename": "invite.ics", "content_type": "text/calendar; method=REQUEST",
              "data": "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"}  # fmt: skip
    raw = build_message(payload_of(rendered, "lena@example.com", [invite]), "email-1")
    message = parse_email(raw)
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
    message = parse_email(build_message(payload_of(rendered, "a@example.com"), "k"))
    plain = message.get_body(("plain",))
    assert plain is not None and plain["Content-Transfer-Encoding"] == "quoted-printable"
    assert long_name in plain.get_content()
    single = parse_email(build_message(email_payload("a@example.com", "Hi", "Body"), "k2"))
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
