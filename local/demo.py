"""Demo data for `make run`, loaded idempotently (running it twice changes nothing)."""

from __future__ import annotations

from sqlalchemy import select

from shared import clock
from shared.db import get_session
from shared.models import Profile, User
from shared.security.passwords import hash_password

# Local demo accounts only: these logins exist in the local database and nowhere else.
DEMO_PASSWORD = "attune-demo-password"
DEMO_USERS = [
    ("client@demo.attune.local", "client", "Casey Client", "Europe/Berlin", "en"),
    ("admin@demo.attune.local", "admin", "Ada Admin", "UTC", "en"),
]


def load_demo_data() -> str:
    """Create the demo accounts that are missing; return a one-line summary."""
    created = 0
    with get_session() as session:
        existing = set(session.scalars(select(User.email).where(User.deleted_at.is_(None))))
        password_hash = hash_password(DEMO_PASSWORD)
        for email, role, name, timezone, language in DEMO_USERS:
            if email in existing:
                continue
            user = User(
                email=email, password_hash=password_hash, role=role, email_verified_at=clock.now()
            )
            user.profile = Profile(full_name=name, timezone=timezone, language=language)
            session.add(user)
            created += 1
    return f"demo data: {created} created, {len(DEMO_USERS) - created} already there"
