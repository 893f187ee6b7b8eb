"""Field types shared by every schema: normalised emails, IANA zones, language codes, caps."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
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
TimeZoneName = Annotated[
    str, BeforeValidator(_strip), AfterValidator(_iana_zone), Field(examples=["Europe/Berlin"])
]
LanguageCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v),
    StringConstraints(pattern=r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$"),
    Field(examples=["en", "de", "pt-br"]),
]
Password = Annotated[str, Field(min_length=10, max_length=1024)]


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


Instant = Annotated[AwareDatetime, AfterValidator(_reasonable_year)]
"""A time with an offset (naive times are a 422), normalised to UTC, in a sane year range."""


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """API.md's list shape."""

    items: list[T]
    next_cursor: str | None
