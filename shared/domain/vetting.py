"""Who may be listed, matched and booked: the one rule the directory, matching and bookings
share (API.md "Administration", THERAPIST_VETTING)."""

from __future__ import annotations

from typing import Literal, cast

from sqlalchemy import ColumnElement, and_

from shared.config import get_settings
from shared.models import TherapistProfile, User

VettingStatus = Literal["approved", "pending", "rejected"]  # the column's check constraint


def vetting_status(therapist: TherapistProfile) -> VettingStatus:
    """What the therapist's answer says: with vetting off, everyone counts as approved."""
    if not get_settings().vetting_required:
        return "approved"
    return cast(VettingStatus, therapist.vetting_status)


def listed() -> ColumnElement[bool]:
    """SQL: the therapist may be listed, matched and booked as a co-therapist: not suspended,
    and (with THERAPIST_VETTING=required) approved by an admin. Public and accepting are the
    callers' own conditions."""
    fit = User.suspended_at.is_(None)
    if get_settings().vetting_required:
        return and_(fit, TherapistProfile.vetting_status == "approved")
    return fit
