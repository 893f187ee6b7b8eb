"""Therapist profiles, bios in several languages, and the public directory."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from shared import clock
from shared.db import get_session
from shared.domain import documented
from shared.domain.availability import first_free_slots, may_be_open, next_available
from shared.domain.users import live_user
from shared.domain.vetting import VettingStatus, listed, vetting_status
from shared.embeddings import get_embedder
from shared.errors import Conflict, NotFound, Unprocessable
from shared.models import Profile, TherapistBio, TherapistExperience, TherapistProfile, User
from shared.pagination import Page, paginate


@documented
@dataclass(frozen=True)
class Experience:
    title: str
    organisation: str
    start_date: date
    end_date: date | None = None
    description: str | None = None


@dataclass(frozen=True)
class TherapistChanges:
    """Everything PUT /therapists/me sets. `bio` is the default bio, in languages[0]."""

    full_name: str
    languages: Sequence[str]
    specialties: Sequence[str]
    timezone: str
    is_public: bool
    accepting_clients: bool
    bio: str
    profile_picture_url: str | None = None
    focus_areas: Sequence[str] = ()
    years_experience: int | None = None
    experience: Sequence[Experience] = field(default_factory=tuple)
    license: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Bio:
    language_code: str
    bio: str


@documented
@dataclass(frozen=True)
class Therapist:
    """A therapist as the directory shows them."""

    id: uuid.UUID
    full_name: str
    profile_picture_url: str | None
    languages: list[str]
    specialties: list[str]
    focus_areas: list[str]
    years_experience: int | None
    timezone: str
    is_public: bool
    accepting_clients: bool
    bio: str | None
    bios: list[Bio]
    experience: list[Experience]
    next_available_at: datetime | None = None
    vetting_status: VettingStatus = "approved"
    """With THERAPIST_VETTING=required, listed and matched only once approved"""

    @classmethod
    def of(cls, therapist: TherapistProfile, profile: Profile) -> Therapist:
        bios = [Bio(b.language_code, b.bio) for b in therapist.bios]
        default = next(
            (
                b.bio
                for b in bios
                if therapist.languages and b.language_code == therapist.languages[0]
            ),
            bios[0].bio if bios else None,
        )
        return cls(
            id=therapist.user_id,
            full_name=profile.full_name,
            profile_picture_url=therapist.profile_picture_url,
            languages=list(therapist.languages),
            specialties=list(therapist.specialties),
            focus_areas=list(therapist.focus_areas),
            years_experience=therapist.years_experience,
            timezone=profile.timezone,
            is_public=therapist.is_public,
            accepting_clients=therapist.accepting_clients,
            bio=default,
            bios=bios,
            experience=[
                Experience(e.title, e.organisation, e.start_date, e.end_date, e.description)
                for e in therapist.experiences
            ],
            vetting_status=vetting_status(therapist),
        )


def _upsert_bio(
    therapist: TherapistProfile, language: str, text: str, vector: list[float], model_id: str
) -> None:
    existing = next((b for b in therapist.bios if b.language_code == language), None)
    if existing is None:
        therapist.bios.append(
            TherapistBio(
                language_code=language, bio=text, embedding=vector, embedding_model=model_id
            )
        )
    else:
        existing.bio, existing.embedding, existing.embedding_model = text, vector, model_id


def _load(session: Session, user_id: uuid.UUID) -> TherapistProfile | None:
    return session.scalar(
        select(TherapistProfile)
        .where(TherapistProfile.user_id == user_id)
        .options(selectinload(TherapistProfile.bios), selectinload(TherapistProfile.experiences))
        .with_for_update()
    )


def save_profile(user_id: uuid.UUID, changes: TherapistChanges) -> Therapist:
    """Create or replace the caller's therapist profile; the default bio is embedded."""
    # Here, not at the top: the lexicon it reads is large, and the directory never needs it.
    from shared.domain.concerns import declared_concerns

    embedder = get_embedder()
    [vector] = embedder.embed([changes.bio])  # outside the transaction: it may call Bedrock
    with get_session() as session:
        profile = live_user(session, user_id, for_update=True).profile
        therapist = _load(session, user_id) or TherapistProfile(
            user_id=user_id, bios=[], experiences=[]
        )
        profile.full_name = changes.full_name
        profile.timezone = changes.timezone
        therapist.profile_picture_url = changes.profile_picture_url
        therapist.languages = list(changes.languages)
        therapist.specialties = list(changes.specialties)
        therapist.focus_areas = list(changes.focus_areas)
        therapist.concerns = declared_concerns([*changes.specialties, *changes.focus_areas])
        therapist.years_experience = changes.years_experience
        therapist.is_public = changes.is_public
        therapist.accepting_clients = changes.accepting_clients
        therapist.experiences = [
            TherapistExperience(
                title=e.title,
                organisation=e.organisation,
                start_date=e.start_date,
                end_date=e.end_date,
                description=e.description,
            )
            for e in changes.experience
        ]
        _upsert_bio(therapist, changes.languages[0], changes.bio, vector, embedder.model_id)
        if changes.license is not None:
            licence = (changes.license["number"], changes.license["jurisdiction"])
            if licence != (therapist.license_number, therapist.license_jurisdiction):
                # A new licence is checked again; the directory waits for the check.
                therapist.license_number, therapist.license_jurisdiction = licence
                therapist.vetting_status, therapist.vetting_reason = "pending", None
                therapist.vetted_at = None
        session.add(therapist)  # only now: an earlier autoflush would insert it half-filled
        session.flush()
        return Therapist.of(therapist, profile)


