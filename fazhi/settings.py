"""Settings of a service process: environment variables with the prefix `FAZHI_`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from fazhi.auth import TokenPolicy


MIN_PERSON_KEY = 32  # characters: `openssl rand -base64 32` gives 44


def check_person_key(key: str, source: str) -> None:
    """Refuse a person key too short to withstand guessing; `source` names where it came from."""
    if len(key) < MIN_PERSON_KEY:
        raise ValueError(f"{source} is {len(key)} characters long; it needs at least {MIN_PERSON_KEY} random ones "
                         "(generate one with `openssl rand -base64 32`)")


class Settings(BaseSettings):
    """One instance per process, made by the service's `app` module.

    Every default is the embedded one (`fazhi up`): SQLite files and keys under `data_dir`.
    """

    model_config = SettingsConfigDict(env_prefix="FAZHI_", extra="ignore", hide_input_in_errors=True)  # secrets

    service: str = ""
    data_dir: Path = Path("var")
    database_url: str | None = Field(None, description="SQLAlchemy async URL; default: SQLite file in data_dir")
    nats_urls: str = Field("nats://127.0.0.1:4222", description="comma-separated NATS servers")
    nats_user: str | None = Field(None, description="this service's NATS user; default: the service's name")
    nats_password: SecretStr | None = Field(
        None, description="this service's NATS password (`fazhi nats-config` writes them; `fazhi up` passes its own); "
        "unset: connect without credentials")
    stream_replicas: int = 1
    county_config: Path | None = Field(None, description="county YAML; default: the packaged demo county")
    person_key: SecretStr | None = Field(
        None, description="petition's HMAC key for ID-number hashes, the same on every replica; default: a key file "
        "in data_dir")
    jwks: str | None = Field(None, description="JWKS file or URL; default: the local signing key in data_dir")
    jwt_issuer: str = Field("fazhi-local", min_length=1, description="the `iss` every token must carry")
    jwt_audience: str = Field("fazhi", min_length=1, description="the `aud` every token must name")
    token_max_hours: float = Field(12.0, gt=0, description="longest lifetime of a person's token")
    service_accounts: dict[str, float] = Field(
        default_factory=dict, description='subjects of service accounts and their own cap in hours, as JSON: '
        '{"county-sync": 168}')
    max_body_bytes: int = Field(1024 * 1024, gt=0, description="largest request body accepted (413 beyond)")
    max_upload_bytes: int = Field(20 * 1024 * 1024, gt=0,
                                  description="largest file upload (multipart/form-data body) accepted (413 beyond)")
    host: str = "127.0.0.1"
    port: int | None = Field(None, description="this process's port; default: the service's own below")
    mediation_port: int = 8301
    disclosure_port: int = 8302
    petition_port: int = 8303
    reporting_port: int = 8304
    console_port: int = 8300
    mediation_url: str | None = Field(None, description="the console's way to mediation; default: host and port above")
    disclosure_url: str | None = None
    petition_url: str | None = None
    reporting_url: str | None = None
    max_deliver: int = 5
    public_lookups_per_minute: int = Field(10, ge=1, description="public status lookups per client address and "
                                           "per case number, each minute (a query code is guessed no faster)")
    attachment_max_bytes: int = Field(20 * 1024 * 1024, ge=1, description="largest file a case may have "
                                      "attached (bytes; default 20 MiB): a larger upload is refused with 413")
    alert_give_up_hours: float = Field(24.0, gt=0, description="an alert webhook or receiver that has not taken a "
                                       "notification for this long is disabled and its owner alerted")
    smtp_password: SecretStr | None = Field(None, description="password of the county mail relay (county file: "
                                            "alerts.smtp)")
    sms_secret: SecretStr | None = Field(None, description="signing secret of the county SMS gateway (county file: "
                                         "alerts.sms)")
    log_level: str = "info"

    @field_validator("person_key")
    @classmethod
    def _person_key_is_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        key = value.get_secret_value().strip()  # a newline from a secret file or env file is not part of it
        check_person_key(key, "FAZHI_PERSON_KEY")
        return SecretStr(key)

    @property
    def token_policy(self) -> TokenPolicy:
        from fazhi.auth import TokenPolicy

        return TokenPolicy(
            issuer=self.jwt_issuer, audience=self.jwt_audience, max_lifetime=timedelta(hours=self.token_max_hours),
            service_accounts={name: timedelta(hours=hours) for name, hours in self.service_accounts.items()},
        )

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir.resolve()}/{self.service}.db"

    @property
    def servers(self) -> list[str]:
        return [url.strip() for url in self.nats_urls.split(",") if url.strip()]

    @property
    def nats_credentials(self) -> tuple[str, str] | None:
        """(user, password) this process connects to NATS with, if any."""
        if self.nats_password is None:
            return None
        return self.nats_user or self.service, self.nats_password.get_secret_value().strip()

    @property
    def signing_key_path(self) -> Path:
        return self.data_dir / "keys" / "signing-key.json"

    @property
    def nats_config_dir(self) -> Path:
        """Where `fazhi up` keeps the NATS server's authorization and each user's credentials."""
        return self.data_dir / "keys" / "nats"

    @property
    def person_key_path(self) -> Path:
        return self.data_dir / "keys" / "person-key"

    @property
    def listen_port(self) -> int:
        return self.port or self.port_of(self.service)

    def port_of(self, service: str) -> int:
        return getattr(self, f"{service}_port")

    def url_of(self, service: str) -> str:
        """Where another process reaches `service` over HTTP (the console calls the four services)."""
        return getattr(self, f"{service}_url") or f"http://127.0.0.1:{self.port_of(service)}"
