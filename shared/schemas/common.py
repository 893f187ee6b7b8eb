"""Field types shared by every schema: normalised emails, IANA zones, language codes, caps."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
)


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _iana_zone(value: str) -> str:
    # ZoneInfo would also accept relative file paths; allow only zone-name characters.
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*", value):
        raise ValueError("not an IANA time zone name")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}") from None
    return value


Email = Annotated[
    EmailStr,
    BeforeValidator(_strip),
    AfterValidator(lambda v: v.lower()),
    Field(max_length=320, examples=["casey@example.com"]),
]
# The longest IANA zone names are about 30 characters ("America/Argentina/ComodRivadavia").
TimeZoneName = Annotated[
    str,
    BeforeValidator(_strip),
    Field(max_length=64, examples=["Europe/Berlin"]),
    AfterValidator(_iana_zone),
]
# The constraints come before the normalising validator so the OpenAPI document shows them too.
LanguageCode = Annotated[
    str,
    StringConstraints(max_length=12, pattern=r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$"),
    BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v),
    Field(examples=["en", "de", "pt-br"]),
]
# Ten characters, not all of them spaces: a password of whitespace alone guesses itself.
Password = Annotated[str, Field(min_length=10, max_length=1024, pattern=r"\S")]


def body(*examples: dict[str, Any], populate_by_name: bool = False) -> ConfigDict:
    """A request body's model config: unknown fields are refused (422), and the examples are
    shown in the OpenAPI document."""
    return ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": list(examples)},
        populate_by_name=populate_by_name,
    )


def capped(max_length: int, min_length: int = 0) -> StringConstraints:
    """The length cap of a text field (every text field has one); strips whitespace first and
    refuses NUL, which PostgreSQL cannot store in text."""
    return StringConstraints(
        strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=r"^[^\x00]*$"
    )


def _reasonable_year(value: datetime) -> datetime:
    # Far-off years overflow date arithmetic (a day either side of year 1 or 9999).
    if not 1900 <= value.year < 9000:
        raise ValueError("the year must be between 1900 and 8999")
    return value.astimezone(UTC)


def _written_out(value: object) -> object:
    # Pydantic would read a number, or a string of digits, as a Unix timestamp; API.md's times
    # and dates are RFC 3339 text, as the OpenAPI document says.
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+(\.\d*)?\s*", value)
    ):
        raise ValueError("write it as RFC 3339 text, such as 2026-03-02T09:00:00Z or 2026-03-02")
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_written_out), AfterValidator(_reasonable_year)]
"""A time with an offset (naive times are a 422), normalised to UTC, in a sane year range."""

CalendarDate = Annotated[date, BeforeValidator(_written_out)]
"""A day written out (YYYY-MM-DD), not a timestamp."""
