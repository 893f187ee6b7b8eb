"""Demo data for `make run`, loaded idempotently (running it twice changes nothing).

Also used by the end-to-end matching tests, so they rank the same therapists a newcomer sees.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from local.demo_therapists import DEMO_THERAPISTS, DemoTherapist
from shared import clock
from shared.db import get_session
from shared.domain import availability, services, therapists
from shared.models import Profile, TherapistProfile, TherapistSchedule, User
from shared.security.passwords import hash_password

# Local demo accounts only: these logins exist in the local database and nowhere else.
DEMO_PASSWORD = "attune-demo-password"
DEMO_USERS = [
    ("client@demo.example.com", "client", "Casey Client", "Europe/Berlin", "en"),
    ("admin@demo.example.com", "admin", "Ada Admin", "UTC", "en"),
]


def _create_user(email: str, role: str, name: str, timezone: str, language: str, pw: str) -> User:
    with get_session() as session:
        user = User(email=email, password_hash=pw, role=role, email_verified_at=clock.now())
        user.profile = Profile(full_name=name, timezone=timezone, language=language)
        session.add(user)
        session.flush()
        return user


def _publish(user: User, demo: DemoTherapist) -> None:
    therapists.save_profile(
        user.id,
        therapists.TherapistChanges(
            full_name=demo.full_name,
            languages=demo.languages,
            specialties=demo.specialties,
            timezone=demo.timezone,
            is_public=demo.is_public,
            accepting_clients=demo.accepting_clients,
            bio=demo.bios.get(demo.languages[0], demo.bio),
            years_experience=demo.years_experience,
        ),
    )
    for language in demo.languages[1:]:
        if language in demo.bios:
            therapists.save_bio(user.id, language, demo.bios[language])


def _open_practice(user: User, demo: DemoTherapist) -> None:
    """Weekly hours and one single-session service, so the demo can be booked."""
    availability.set_schedule(
        user.id,
        availability.ScheduleSettings(timezone=demo.timezone, weekly=demo.weekly_hours),
    )
    services.create_service(
        user.id,
        {
            "title": "Individual session",
            "description": f"A 50-minute session with {demo.full_name}.",
            "category": demo.specialties[0] if demo.specialties else "therapy",
            "package_type": "single",
            "duration_minutes": 50,
            "price_cents": 9000,
            "currency": "eur",
        },
    )


def load_demo_data(*, with_users: bool = True) -> str:
    """Create the demo accounts and therapists that are missing; return a one-line summary.

    Each step checks what is there, so an interrupted load completes on the next run.
    """
    with get_session() as session:
        users = {u.email: u for u in session.scalars(select(User).where(User.deleted_at.is_(None)))}
        published = set(session.scalars(select(TherapistProfile.user_id)))
        practising = set(session.scalars(select(TherapistSchedule.therapist_id)))
    password_hash = hash_password(DEMO_PASSWORD)
    created = 0
    if with_users:
        for email, role, name, timezone, language in DEMO_USERS:
            if email not in users:
                _create_user(email, role, name, timezone, language, password_hash)
                created += 1
    for demo in DEMO_THERAPISTS:
        user = users.get(demo.email) or _create_user(
            demo.email, "therapist", demo.full_name, demo.timezone, demo.languages[0], password_hash
        )
        if user.id not in published:
            _publish(user, demo)
            created += 1
        if user.id not in practising:
            _open_practice(user, demo)
    # The demo therapists' licences were checked: they are listed with vetting required too.
    with get_session() as session:
        session.execute(
            update(TherapistProfile)
            .where(TherapistProfile.user_id.in_(
                       select(User.id).where(User.email.in_([d.email for d in DEMO_THERAPISTS]))),
                   TherapistProfile.vetting_status == "pending")
            .values(vetting_status="approved", vetted_at=func.now())
        )  # fmt: skip
    total = len(DEMO_THERAPISTS) + (len(DEMO_USERS) if with_users else 0)
    return f"demo data: {created} created, {total - created} already there"
