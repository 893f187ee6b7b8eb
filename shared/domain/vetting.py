"""Who may be listed, matched and booked: the one rule the directory, matching and bookings
share (API.md "Administration", THERAPIST_VETTING)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_

from shared.config import get_settings
from shared.models import TherapistProfile, User


def vetting_status(therapist: TherapistProfile) -> str:
    """What the therapist's answer says: with vetting off, everyone counts as approved."""
    return therapist.vetting_status if get_settings().vetting_required else "approved"


def listed() -> ColumnElement[bool]:
    """SQL: the therapist may be listed, matched and booked as a co-therapist: not suspended,
    and (with THERAPIST_VETTING=required) approved by an admin. Public and accepting are the
    callers' own conditions."""
    fit = User.suspended_at.is_(None)
    if get_settings().vetting_required:
        return and_(fit, TherapistProfile.vetting_status == "approved")
    return fit
