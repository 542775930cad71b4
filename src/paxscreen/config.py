"""Settings, read once at the edge (the CLI callback, `create_app`) and passed inward.

Every setting comes from a `PAXSCREEN_*` environment variable (or a `.env` file).
Nested sections use a double underscore: `PAXSCREEN_SCREENING__REVIEW_THRESHOLD`.
A bad value stops start-up with one line naming the variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from paxscreen.errors import ConfigurationError

ENV_PREFIX = "PAXSCREEN_"
DEFAULT_DATABASE_URL = "sqlite:///var/paxscreen.db"


class ScreeningSettings(BaseModel):
    review_threshold: float = Field(0.70, ge=0, le=1)
    alert_threshold: float = Field(0.88, ge=0, le=1)
    rescreen_window_hours: int = Field(72, ge=1)
    # a targeting rule hitting more than this share of a flight warns its owner
    rule_hit_share_warning: float = Field(0.2, gt=0, le=1)


class QueueSettings(BaseModel):
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    ingest_queue: str = "paxscreen.ingest"
    iapi_queue: str = "paxscreen.iapi"


class IngestSettings(BaseModel):
    parts_timeout_minutes: float = Field(10, ge=0)  # then a multi-part set is loaded incomplete
    batch_prefetch: int = Field(20, ge=1)  # AMQP deliveries a worker holds unacknowledged


class MailSettings(BaseModel):
    smtp_host: str | None = None
    smtp_port: int = 25
    sender: str = "paxscreen@localhost"


class LinkSettings(BaseModel):
    identity_threshold: float = Field(0.85, ge=0, le=1)  # name score (with DOB) joining records
    hub_threshold: int = Field(25, ge=1)  # bookings sharing a value before it links nobody
    alert_lookback_days: int = Field(30, ge=1)  # network rule: alerts this recent count
    agencies_list: str = "agencies under watch"  # named list for the agency network rule


class IapiSettings(BaseModel):
    deadline_ms: int = Field(500, ge=10)  # answer within this, whatever screening is doing
    fallback_directive: str = Field("2Z", pattern="^(0Z|1Z|2Z|4Z)$")  # the answer when it is late
    no_board_categories: list[str] = ["no-board"]  # list categories a confirmed identity stops
    decisive_checks: list[str] = []  # check codes that answer 1Z, e.g. document-expired
    # destination country (ISO-2) -> nationalities (ISO-3) that need a visa to travel there
    visa_required: dict[str, list[str]] = {}
    unsolicited_expiry_hours: int = Field(24, ge=1)
    retry_base_seconds: int = Field(30, ge=1)


class PrivacySettings(BaseModel):
    profile: str = "eu"  # a shipped retention profile (eu, icao) or a YAML file
    # Seals depersonalised values for approved re-identification; keep it apart from the
    # database. Unset, it is derived from PAXSCREEN_SECRET_KEY (fine for a laptop demo only).
    reidentification_key: str | None = None
    approver_role: str = "administrator"  # the competent authority approving re-identification
    reidentification_access_hours: int = Field(24, ge=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    database_url: str = DEFAULT_DATABASE_URL
    # ISO-2 country whose borders this installation guards: decides which flights are
    # inbound and outbound (unset: direction stays unknown unless a message says it)
    home_country: str | None = None
    data_dir: Path = Path("var")
    secret_key: str = "dev-only-change-me"  # signs sessions; keys the card and pseudonym hashes
    environment: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    screening: ScreeningSettings = ScreeningSettings()
    queue: QueueSettings = QueueSettings()
    mail: MailSettings = MailSettings()
    ingest: IngestSettings = IngestSettings()
    privacy: PrivacySettings = PrivacySettings()
    links: LinkSettings = LinkSettings()
    iapi: IapiSettings = IapiSettings()

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as error:
            raise ValueError(f"not a database URL: {value!r}") from error
        backend = url.get_backend_name()
        if backend not in {"sqlite", "postgresql"}:
            raise ValueError(f"unsupported database {backend!r}; use sqlite:/// or postgresql://")
        if backend == "postgresql" and url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
        return url.render_as_string(hide_password=False)

    @field_validator("home_country")
    @classmethod
    def _check_home_country(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        code = value.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ValueError("must be an ISO 3166-1 alpha-2 country code, e.g. DE")
        return code

    @field_validator("secret_key")
    @classmethod
    def _check_secret(cls, value: str) -> str:
        if len(value) < 16:
            raise ValueError("must be at least 16 characters")
        return value


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning a validation error into one line naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        location = "__".join(str(part) for part in first["loc"]).upper()
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigurationError(f"{ENV_PREFIX}{location}", reason) from None


__all__ = ["Settings", "load_settings"]
