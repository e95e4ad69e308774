"""The long-lived objects one app instance holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store.secretbox import SecretBox


@dataclass
class AppState:
    """Settings, database engine, secret box, HTTP clients and the session-hash key."""

    settings: Settings
    engine: Engine
    box: SecretBox
    upstream: Upstream
    session_key: str
    sandbox_token: str
    sandbox_secret: str
