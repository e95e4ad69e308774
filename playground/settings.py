"""Settings read from PLAYGROUND_* environment variables."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from playground import i18n
from playground.onoffice.credentials import shape_problem

STABLE_URL = "https://api.onoffice.de/api/stable/api.php"
LATEST_URL = "https://api.onoffice.de/api/latest/api.php"


class Settings(BaseSettings):
    """Every setting of the playground; see the README for what each one does."""

    model_config = SettingsConfigDict(env_prefix="PLAYGROUND_", frozen=True)

    data_dir: Path = Path("./data")
    database_url: str | None = None
    # False: start only on a migrated database (run `playground db upgrade` as its own step).
    migrate_on_start: bool = True
    encryption_keys: str | None = Field(default=None, repr=False)
    session_key: str | None = Field(default=None, repr=False)
    allowed_endpoints: str = ""
    sandbox: bool = True
    sandbox_token: str | None = Field(default=None, repr=False)
    sandbox_secret: str | None = Field(default=None, repr=False)
    # How far writes may grow the sandbox's in-memory data beyond its seed (per process).
    sandbox_memory_mb: int = Field(default=32, ge=1)
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_response_bytes: int = 20_000_000
    history_body_cap: int = 1_000_000
    history_max_per_user: int = Field(default=10_000, ge=1)
    history_retention_days: int = 0
    audit_retention_days: int = 365
    # A login ends this long after it began (absolute) or after this long unused (idle).
    session_days: int = Field(default=7, ge=1)
    session_idle_minutes: int = Field(default=480, ge=1)
    # Who must sign in with a second factor (local accounts; SSO leaves it to the provider).
    require_2fa: Literal["none", "admins", "all"] = "none"
    max_body_bytes: int = 2_000_000
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    login_slow_after: int = 3
    login_delay_seconds: float = 1.0
    # New passwords: at least this many characters (12 at least) and not guessable.
    password_min_length: int = Field(default=12, ge=12)
    # argon2id cost of new password hashes; the defaults are argon2-cffi's (RFC 9106).
    password_time_cost: int = 3
    password_memory_kib: int = 65_536
    password_parallelism: int = 4
    auth_mode: Literal["local", "proxy", "oidc"] = "local"
    # OpenID Connect sign-in (auth_mode=oidc): see "Sign-in with OpenID Connect" in the README.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str | None = Field(default=None, repr=False)
    # Empty: derived from the request (https://<host>/oidc/callback behind a proxy).
    oidc_redirect_url: str = ""
    oidc_scopes: str = "openid profile email"
    oidc_username_claim: str = "preferred_username"
    oidc_admin_claim: str = "groups"
    # Members of this group (in oidc_admin_claim) are admins; empty: nobody by claim.
    oidc_admin_group: str = ""
    # This one account may still log in with its password while the provider is down.
    oidc_break_glass: str = ""
    proxy_user_header: str = "X-Forwarded-User"
    proxy_email_header: str = "X-Forwarded-Email"
    trusted_proxies: str = "127.0.0.1,::1"
    forwarded_allow_ips: str = "127.0.0.1"
    proxy_admins: str = ""
    log_level: str = "INFO"
    # json: one JSON line per log record and per request (with its request id).
    log_format: Literal["text", "json"] = "text"
    # When stopped (SIGTERM), requests under way get this long to finish.
    shutdown_grace_seconds: float = 30.0
    # /metrics answers these addresses or networks, and whoever sends the token as Bearer.
    metrics_allow: str = "127.0.0.1,::1"
    metrics_token: str | None = Field(default=None, repr=False)
    # Times are shown in this zone to visitors and to users who chose none (with its name).
    time_zone: str = "Europe/Berlin"
    # Load limits: see "Under load" in the README.
    send_deadline: float = 60.0
    upstream_concurrency: int = 256
    upstream_concurrency_per_user: int = 16
    upstream_queue_seconds: float = 5.0
    large_answer_bytes: int = 1_000_000
    large_answers: int = 8
    large_answers_per_user: int = 2
    password_checks: int = 2
    worker_threads: int = 40
    db_pool_size: int = 5
    db_max_overflow: int = 10
    db_pool_timeout: float = 5.0
    fields_cache_minutes: int = 60
    # JSON API (/api/v1): requests per access token per minute, per server process.
    api_requests_per_minute: int = 120

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """An IANA zone name this machine knows, so no page fails to show a time."""
        if i18n.valid_zone(value) is None:
            raise ValueError(f"PLAYGROUND_TIME_ZONE: unknown zone {value!r} (e.g. Europe/Berlin)")
        return value

    @field_validator("sandbox_token", "sandbox_secret")
    @classmethod
    def _onoffice_shaped(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The sandbox's credentials have the shape of onOffice's, so profiles accept them."""
        problem = (
            None
            if value is None
            else shape_problem("token" if info.field_name == "sandbox_token" else "secret", value)
        )
        if problem is not None:
            raise ValueError(f"PLAYGROUND_{str(info.field_name).upper()}: {problem}")
        return value

    @model_validator(mode="after")
    def _oidc_complete(self) -> Settings:
        """OpenID Connect sign-in needs at least the issuer, the client id and "openid"."""
        if self.auth_mode != "oidc":
            return self
        if not self.oidc_issuer.startswith(("https://", "http://")):
            raise ValueError("PLAYGROUND_OIDC_ISSUER: the provider's URL (https://...) is needed")
        if not self.oidc_client_id:
            raise ValueError("PLAYGROUND_OIDC_CLIENT_ID: the client id is needed")
        if "openid" not in self.oidc_scopes.split():
            raise ValueError("PLAYGROUND_OIDC_SCOPES: must include openid")
        return self

    @cached_property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'playground.db').resolve()}"

    @cached_property
    def allowed_endpoint_urls(self) -> tuple[str, ...]:
        """Extra endpoint URLs an admin allowed, besides stable, latest and the sandbox."""
        return tuple(u.strip() for u in self.allowed_endpoints.split(",") if u.strip())

    @cached_property
    def trusted_proxy_list(self) -> tuple[str, ...]:
        """Addresses or networks whose proxy user header is believed."""
        return tuple(a.strip() for a in self.trusted_proxies.split(",") if a.strip())

    @cached_property
    def proxy_admin_names(self) -> frozenset[str]:
        """User names that become admins when they first arrive through the proxy."""
        return frozenset(n.strip() for n in self.proxy_admins.split(",") if n.strip())
