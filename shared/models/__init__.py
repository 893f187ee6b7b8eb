"""SQLAlchemy models. Alembic revisions in migrations/ are the only way the schema changes.

Each model module is imported on first use of one of its names (PEP 562 `__getattr__`): mapping
a module's classes is a sizeable part of a cold start, and most functions touch a few tables.
A model module imports the modules of the tables its foreign keys name, so a flush or a join
always finds them. `Base` stands for the whole schema (Alembic, the schema test): asking for it
imports every model module.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared.models.audit import AuditEvent
    from shared.models.auth import (
        EmailVerificationToken,
        LoginAttempt,
        PasswordResetToken,
        RefreshToken,
        ThrottleKey,
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
    from shared.models.calendar import CalendarFeed
    from shared.models.entries import MAX_ENTRY_CHARS, Entry, Match
    from shared.models.mail import UndeliverableAddress
    from shared.models.notifications import (
        MAX_MESSAGE_CHARS,
        Message,
        Notification,
        ReminderDelivery,
        Thread,
        ThreadParticipant,
    )
    from shared.models.outbox import OutboxEffect
    from shared.models.payments import PackageCredit, Payment, StripeEvent
    from shared.models.recordings import SessionRecording
    from shared.models.therapists import TherapistBio, TherapistExperience, TherapistProfile
    from shared.models.users import ROLES, Profile, User

_MODULES: dict[str, tuple[str, ...]] = {
    "audit": ("AuditEvent",),
    "auth": (
        "EmailVerificationToken",
        "LoginAttempt",
        "PasswordResetToken",
        "RefreshToken",
        "ThrottleKey",
    ),
    "booking": (
        "ACTIVE_STATUSES",
        "PACKAGE_TYPES",
        "Appointment",
        "AppointmentTherapist",
        "AvailabilityOverride",
        "Service",
        "TherapistSchedule",
    ),
    "calendar": ("CalendarFeed",),
    "entries": ("MAX_ENTRY_CHARS", "Entry", "Match"),
    "notifications": (
        "MAX_MESSAGE_CHARS",
        "Message",
        "Notification",
        "ReminderDelivery",
        "Thread",
        "ThreadParticipant",
    ),
    "mail": ("UndeliverableAddress",),
    "outbox": ("OutboxEffect",),
    "payments": ("PackageCredit", "Payment", "StripeEvent"),
    "recordings": ("SessionRecording",),
    "therapists": ("TherapistBio", "TherapistExperience", "TherapistProfile"),
    "users": ("ROLES", "Profile", "User"),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "ACTIVE_STATUSES",
    "MAX_ENTRY_CHARS",
    "MAX_MESSAGE_CHARS",
    "PACKAGE_TYPES",
    "ROLES",
    "Appointment",
    "AppointmentTherapist",
    "AuditEvent",
    "AvailabilityOverride",
    "Base",
    "CalendarFeed",
    "EmailVerificationToken",
    "Entry",
    "LoginAttempt",
    "Match",
    "Message",
    "Notification",
    "OutboxEffect",
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
    "ThrottleKey",
    "UndeliverableAddress",
    "User",
]

if not TYPE_CHECKING:  # hidden from mypy, which checks the names imported above

    def __getattr__(name: str) -> Any:
        if name == "Base":
            for module in _MODULES:
                import_module(f"{__name__}.{module}")
            value = import_module(f"{__name__}.base").Base
        elif name in _MODULE_OF:
            value = getattr(import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # the next lookup is a plain attribute
        return value
