"""One settings object, read from the environment.

Locally every value comes from environment variables; in AWS the database credentials and the
signing keys come from Secrets Manager (see `shared.db`, `shared.security.tokens` and
`shared.stripe_gateway`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> tuple[str, ...] | None:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return None
    return tuple(part.strip() for part in raw.split(",") if part.strip() and part.strip() != "-")


@dataclass(frozen=True)
class Settings:
    """Process-wide configuration. Build it with `get_settings()`; tests call `reset_settings()`."""

    stage: str = "local"
    database_url: str | None = None
    db_secret_arn: str | None = None
    db_pool_size: int = 1
    db_max_overflow: int = 2
    max_body_bytes: int = 1024 * 1024
    email_backend: str = "file"
    outbox_dir: Path = field(default_factory=lambda: Path(".data/outbox"))
    email_sender: str = "Attune <no-reply@attune.local>"
    public_base_url: str = "http://127.0.0.1:3000"
    # Base of the links in emails, where people act on them (the web app); PUBLIC_BASE_URL's
    # value unless APP_BASE_URL says otherwise.
    app_base_url: str = "http://127.0.0.1:3000"
    jwt_secret: str | None = None
    jwt_secret_arn: str | None = None
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_days: int = 30
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None
    stripe_secret_arn: str | None = None
    recordings_bucket: str | None = None
    meeting_base_url: str = "https://meet.attune.local"
    recording_max_bytes: int = 2 * 1024**3
    recording_retention_days: int = 30
    # "required": therapists are listed and matched only once an admin approved them (AWS);
    # "off": everyone counts as approved (local default).
    therapist_vetting: str = "off"
    # How long a container keeps a secret (JWT key, Stripe keys) before asking Secrets Manager
    # again: a rotated or filled-in secret reaches every warm container within this.
    secret_max_age_seconds: int = 300
    ses_configuration_set: str | None = None
    message_id_domain: str = "attune.local"
    log_level: str = "INFO"
    # The effect kinds a request tries itself right after its commit (None: all); the rest wait
    # for the outbox function. In AWS each function names the kinds its IAM role may carry out.
    outbox_try_now: tuple[str, ...] | None = None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            stage=os.environ.get("STAGE", "local"),
            database_url=os.environ.get("DATABASE_URL") or None,
            db_secret_arn=os.environ.get("DB_SECRET_ARN") or None,
            db_pool_size=_env_int("DB_POOL_SIZE", 1),
            db_max_overflow=_env_int("DB_MAX_OVERFLOW", 2),
            max_body_bytes=_env_int("MAX_BODY_BYTES", 1024 * 1024),
            email_backend=os.environ.get("EMAIL_BACKEND", "file"),
            outbox_dir=Path(os.environ.get("OUTBOX_DIR", ".data/outbox")),
            email_sender=os.environ.get("EMAIL_SENDER", "Attune <no-reply@attune.local>"),
            public_base_url=os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:3000"),
            app_base_url=os.environ.get("APP_BASE_URL")
            or os.environ.get("PUBLIC_BASE_URL")
            or "http://127.0.0.1:3000",
            jwt_secret=os.environ.get("JWT_SECRET") or None,
            jwt_secret_arn=os.environ.get("JWT_SECRET_ARN") or None,
            access_token_ttl_seconds=_env_int("ACCESS_TOKEN_TTL_SECONDS", 900),
            refresh_token_ttl_days=_env_int("REFRESH_TOKEN_TTL_DAYS", 30),
            stripe_secret_key=os.environ.get("STRIPE_SECRET_KEY") or None,
            stripe_webhook_secret=os.environ.get("STRIPE_WEBHOOK_SECRET") or None,
            stripe_api_base=os.environ.get("STRIPE_API_BASE") or None,
            stripe_secret_arn=os.environ.get("STRIPE_SECRET_ARN") or None,
            recordings_bucket=os.environ.get("RECORDINGS_BUCKET") or None,
            meeting_base_url=os.environ.get("MEETING_BASE_URL", "https://meet.attune.local"),
            recording_max_bytes=_env_int("RECORDING_MAX_BYTES", 2 * 1024**3),
            recording_retention_days=_env_int("RECORDING_RETENTION_DAYS", 30),
            therapist_vetting=os.environ.get("THERAPIST_VETTING", "off").strip().lower(),
            secret_max_age_seconds=_env_int("SECRET_MAX_AGE_SECONDS", 300),
            ses_configuration_set=os.environ.get("SES_CONFIGURATION_SET") or None,
            message_id_domain=os.environ.get("MESSAGE_ID_DOMAIN") or "attune.local",
            log_level=os.environ.get("LOG_LEVEL", "INFO"),
            outbox_try_now=_env_list("OUTBOX_TRY_NOW"),
        )

    @property
    def vetting_required(self) -> bool:
        return self.therapist_vetting == "required"

    @property
    def debug_tokens_allowed(self) -> bool:
        return _env_bool("ATTUNE_DEBUG", False) and self.stage == "local"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings.from_env()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
