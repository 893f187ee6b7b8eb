"""Languages, catalogues and Babel formatting for what people read: emails and notifications.

A recipient's language is their profile's (`profiles.language`); anything but `en`, `de` and
`es` falls back to `en`. Times are shown in the recipient's own zone with the zone named, money
in the currency's real minor units (JPY has none). Everything here is cached per process: a
reminder run formats thousands of times for a handful of (language, zone) pairs.

Catalogues are gettext `.mo` files compiled by the build (`make catalogs`, the app layer's
Makefile) from the `.po` files beside them; where a `.mo` is missing or older than its `.po`
(a checkout before `make install`), the `.po` is compiled in memory instead, so a stale build
never shows a translator's old text.
"""

from __future__ import annotations

import gettext
import io
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from babel import Locale

LANGUAGES = ("en", "de", "es")
DEFAULT_LANGUAGE = "en"
DOMAIN = "attune"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(message: str) -> str:
    """Marks a string for extraction (pybabel) where it is translated later, by language."""
    return message


def language_of(value: str | None) -> str:
    """The supported language for a profile's language tag (`de-AT` → `de`; `fr` → `en`)."""
    if not value:
        return DEFAULT_LANGUAGE
    primary = value.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=256)
def zone_of(name: str | None) -> tzinfo:
    """The IANA zone of a profile (validated when it was set); UTC for anything unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


@lru_cache(maxsize=8)
def locale(language: str) -> Locale:
    from babel import Locale

    return Locale.parse(language_of(language))


@lru_cache(maxsize=8)
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a language: its compiled `.mo`, or its `.po` compiled in memory when the
    `.mo` is missing or stale; English is the source language (msgids are English)."""
    language = language_of(language)
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _as_datetime(value: datetime | str) -> datetime:
    """Context values arrive as datetimes (rendered in a transaction) or ISO text (rendered
    from a stored payload at send time)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def zone_label(moment: datetime, language: str) -> str:
    """The zone's short name as people of that language write it (MEZ, CET, CST), else the
    zone's own abbreviation, else a GMT offset (GMT-03:00) — never a bare '+0100'."""
    from babel.dates import get_timezone_gmt, get_timezone_name

    name = get_timezone_name(moment, width="short", locale=locale(language))
    if name.isalpha():
        return name
    abbreviation = moment.tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    return get_timezone_gmt(moment, width="long", locale=locale(language))


@lru_cache(maxsize=4096)
def _when(moment: datetime, language: str, zone: str) -> str:
    from babel.dates import format_date, format_time

    local = moment.astimezone(zone_of(zone))
    where = locale(language)
    day = format_date(local.date(), format="full", locale=where)
    hour = format_time(local.timetz(), format="short", locale=where)
    return f"{day}, {hour} ({zone_label(local, language)})"


def format_when(value: datetime | str, language: str, zone: str) -> str:
    """A moment as the recipient reads it: 'Montag, 7. Dezember 2026, 09:00 (MEZ)'."""
    return _when(_as_datetime(value).astimezone(UTC), language_of(language), zone)


@lru_cache(maxsize=4096)
def _time(moment: datetime, language: str, zone: str) -> str:
    from babel.dates import format_time

    return format_time(moment.astimezone(zone_of(zone)).timetz(), "short", locale=locale(language))


def format_time_only(value: datetime | str, language: str, zone: str) -> str:
    """Just the local clock time ('09:50'), e.g. for when a session ends."""
    return _time(_as_datetime(value).astimezone(UTC), language_of(language), zone)


def minor_unit_exponent(currency: str) -> int:
    """How many digits the currency's minor unit has (EUR 2, JPY 0, KWD 3), from CLDR."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency.upper()))


@lru_cache(maxsize=1024)
def format_money(amount_minor: int, currency: str, language: str) -> str:
    """An amount in minor units as the recipient reads it: EUR 9000 → '90,00 €' (de),
    JPY 9000 → '¥9,000' (en)."""
    from babel.numbers import format_currency

    code = currency.upper()
    amount = Decimal(int(amount_minor)).scaleb(-minor_unit_exponent(code))
    return str(format_currency(amount, code, locale=locale(language_of(language))))


@lru_cache(maxsize=512)
def _lead(minutes: int, language: str) -> str:
    from babel.dates import format_timedelta

    if minutes < 60:
        return str(
            format_timedelta(timedelta(minutes=max(minutes, 1)), threshold=1, add_direction=True,
                             locale=locale(language))
        )  # fmt: skip
    hours = round(minutes / 60)
    # Babel takes the largest unit whose value reaches the threshold; this one is above the
    # value in days and at most the value in hours, so '24 hours' never becomes '1 day'.
    return str(
        format_timedelta(timedelta(hours=hours), threshold=hours / 24 + 0.5, add_direction=True,
                         locale=locale(language))
    )  # fmt: skip


def format_lead(until: timedelta, language: str) -> str:
    """How far ahead something is, true to the real lead time: 'in 12 hours', 'in 55 Minuten',
    'dentro de 1 hora' (minutes below an hour, whole hours above)."""
    return _lead(round(until.total_seconds() / 60), language_of(language))
