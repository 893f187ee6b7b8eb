"""The Auth table of API.md."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import MISSING, BaseModel, ConfigDict, Field

from shared.schemas.common import Email, LanguageCode, Password, TimeZoneName, body, capped

FullName = Annotated[str, capped(200, min_length=1)]
Token = Annotated[str, capped(512, min_length=1)]


class StrictBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterIn(StrictBody):
    model_config = body(
        {
            "email": "casey@example.com",
            "password": "correct horse battery",
            "role": "client",
            "full_name": "Casey Client",
            "timezone": "Europe/Berlin",
            "language": "de",
        }
    )

    email: Email
    password: Password
    role: Literal["client", "therapist"]
    full_name: FullName
    timezone: TimeZoneName | None = None
    language: LanguageCode | None = None


class ProfilePatch(StrictBody):
    """Only the fields sent change. null removes an optional field; the name, zone and language
    cannot be removed, so null is not a value they take (422, like any invalid value)."""

    model_config = body({"display_name": "Casey", "timezone": "America/New_York", "phone": None})

    full_name: FullName | MISSING = MISSING
    display_name: Annotated[str, capped(100)] | None = None
    bio: Annotated[str, capped(5000)] | None = None
    timezone: TimeZoneName | MISSING = MISSING
    language: LanguageCode | MISSING = MISSING
    phone: Annotated[str, capped(32), Field(pattern=r"^\+?[0-9 ()\-.]{3,32}$")] | None = None


class TokenIn(StrictBody):
    model_config = body({"token": "Jx3v0Qk2...the token from the email"})

    token: Token


class EmailIn(StrictBody):
    model_config = body({"email": "casey@example.com"})

    email: Email


class LoginIn(StrictBody):
    model_config = body({"email": "casey@example.com", "password": "correct horse battery"})

    email: Email
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class RefreshIn(StrictBody):
    model_config = body({"refresh_token": "4mVq...the refresh_token from POST /auth/login"})

    refresh_token: Token


class PasswordResetConfirmIn(StrictBody):
    model_config = body(
        {
            "token": "Jx3v0Qk2...the token from the email",
            "new_password": "a new long passphrase",
        }
    )

    token: Token
    new_password: Password


class AcceptedOut(BaseModel):
    status: Literal["accepted"] = "accepted"
