"""Accounts: registration, email verification, the profile, and deleting an account."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import TextClause, delete, select, text, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared import clock, outbox
from shared.db import get_session
from shared.domain.throttle import QUEUE_TOKEN_EMAIL
from shared.domain.users import live_user, live_user_by_email
from shared.errors import BadRequest, Conflict, Gone, Unprocessable
from shared.models import (
    EmailVerificationToken,
    LoginAttempt,
    PasswordResetToken,
    Profile,
    RefreshToken,
    User,
)
from shared.observability import record_business_event
from shared.security.passwords import hash_password
from shared.security.tokens import new_opaque_token, token_hash

VERIFICATION_TTL = timedelta(hours=48)
SELF_SERVICE_ROLES = ("client", "therapist")


@dataclass(frozen=True)
class Account:
    """A user with their profile, as the API shows it to its owner."""

    id: uuid.UUID
    email: str
    role: str
    email_verified: bool
    full_name: str
    display_name: str | None
    bio: str | None
    timezone: str
    language: str
    phone: str | None

    @classmethod
    def of(cls, user: User) -> Account:
        p = user.profile
        return cls(
            id=user.id,
            email=user.email,
            role=user.role,
            email_verified=user.email_verified_at is not None,
            full_name=p.full_name,
            display_name=p.display_name,
            bio=p.bio,
            timezone=p.timezone,
            language=p.language,
            phone=p.phone,
        )


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    role: str
    full_name: str
    timezone: str | None = None
    language: str | None = None


def _new_verification_token(session: Session, user: User, now: datetime) -> str:
    token = new_opaque_token()
    session.add(
        EmailVerificationToken(
            user_id=user.id, token_hash=token_hash(token), expires_at=now + VERIFICATION_TTL
        )
    )
    return token


def _verification_email(email: str, token: str) -> dict[str, Any]:
    """The verification email as a template, rendered when it is sent in the recipient's
    language (which the statement that queues it adds)."""
    return {"to": email, "template": "verify_email", "context": {"token": token}}


def _queue_verification(
    session: Session, email: str, token: str, language: str | None, timezone: str | None
) -> None:
    """The verification email, an outbox effect of the transaction that made its token."""
    from shared.emails import render_email

    body = render_email("verify_email", to=email, language=language, timezone=timezone,
                        token=token)  # fmt: skip
    outbox.enqueue(session, "email", f"email-verify-{token_hash(token)}", body,
                   priority=outbox.ACCOUNT)  # fmt: skip


EMAIL_WINDOW = timedelta(hours=1)
EMAILS_PER_WINDOW = 3  # per address and kind of email that anyone may ask us to send


def email_on_request(
    statement: TextClause,
    email: str,
    token: str,
    ttl: timedelta,
    payload: Mapping[str, Any],
    *,
    key_prefix: str,
) -> None:
    """Issue an emailed token that anyone may ask for (a resent verification, a reset) and
    queue its email, at most EMAILS_PER_WINDOW per address an hour.

    `statement` does it all for a known and an unknown address alike: it finds the account,
    counts the tokens of its kind issued to the address within the window, and writes the
    token and its outbox email only when there is an account and room. With the address's
    throttle key locked first, ten parallel requests count one after another (three emails).
    The email is left to the outbox function (as `enqueue(try_now=False)` does): sending it in
    the request would make a known address measurably slower to answer than an unknown one.
    """
    from shared.domain.throttle import EMAILED, lock_keys

    now = clock.now()
    with get_session() as session:
        lock_keys(session, [(EMAILED, email)], now)
        session.execute(
            statement,
            {
                "email": email,
                "token_hash": token_hash(token),
                "expires_at": now + ttl,
                # Issued within the window = expiring later than the window's start plus ttl.
                "issued_after_expiry": now - EMAIL_WINDOW + ttl,
                "limit": EMAILS_PER_WINDOW,
                "key": f"{key_prefix}-{token_hash(token)}",
                "payload": json.dumps(dict(payload)),
                "priority": outbox.ACCOUNT,
                "now": now,
            },
        )


def register(data: Registration) -> Account:
    """Create an account and email a verification token. 409 `email_taken` for a live email."""
    if data.role not in SELF_SERVICE_ROLES:
        raise BadRequest("Only clients and therapists can register.", code="role_not_allowed")
    now = clock.now()
    password_hash = hash_password(data.password)  # slow on purpose: outside the transaction
    try:
        with get_session() as session:
            if live_user_by_email(session, data.email) is not None:
                raise Conflict("An account with this email exists.", code="email_taken")
            user = User(email=data.email, password_hash=password_hash, role=data.role)
            user.profile = Profile(
                full_name=data.full_name,
                timezone=data.timezone or "UTC",
                language=data.language or "en",
            )
            session.add(user)
            session.flush()  # the unique index decides concurrent registrations
            token = _new_verification_token(session, user, now)
            _queue_verification(session, user.email, token, data.language, data.timezone)
            account = Account.of(user)
    except IntegrityError:
        raise Conflict("An account with this email exists.", code="email_taken") from None
    record_business_event("UserRegistered")
    return account


EmailedToken = TypeVar("EmailedToken", EmailVerificationToken, PasswordResetToken)


def spend_emailed_token(
    session: Session, model: type[EmailedToken], token: str, now: datetime, what: str
) -> tuple[EmailedToken, User]:
    """Mark an emailed one-time token used and return it with its live account.

    Unknown, used, or belonging to a deleted account: 400 `token_invalid`; expired: 410.
    """
    record = session.scalar(
        select(model).where(model.token_hash == token_hash(token)).with_for_update()
    )
    invalid = BadRequest(f"This {what} token is not valid.", code="token_invalid")
    if record is None or record.used_at is not None:
        raise invalid
    if record.expires_at <= now:
        raise Gone(f"This {what} token has expired.", code="token_expired")
    user = session.scalar(
        select(User).where(User.id == record.user_id, User.deleted_at.is_(None)).with_for_update()
    )
    if user is None:
        raise invalid
    record.used_at = now
    return record, user


def verify_email(token: str) -> Account:
    """Spend a verification token and mark the email verified."""
    now = clock.now()
    with get_session() as session:
        _, user = spend_emailed_token(session, EmailVerificationToken, token, now, "verification")
        if user.email_verified_at is None:
            user.email_verified_at = now
        return Account.of(user)


# See `email_on_request`: one statement for every address; the count is of the verification
# emails sent to the live account at the address (registration's included) within the hour.
_RESEND_VERIFICATION = text(
    """
    WITH account AS (
        SELECT u.id, p.language, p.timezone FROM users u JOIN profiles p ON p.user_id = u.id
        WHERE u.email = :email AND u.deleted_at IS NULL AND u.email_verified_at IS NULL
    ),
    sent AS (
        SELECT count(*) AS n FROM email_verification_tokens t
        JOIN users holder ON holder.id = t.user_id
        WHERE holder.email = :email AND holder.deleted_at IS NULL
          AND t.expires_at > :issued_after_expiry
    ),
    token AS (
        INSERT INTO email_verification_tokens (user_id, token_hash, expires_at)
        SELECT account.id, :token_hash, :expires_at FROM account, sent
        WHERE sent.n < :limit
        RETURNING id
    )
    """
    + QUEUE_TOKEN_EMAIL
)


def resend_verification(email: str) -> None:
    """Email a fresh token to an unverified live account, at most 3 an hour; silently nothing
    otherwise, in the same work and time."""
    token = new_opaque_token()
    email_on_request(
        _RESEND_VERIFICATION,
        email,
        token,
        VERIFICATION_TTL,
        _verification_email(email, token),
        key_prefix="email-verify",
    )


def get_account(user_id: uuid.UUID) -> Account:
    with get_session() as session:
        return Account.of(live_user(session, user_id))


def update_profile(user_id: uuid.UUID, changes: dict[str, object]) -> Account:
    """Apply the given profile fields (only those present); full_name cannot be blanked."""
    allowed = {"full_name", "display_name", "bio", "timezone", "language", "phone"}
    with get_session() as session:
        user = live_user(session, user_id, for_update=True)
        for field, value in changes.items():
            if field not in allowed:
                continue
            if value is None and field in {"full_name", "timezone", "language"}:
                raise Unprocessable(f"{field} cannot be removed.", code="validation_error")
            setattr(user.profile, field, value)
        session.flush()
        return Account.of(user)


def delete_account(user_id: uuid.UUID) -> None:
    """Soft-delete: cancel future appointments, end every session, erase what the person wrote
    and told us, free the email. The row stays (anonymised) so appointments and payments keep
    their history."""
    # Imported here: the booking domain and the other tables are this use case's alone, and
    # would otherwise load into the cold start of every function that reads an account.
    from shared.domain.appointments import end_future_appointments
    from shared.models import (
        Appointment,
        AppointmentTherapist,
        AvailabilityOverride,
        Entry,
        Message,
        Service,
        TherapistProfile,
        TherapistSchedule,
    )

    now = clock.now()
    with get_session() as session:
        user = live_user(session, user_id, for_update=True)
        # Each one ends through the lifecycle: refunds or credits by the money table, the other
        # participants told, before the account stops receiving anything.
        end_future_appointments(session, user.id, now)
        old_email, anonymous = user.email, f"deleted-{user.id}@deleted.invalid"
        user.deleted_at = now
        user.email = anonymous
        user.password_hash = f"!deleted:{secrets.token_hex(16)}"  # matches no password
        profile = user.profile
        profile.full_name = "Deleted user"
        profile.display_name = None
        profile.bio = None
        profile.phone = None
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        # Journal entries (their matches go with them), a therapist's public profile and bios,
        # hours and offer, and every note or message the person left on appointments.
        session.execute(delete(Entry).where(Entry.user_id == user.id))
        session.execute(delete(TherapistProfile).where(TherapistProfile.user_id == user.id))
        session.execute(delete(TherapistSchedule).where(TherapistSchedule.therapist_id == user.id))
        session.execute(
            delete(AvailabilityOverride).where(AvailabilityOverride.therapist_id == user.id)
        )
        session.execute(
            update(Service).where(Service.therapist_id == user.id).values(is_active=False)
        )
        session.execute(
            update(Appointment)
            .where(Appointment.client_id == user.id)
            .values(client_notes=None, pre_session_message=None)
        )
        session.execute(
            update(AppointmentTherapist)
            .where(AppointmentTherapist.therapist_id == user.id)
            .values(notes=None)
        )
        # Their messages keep their place in each thread (the others' replies still make sense),
        # with the text erased.
        session.execute(update(Message).where(Message.sender_id == user.id).values(content=""))
        for table in (PasswordResetToken, LoginAttempt):
            session.execute(update(table).where(table.email == old_email).values(email=anonymous))
        _forget_throttle_keys(session, old_email)


def _forget_throttle_keys(session: Session, email: str) -> None:
    """Drop the address's throttle keys (its counts live in the rows anonymised above).

    A key a login or an emailed token holds right now is skipped, not waited for: that request
    may be waiting for the account row this transaction locked, and waiting here would deadlock.
    """
    from shared.domain.throttle import EMAILED, LOGIN_EMAIL
    from shared.models.auth import ThrottleKey

    free = (
        select(ThrottleKey.scope, ThrottleKey.key)
        .where(ThrottleKey.scope.in_((LOGIN_EMAIL, EMAILED)), ThrottleKey.key == email)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(ThrottleKey).where(tuple_(ThrottleKey.scope, ThrottleKey.key).in_(free)))
