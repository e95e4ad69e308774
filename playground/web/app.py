"""The application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from functools import partial

import httpx
from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp

from playground import i18n, logjson, logredact
from playground.onoffice.client import OnOfficeClient, Timeouts
from playground.paths import static_dir
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.services import passwords, retention
from playground.services.gate import Gate
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store import datadir, keyfiles, migrate
from playground.store.db import PoolLimits, make_engine
from playground.store.secretbox import SecretBox, new_key
from playground.web import (
    api,
    errors,
    guards,
    oidc_client,
    password_change,
    proxy_auth,
    sandbox_mount,
)
from playground.web.assets import Assets
from playground.web.body_limit import BodyLimit
from playground.web.failsafe import Failsafe
from playground.web.locale import LocaleMiddleware
from playground.web.nul_guard import RefuseNul
from playground.web.request_id import RequestId
from playground.web.routers import (
    account,
    admin,
    apidocs,
    auth,
    code,
    composer,
    confirm,
    fields,
    flows,
    folders,
    health,
    history,
    metrics,
    oidc,
    preferences,
    profiles,
    saved,
    saved_checks,
    sessions,
    shares,
    signin_code,
    sso,
    tokens,
    two_factor,
    variables,
    xray,
)
from playground.web.security import SecurityHeaders
from playground.web.state import AppState
from playground.web.timing import RequestTimer

log = logging.getLogger("playground")


def _build_state(settings: Settings) -> tuple[AppState, ASGIApp | None]:
    """Keys, database (migrated), secret box, HTTP clients and the optional sandbox."""
    datadir.prepare(settings.data_dir, settings.effective_database_url)
    keys = settings.encryption_keys
    box_keys = [k.strip() for k in keys.split(",") if k.strip()] if keys else []
    if not box_keys:
        box_keys = keyfiles.read_or_create(settings.data_dir / "encryption.keys", new_key)
    session_key = (
        settings.session_key
        or keyfiles.read_or_create(settings.data_dir / "session.key", new_key)[0]
    )
    engine = make_engine(settings.effective_database_url, _pool_limits(settings))
    migrate.upgrade_at_start(
        engine, lock_dir=settings.data_dir, migrate_on_start=settings.migrate_on_start
    )
    passwords.configure(settings)
    token = settings.sandbox_token or DEMO_TOKEN
    secret = settings.sandbox_secret or DEMO_SECRET
    logredact.remember(token, secret)
    sandbox_app = sandbox_mount.build(settings, engine, token=token, secret=secret)
    state = AppState(
        settings=settings,
        engine=engine,
        box=SecretBox(box_keys),
        upstream=_upstream(settings, sandbox_app),
        session_key=session_key,
        sandbox_token=token,
        sandbox_secret=secret,
        password_checks=CapacityLimiter(max(1, settings.password_checks)),
    )
    return state, sandbox_app


def _pool_limits(settings: Settings) -> PoolLimits:
    """The database connection pool the settings ask for."""
    return PoolLimits(
        size=settings.db_pool_size,
        overflow=settings.db_max_overflow,
        timeout=settings.db_pool_timeout,
    )


def _upstream(settings: Settings, sandbox_app: ASGIApp | None) -> Upstream:
    """The HTTP clients towards onOffice (and the sandbox) with the send bounds."""
    timeouts = Timeouts(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        deadline=settings.send_deadline,
    )
    client = partial(
        OnOfficeClient,
        timeouts=timeouts,
        max_response_bytes=settings.max_response_bytes,
        large_answer_bytes=settings.large_answer_bytes,
    )
    sandbox_client = None
    if sandbox_app is not None:
        transport = httpx.ASGITransport(app=sandbox_app)
        # Named in the language of the request whose failure message names it.
        sandbox_client = client(name=i18n.lazy_gettext("the sandbox"), transport=transport)
    return Upstream(
        internet=client(),
        sandbox=sandbox_client,
        sends=Gate(
            total=settings.upstream_concurrency,
            per_user=settings.upstream_concurrency_per_user,
            wait=settings.upstream_queue_seconds,
        ),
        # No refusal here: the request has left, so its answer is read, only later.
        large=Gate(
            total=settings.large_answers, per_user=settings.large_answers_per_user, wait=None
        ),
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build a playground app: migrate the database, wire routers, mount static and sandbox."""
    settings = settings or Settings()
    logredact.install()
    i18n.preload()
    logjson.configure(settings.log_format, settings.log_level)
    state, sandbox_app = _build_state(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Every worker thread busy with Python code competes with the event loop for the
        # interpreter lock; fewer of them keep the loop (and /healthz) responsive.
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
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
    app.add_middleware(Failsafe)  # innermost: its 500 page still gets the headers below
    app.add_middleware(RefuseNul, max_bytes=settings.max_body_bytes, exempt=("/sandbox/",))
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, form_targets=oidc_client.form_targets(settings))
    # Outermost: every page, error pages too, is in the request's language and zone.
    app.add_middleware(LocaleMiddleware, time_zone=settings.time_zone)
    # Pages, JSON and static files go compressed to a client that accepts it (tiny answers
    # are not worth it). Sessions are SameSite=Lax, so another site cannot make a logged-in
    # browser repeat requests at will to guess page secrets from compressed sizes (BREACH).
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)  # 9 costs CPU per send
    app.add_middleware(RequestTimer)  # the whole answer, for the metrics
    # Outermost: every log line of a request, and its answer, carry the request id.
    trusted = settings.forwarded_allow_ips
    app.add_middleware(RequestId, trusted=trusted, log_requests=settings.log_format == "json")
    errors.install(app)
    guards.install(app)
    password_change.install(app)
    proxy_auth.install(app, settings)
    if settings.auth_mode == "proxy":
        app.include_router(sso.router)  # before auth: its /login, /setup, /logout win
    oidc_client.install(app, settings, state.session_key)
    if settings.auth_mode == "oidc":
        app.include_router(oidc.router)  # before auth, as sso above
    routers = (
        health, auth, account, composer, code, fields, history, profiles, folders, saved, shares,
        admin, xray, sessions, signin_code, two_factor, confirm, variables,
    )  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    app.include_router(metrics.router)
    app.include_router(preferences.router)  # language and time zone
    app.include_router(flows.router)  # the composer's flows: steps, runs
    for module in (tokens, apidocs, saved_checks):  # the JSON API's neighbours in the pages
        app.include_router(module.router)
    # The JSON API: its own app, so its own OpenAPI document, errors and authentication.
    app.state.api_v1 = api.build(state)
    app.mount(api.PREFIX, app.state.api_v1, name="api_v1")
    app.mount("/static", Assets(directory=str(static_dir())), name="static")
    if sandbox_app is not None:
        # Mounted so that other tools can reach the same sandbox over HTTP, too.
        app.mount("/sandbox", sandbox_mount.mountable(sandbox_app, settings), name="sandbox")
    return app