def save_bio(user_id: uuid.UUID, language_code: str, text: str) -> Therapist:
    """Set the caller's bio in one language (a new language joins their languages)."""
    embedder = get_embedder()
    [vector] = embedder.embed([text])
    with get_session() as session:
        user = live_user(session, user_id)
        therapist = _load(session, user_id)
        if therapist is None:
            raise Conflict(
                "Create your profile with PUT /therapists/me first.", code="profile_missing"
            )
        if language_code not in therapist.languages:
            therapist.languages = [*therapist.languages, language_code]
        _upsert_bio(therapist, language_code, text, vector, embedder.model_id)
        session.flush()
        return Therapist.of(therapist, user.profile)


def _directory_query() -> Select[TherapistProfile, Profile]:
    return (
        select(TherapistProfile, Profile)
        .join(Profile, Profile.user_id == TherapistProfile.user_id)
        .join(User, User.id == TherapistProfile.user_id)
        .where(User.deleted_at.is_(None))
        .options(selectinload(TherapistProfile.bios), selectinload(TherapistProfile.experiences))
    )


def get_therapist(therapist_id: uuid.UUID, viewer_id: uuid.UUID | None = None) -> Therapist:
    """A public profile; a private one only for the therapist themself (404 for others)."""
    with get_session() as session:
        row = session.execute(
            _directory_query().where(TherapistProfile.user_id == therapist_id)
        ).first()
        shown = (
            row is not None
            and row[0].is_public
            and session.scalar(
                select(listed())
                .select_from(TherapistProfile)
                .join(User, User.id == TherapistProfile.user_id)
                .where(TherapistProfile.user_id == therapist_id)
            )
        )
        if row is None or (not shown and viewer_id != therapist_id):
            raise NotFound("No such therapist.")
        return _with_next_available(session, [Therapist.of(row[0], row[1])])[0]


@dataclass(frozen=True)
class DirectoryFilter:
    language: str | None = None
    specialty: str | None = None
    # Only therapists with a free slot (for their shortest service) starting in this window.
    available_from: datetime | None = None
    available_to: datetime | None = None


def _with_next_available(session: Session, found: list[Therapist]) -> list[Therapist]:
    soonest = next_available(session, [t.id for t in found])
    return [replace(t, next_available_at=soonest[t.id]) for t in found]


def list_therapists(filters: DirectoryFilter, *, limit: int, cursor: str | None) -> Page[Therapist]:
    """The public directory, by name then id (stable across pages)."""
    statement = _directory_query().where(TherapistProfile.is_public.is_(True), listed())
    if filters.language:
        statement = statement.where(TherapistProfile.languages.contains([filters.language]))
    if filters.specialty:
        specialty = filters.specialty.strip().lower()
        statement = statement.where(TherapistProfile.specialties.contains([specialty]))
    window = (filters.available_from, filters.available_to)
    if (window[0] is None) != (window[1] is None):
        raise Unprocessable("Give both available_from and available_to.", code="invalid_window")
    if window[0] is not None and window[1] is not None:
        statement = statement.where(may_be_open("therapist_profiles.user_id", window[0], window[1]))
    with get_session() as session:

        def free_in_window(rows: list[Any]) -> list[Any]:
            assert window[0] is not None and window[1] is not None
            ids = [row[0].user_id for row in rows]
            free = first_free_slots(session, ids, window[0], window[1], clock.now())
            return [row for row in rows if free[row[0].user_id] is not None]

        page = paginate(
            session,
            statement,
            keys=[Profile.full_name, TherapistProfile.user_id],
            limit=limit,
            cursor=cursor,
            descending=False,
            to_item=lambda row: Therapist.of(row[0], row[1]),
            row_key=lambda row: [row[1].full_name, row[0].user_id],
            accept=free_in_window if window[0] is not None else None,
        )
        return Page(_with_next_available(session, page.items), page.next_cursor)
