"""Therapist profiles and the public directory."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from shared.domain import therapists
from shared.errors import Conflict, NotFound, ServiceUnavailable, Unprocessable
from shared.http.auth import MaybeUser, TherapistUser
from shared.http.openapi import raises
from shared.http.pagination import PageQuery
from shared.pagination import Page
from shared.schemas.common import Instant, LanguageCode
from shared.schemas.therapists import BioIn, TherapistIn

router = APIRouter(tags=["therapists"])


@router.put("/therapists/me")
@raises((ServiceUnavailable, "embedding_unavailable", "embedding_rejected"))
def save_my_therapist_profile(body: TherapistIn, user: TherapistUser) -> therapists.Therapist:
    """Create or replace my therapist profile

    A therapist. The `bio` is the profile's bio in its first language, embedded for matching
    (503 when the embedding service cannot answer). A new licence sets `vetting_status` back to
    `pending`: with vetting required, the directory and matching wait for an admin's approval.
    """
    changes = therapists.TherapistChanges(
        **body.model_dump(exclude={"experience", "profile_picture_url"}),
        profile_picture_url=str(body.profile_picture_url) if body.profile_picture_url else None,
        experience=[therapists.Experience(**e.model_dump()) for e in body.experience],
    )
    return therapists.save_profile(user.id, changes)


@router.put("/therapists/me/bios/{language_code}")
@raises(
    (Conflict, "profile_missing"),
    (ServiceUnavailable, "embedding_unavailable", "embedding_rejected"),
)
def save_my_bio(
    language_code: Annotated[LanguageCode, Path()], body: BioIn, user: TherapistUser
) -> therapists.Therapist:
    """Set my bio in one language

    A therapist with a profile (409 `profile_missing` before `PUT /therapists/me`). One bio per
    language, embedded for matching; a new language joins the profile's languages.
    """
    return therapists.save_bio(user.id, language_code, body.bio)


@router.get("/therapists")
@raises((Unprocessable, "invalid_window"))
def list_therapists(
    page: PageQuery,
    language: Annotated[LanguageCode | None, Query()] = None,
    specialty: Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]*$")] = None,
    available_from: Instant | None = None,
    available_to: Instant | None = None,
) -> Page[therapists.Therapist]:
    """Browse the therapist directory

    Anyone, no token needed. Public, approved therapists by name; filter by `language`,
    `specialty`, and `available_from` with `available_to` (both or neither, 422
    `invalid_window`): only those with a free slot starting in that window.
    """
    return therapists.list_therapists(
        therapists.DirectoryFilter(language, specialty, available_from, available_to),
        limit=page.limit,
        cursor=page.cursor,
    )


@router.get("/therapists/{id}")
@raises(NotFound)
def get_therapist(id: uuid.UUID, viewer: MaybeUser) -> therapists.Therapist:
    """Read a therapist's public profile

    Anyone; a token is optional. The profile with every bio (`bios`) and the next free slot.
    404 when the profile is not public or not approved, except to the therapist themself.
    """
    return therapists.get_therapist(id, viewer.id if viewer else None)
