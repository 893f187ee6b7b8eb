"""One settings object, read from the environment (pydantic-settings).

Every field is read from the environment variable of its name in capitals (`database_url` from
DATABASE_URL), unless it names another; an empty variable counts as unset, since template.yaml
declares the local-only ones empty in AWS. Locally every value comes from the environment; in AWS
the database credentials and the signing keys come from Secrets Manager (see `shared.db`,
`shared.security.tokens` and `shared.stripe_gateway`), read through Powertools Parameters and
cached for `secret_max_age_seconds`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Process-wide configuration. Build it with `get_settings()`; tests call `reset_settings()`."""

    model_config = SettingsConfigDict(frozen=True, env_ignore_empty=True, extra="ignore")

    stage: str = "local"
    # Locally: the database as its owner (migrations use it as it is; the app connects as the
    # application role on the same server, see shared.db).
    database_url: str | None = None
    # AWS: the master secret (the migrate function only) and the application role's secret.
    db_secret_arn: str | None = None
    app_db_secret_arn: str | None = None
    # Locally: the application role's password, for a server that asks for one (the embedded
    # PostgreSQL trusts local connections, so none is needed there).
    app_db_password: str | None = None
    # AWS: the RDS Proxy endpoint, in place of the instance named in the secret.
    db_host: str | None = None
    db_pool_size: int = 1
    db_max_overflow: int = 2
    max_body_bytes: int = 1024 * 1024
    email_backend: str = "file"
    outbox_dir: Path = Path(".data/outbox")
    email_sender: str = "Attune <no-reply@attune.local>"
    public_base_url: str = "http://127.0.0.1:3000"
    # Base of the links in emails, where people act on them (the web app): see `app_base_url`.
    app_base_url_given: str | None = Field(default=None, validation_alias="APP_BASE_URL")
    jwt_secret: str | None = None
    jwt_secret_arn: str | None = None
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_days: int = 30
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None
    stripe_secret_arn: str | None = None
    recordings_bucket: str | None = None
    # Lambda sets AWS_REGION; boto3 and the local tools use AWS_DEFAULT_REGION.
    aws_region: str | None = Field(
        default=None, validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION")
    )
    # A local S3 (moto server) answers on one host: presigned URLs are path-style there.
    aws_endpoint_url_s3: str | None = None
    meeting_base_url: str = "https://meet.attune.local"
    recording_max_bytes: int = 2 * 1024**3
    recording_retention_days: int = 30
    # local (a deterministic offline embedder), bedrock (Titan, in AWS) or sentence.
    embedding_provider: str = "local"
    bedrock_region: str | None = None
    bedrock_embed_max_chars: int = 20_000
    # "required": therapists are listed and matched only once an admin approved them (AWS);
    # "off": everyone counts as approved (local default).
    therapist_vetting: str = "off"
    # How long a container keeps a secret (JWT key, Stripe keys, database password) before
    # asking Secrets Manager again: a rotated or filled-in secret reaches every warm container
    # within this.
    secret_max_age_seconds: int = 300
    ses_configuration_set: str | None = None
    message_id_domain: str = "attune.local"
    log_level: str = "INFO"
    service_name: str = Field(default="attune", validation_alias="POWERTOOLS_SERVICE_NAME")
    metrics_namespace: str = Field(
        default="Attune", validation_alias="POWERTOOLS_METRICS_NAMESPACE"
    )
    # X-Ray tracing is off unless the environment turns it on (template.yaml does, for AWS):
    # locally and in tests the tracer is never built, so it costs nothing.
    trace_disabled: bool = Field(default=True, validation_alias="POWERTOOLS_TRACE_DISABLED")
    debug: bool = Field(default=False, validation_alias="ATTUNE_DEBUG")
    # The effect kinds a request tries itself right after its commit (None: all); the rest wait
    # for the outbox function. In AWS each function names the kinds its IAM role may carry out.
    # Comma-separated; "-" for none.
    outbox_try_now: Annotated[tuple[str, ...] | None, NoDecode] = None

    @field_validator("outbox_try_now", mode="before")
    @classmethod
    def _comma_separated(cls, raw: Any) -> Any:
        if isinstance(raw, str):
            return tuple(part.strip() for part in raw.split(",") if part.strip() not in ("", "-"))
        return raw

    @field_validator("therapist_vetting", "embedding_provider", mode="before")
    @classmethod
    def _lower(cls, raw: Any) -> Any:
        return raw.strip().lower() if isinstance(raw, str) else raw

    @property
    def app_base_url(self) -> str:
        """APP_BASE_URL, or PUBLIC_BASE_URL's value when it is not given."""
        return self.app_base_url_given or self.public_base_url

    @property
    def vetting_required(self) -> bool:
        return self.therapist_vetting == "required"

    @property
    def debug_tokens_allowed(self) -> bool:
        return self.debug and self.stage == "local"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
