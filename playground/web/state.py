"""The long-lived objects one app instance holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from anyio import CapacityLimiter
from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.services import profiles
from playground.services.accounts import SessionLimits
from playground.services.fields import Fetcher, FieldCache
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store.models import User, utcnow
from playground.store.secretbox import SecretBox


@dataclass
class AppState:
    """Settings, database engine, secret box, HTTP clients, session-hash key and limits."""

    settings: Settings
    engine: Engine
    box: SecretBox
    upstream: Upstream
    session_key: str
    sandbox_token: str
    sandbox_secret: str
    # How many password checks of logins run at once (each takes a core for a while).
    password_checks: CapacityLimiter
    # The accounts' field catalogues (get fields), per profile and language.
    fields: FieldCache = field(default_factory=FieldCache)
    # The time now (UTC); tests put in a clock of their own to step past session limits.
    clock: Callable[[], datetime] = utcnow

    @property
    def session_limits(self) -> SessionLimits:
        """How long logins last: from the settings."""
        return SessionLimits(
            days=self.settings.session_days, idle_minutes=self.settings.session_idle_minutes
        )

    @property
    def fetcher(self) -> Fetcher:
        """What fetching a field catalogue needs."""
        return Fetcher(self.engine, self.box, self.upstream, self.settings, self.fields)


def ensure_sandbox_profile(state: AppState, db: Session, user: User) -> None:
    """Give a user without any profile a ready profile for this instance's sandbox."""
    profiles.ensure_sandbox_profile(
        db,
        user=user,
        settings=state.settings,
        box=state.box,
        token=state.sandbox_token,
        secret=state.sandbox_secret,
    )
