"""Access tokens (short-lived JWT) and opaque one-time tokens (stored only as hashes).

PyJWT is imported on first use: importing it loads `cryptography` for the asymmetric algorithms
(though HS256 needs only hmac), which would add about 8% to every API function's import time.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.config import get_settings
from shared.errors import Unauthorized

ALGORITHM = "HS256"
ISSUER = "attune"


def _signing_key() -> str:
    settings = get_settings()
    if settings.jwt_secret:
        return settings.jwt_secret
    if settings.jwt_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        # Powertools caches it for the max age: a rotated key reaches warm containers.
        max_age = settings.secret_max_age_seconds
        return str(parameters.get_secret(settings.jwt_secret_arn, max_age=max_age))
    raise RuntimeError("No token signing key: set JWT_SECRET (locally) or JWT_SECRET_ARN (AWS).")


def reset_signing_key() -> None:
    """Forget cached secrets (tests switch keys)."""
    if get_settings().jwt_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        parameters.clear_caches()


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    role: str


def issue_access_token(user_id: uuid.UUID, role: str, now: datetime) -> tuple[str, int]:
    """A signed JWT for the user and its lifetime in seconds."""
    import jwt

    ttl = get_settings().access_token_ttl_seconds
    claims = {
        "sub": str(user_id),
        "role": role,
        "iss": ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl)).timestamp()),
        "jti": secrets.token_hex(8),
        "typ": "access",
    }
    return jwt.encode(claims, _signing_key(), algorithm=ALGORITHM), ttl


def read_access_token(token: str, now: datetime) -> AccessClaims:
    """The claims of a valid access token; anything else is a 401 `invalid_token`."""
    import jwt

    try:
        claims = jwt.decode(
            token,
            _signing_key(),
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iat"], "verify_exp": False},
        )
        if claims.get("typ") != "access" or int(claims["exp"]) <= int(now.timestamp()):
            raise jwt.ExpiredSignatureError
        return AccessClaims(user_id=uuid.UUID(claims["sub"]), role=str(claims["role"]))
    except (jwt.PyJWTError, ValueError, KeyError, TypeError):
        raise Unauthorized(
            "The access token is invalid or expired.", code="invalid_token"
        ) from None


def new_opaque_token() -> str:
    """A random URL-safe token (256 bits) for refresh, verification and reset links."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database stores in place of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
