"""The application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from playground.onoffice.client import OnOfficeClient, Timeouts
from playground.paths import static_dir
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.sandbox.app import create_sandbox_app
from playground.services import passwords, retention
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store import keyfiles, migrate
from playground.store.db import make_engine
from playground.store.secretbox import SecretBox, new_key
from playground.web import errors, proxy_auth
from playground.web.body_limit import BodyLimit
from playground.web.routers import (
    account,
    admin,
    auth,
    composer,
    health,
    history,
    profiles,
    saved,
    shares,
    sso,
)
from playground.web.security import SecurityHeaders
from playground.web.state import AppState

log = logging.getLogger("playground")


def _build_state(settings: Settings) -> tuple[AppState, ASGIApp | None]:
    """Keys, database (migrated), secret box, HTTP clients and the optional sandbox."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keys = settings.encryption_keys
    box_keys = [k.strip() for k in keys.split(",") if k.strip()] if keys else []
    if not box_keys:
        box_keys = keyfiles.read_or_create(settings.data_dir / "encryption.keys", new_key)
    session_key = (
        settings.session_key
        or keyfiles.read_or_create(settings.data_dir / "session.key", new_key)[0]
    )
    migrate.upgrade(settings.effective_database_url)
    passwords.configure(settings)
    timeouts = Timeouts(connect=settings.connect_timeout, read=settings.read_timeout)
    token = settings.sandbox_token or DEMO_TOKEN
    secret = settings.sandbox_secret or DEMO_SECRET
    sandbox_app = create_sandbox_app(token=token, secret=secret) if settings.sandbox else None
    sandbox_client = None
    if sandbox_app is not None:
        sandbox_client = OnOfficeClient(
            timeouts=timeouts,
            max_response_bytes=settings.max_response_bytes,
            transport=httpx.ASGITransport(app=sandbox_app),
        )
    upstream = Upstream(
        internet=OnOfficeClient(timeouts=timeouts, max_response_bytes=settings.max_response_bytes),
        sandbox=sandbox_client,
    )
    state = AppState(
        settings=settings,
        engine=make_engine(settings.effective_database_url),
        box=SecretBox(box_keys),
        upstream=upstream,
        session_key=session_key,
        sandbox_token=token,
        sandbox_secret=secret,
    )
    return state, sandbox_app


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build a playground app: migrate the database, wire routers, mount static and sandbox."""
    settings = settings or Settings()
    state, sandbox_app = _build_state(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        purger = asyncio.create_task(retention.run_periodically(state.engine, state.settings))
        app.state.retention_task = purger
        try:
            yield
        finally:
            purger.cancel()
            with suppress(asyncio.CancelledError):
                await purger
            await state.upstream.aclose()
            state.engine.dispose()

    app = FastAPI(
        title="onOffice API Playground",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.playground = state
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, exempt=("/sandbox/",))
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    proxy_auth.install(app, settings)
    if settings.auth_mode == "proxy":
        app.include_router(sso.router)  # before auth: its /login, /setup, /logout win
    routers = (health, auth, account, composer, history, profiles, saved, shares, admin)
    for module in routers:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(static_dir())), name="static")
    if sandbox_app is not None:
        # Mounted so that other tools can reach the same sandbox over HTTP, too.
        app.mount("/sandbox", sandbox_app, name="sandbox")
    return app
