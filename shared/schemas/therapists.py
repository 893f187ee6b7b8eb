"""The therapist half of the "Therapists, entries, matching" table of API.md."""

from __future__ import annotations

from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from shared.schemas.common import CalendarDate, LanguageCode, TimeZoneName, body, capped

Slug = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v),
    capped(64, min_length=1),
    Field(pattern=r"^[a-z0-9][a-z0-9\-_ ]*$", examples=["anxiety", "sleep", "couples"]),
]
BioText = Annotated[str, capped(5000, min_length=1)]


class ExperienceIn(BaseModel):
    """Seed 003's experience entry."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, capped(200, min_length=1)]
    organisation: Annotated[str, capped(200, min_length=1)]
    start_date: CalendarDate
    end_date: CalendarDate | None = None
    description: Annotated[str, capped(2000)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ExperienceIn:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class LicenseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: Annotated[str, capped(100, min_length=1)]
    jurisdiction: Annotated[str, capped(100, min_length=1), Field(examples=["DE-BE", "US-CA"])]


class TherapistIn(BaseModel):
    model_config = body(
        {
            "full_name": "Dr. Mara Lind",
            "languages": ["en", "de"],
            "specialties": ["anxiety", "sleep"],
            "timezone": "Europe/Berlin",
            "is_public": True,
            "accepting_clients": True,
            "bio": "I help adults with anxiety and sleep problems, using CBT.",
            "years_experience": 12,
            "license": {"number": "PT-12345", "jurisdiction": "DE-BE"},
        }
    )

    full_name: Annotated[str, capped(200, min_length=1)]
    profile_picture_url: Annotated[AnyHttpUrl, Field(max_length=2048)] | None = None
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=10)]
    specialties: Annotated[list[Slug], Field(max_length=20)]
    timezone: TimeZoneName
    is_public: bool
    accepting_clients: bool
    bio: BioText
    focus_areas: Annotated[list[Slug], Field(max_length=20)] = []
    years_experience: Annotated[int, Field(ge=0, le=80)] | None = None
    experience: Annotated[list[ExperienceIn], Field(max_length=30)] = []
    license: LicenseIn | None = None

    @model_validator(mode="after")
    def _unique_lists(self) -> TherapistIn:
        # Keep first occurrences: the first language is the default bio's language.
        self.languages = list(dict.fromkeys(self.languages))
        self.specialties = list(dict.fromkeys(self.specialties))
        self.focus_areas = list(dict.fromkeys(self.focus_areas))
        return self


class BioIn(BaseModel):
    model_config = body({"bio": "Ich begleite Erwachsene mit Angst- und Schlafproblemen."})

    bio: BioText
