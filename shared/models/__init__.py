"""SQLAlchemy models. Alembic revisions in migrations/ are the only way the schema changes."""

from shared.models.auth import (
    EmailVerificationToken,
    LoginAttempt,
    PasswordResetToken,
    RefreshToken,
)
from shared.models.base import Base
from shared.models.booking import (
    ACTIVE_STATUSES,
    PACKAGE_TYPES,
    Appointment,
    AppointmentTherapist,
    AvailabilityOverride,
    Service,
    TherapistSchedule,
)
from shared.models.entries import MAX_ENTRY_CHARS, Entry, Match
from shared.models.payments import PackageCredit, Payment, StripeEvent
from shared.models.therapists import TherapistBio, TherapistExperience, TherapistProfile
from shared.models.users import ROLES, Profile, User

__all__ = [
    "ACTIVE_STATUSES",
    "MAX_ENTRY_CHARS",
    "PACKAGE_TYPES",
    "ROLES",
    "Appointment",
    "AppointmentTherapist",
    "AvailabilityOverride",
    "Base",
    "EmailVerificationToken",
    "Entry",
    "LoginAttempt",
    "Match",
    "PackageCredit",
    "PasswordResetToken",
    "Payment",
    "Profile",
    "RefreshToken",
    "Service",
    "StripeEvent",
    "TherapistBio",
    "TherapistExperience",
    "TherapistProfile",
    "TherapistSchedule",
    "User",
]
