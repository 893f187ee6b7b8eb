"""SQLAlchemy models. Alembic revisions in migrations/ are the only way the schema changes."""

from shared.models.auth import (
    EmailVerificationToken,
    LoginAttempt,
    PasswordResetToken,
    RefreshToken,
)
from shared.models.base import Base
from shared.models.users import ROLES, Profile, User

__all__ = [
    "ROLES",
    "Base",
    "EmailVerificationToken",
    "LoginAttempt",
    "PasswordResetToken",
    "Profile",
    "RefreshToken",
    "User",
]
