"""Therapist profiles and the public directory."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from shared.domain import therapists
from shared.http.auth import MaybeUser, TherapistUser
from shared.http.pagination import PageQuery
from shared.schemas.common import Instant, LanguageCode, Page
from shared.schemas.therapists import BioIn, TherapistIn, TherapistOut

router = APIRouter(tags=["therapists"])


def _out(therapist: therapists.Therapist) -> TherapistOut:
    return TherapistOut.model_validate(therapist, from_attributes=True)


@router.put("/therapists/me", response_model=TherapistOut)
def put_my_profile(body: TherapistIn, user: TherapistUser) -> TherapistOut:
    changes = therapists.TherapistChanges(
        **body.model_dump(exclude={"experience", "profile_picture_url"}),
        profile_picture_url=str(body.profile_picture_url) if body.profile_picture_url else None,
        experience=[therapists.Experience(**e.model_dump()) for e in body.experience],
    )
    return _out(therapists.save_profile(user.id, changes))


@router.put("/therapists/me/bios/{language_code}", response_model=TherapistOut)
def put_my_bio(
    language_code: Annotated[LanguageCode, Path()], body: BioIn, user: TherapistUser
) -> TherapistOut:
    return _out(therapists.save_bio(user.id, language_code, body.bio))


@router.get("/therapists", response_model=Page[TherapistOut])
def list_therapists(
    page: PageQuery,
    language: Annotated[LanguageCode | None, Query()] = None,
    specialty: Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]*$")] = None,
    available_from: Instant | None = None,
    available_to: Instant | None = None,
) -> Page[TherapistOut]:
    found = therapists.list_therapists(
        therapists.DirectoryFilter(language, specialty, available_from, available_to),
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=[_out(t) for t in found.items], next_cursor=found.next_cursor)


@router.get("/therapists/{id}", response_model=TherapistOut)
def get_therapist(id: uuid.UUID, viewer: MaybeUser) -> TherapistOut:
    return _out(therapists.get_therapist(id, viewer.id if viewer else None))
