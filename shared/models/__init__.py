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
from shared.models.notifications import (
    MAX_MESSAGE_CHARS,
    Message,
    Notification,
    ReminderDelivery,
    Thread,
    ThreadParticipant,
)
from shared.models.payments import PackageCredit, Payment, StripeEvent
from shared.models.recordings import SessionRecording
from shared.models.therapists import TherapistBio, TherapistExperience, TherapistProfile
from shared.models.users import ROLES, Profile, User

__all__ = [
    "ACTIVE_STATUSES",
    "MAX_ENTRY_CHARS",
    "MAX_MESSAGE_CHARS",
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
    "Message",
    "Notification",
    "PackageCredit",
    "PasswordResetToken",
    "Payment",
    "Profile",
    "RefreshToken",
    "ReminderDelivery",
    "Service",
    "SessionRecording",
    "StripeEvent",
    "TherapistBio",
    "TherapistExperience",
    "TherapistProfile",
    "TherapistSchedule",
    "Thread",
    "ThreadParticipant",
    "User",
]
