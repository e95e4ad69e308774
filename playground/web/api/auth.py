"""Bearer-token authentication of the JSON API, with a rate limit per token.

Cookies are never read here: a browser session does not authenticate an API request, so a
page on another site cannot make a logged-in browser call the API (no CSRF to guard).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from playground.services import tokens
from playground.services.tokens import Grant, TokenRefused
from playground.store.db import in_session
from playground.web.api.problems import ApiProblem, problem
from playground.web.cookies import session_cookie_name
from playground.web.deps import SessionDep, StateDep, client_address
from playground.web.state import AppState

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="playground"'}
WINDOW = 60.0
HOW_TO_AUTHENTICATE = "Send the header Authorization: Bearer <access token>."
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class RateLimiter:
    """At most `per_minute` requests per token in any 60 seconds (in this process)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_for(self, token_id: int) -> float:
        """0 when admitted (and counted); otherwise the seconds until a request may come."""
        now = self._clock()
        with self._lock:
            seen = self._seen.setdefault(token_id, deque())
            while seen and seen[0] <= now - WINDOW:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return seen[0] + WINDOW - now
            seen.append(now)
            return 0.0


def bearer(request: Request) -> str:
    """The token of an `Authorization: Bearer` header, or ""."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _refusal(request: Request, reason: str) -> ApiProblem:
    """401 with the reason (and a word about browser sessions when one was offered)."""
    if request.cookies.get(session_cookie_name(request)):
        reason += " A browser session is not accepted here: create an access token."
    return ApiProblem(401, "Access token required", reason, CHALLENGE)


def get_grant(request: Request, state: StateDep, db: SessionDep) -> Grant:
    """The grant of the request's bearer token; its use audited, within its rate limit."""
    raw = bearer(request)
    if not raw:
        raise _refusal(request, HOW_TO_AUTHENTICATE)
    try:
        grant = tokens.resolve(db, raw=raw, key=state.session_key)
    except TokenRefused as exc:
        raise _refusal(request, str(exc)) from None
    limiter: RateLimiter = request.app.state.rate_limiter
    assert grant.token.id is not None
    wait = limiter.wait_for(grant.token.id)
    if wait > 0:
        detail = f"This token may make {limiter.per_minute} requests a minute; try again later."
        raise ApiProblem(429, "Too many requests", detail, {"Retry-After": str(math.ceil(wait))})
    use = f"{request.method} {request.url.path}"
    tokens.note_use(db, grant=grant, use=use, address=client_address(request))
    return grant


GrantDep = Annotated[Grant, Depends(get_grant)]


class TokenBeforeBody:
    """ASGI middleware: a request with a body is refused (401) before the body is decoded
    unless its bearer token is live.

    FastAPI decodes a JSON body before any dependency runs, on the event loop: 2 MB of
    tiny nested arrays hold it for a fifth of a second or more, which nobody without a
    token may make every user wait for. The route's own dependency checks the token again
    (and counts its use); when the database cannot answer here, the route decides.
    """

    def __init__(self, app: ASGIApp, *, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the refusal, or pass the request on."""
        if scope["type"] == "http" and scope["method"] in BODY_METHODS:
            request = Request(scope)
            refused = await self._refusal(request)
            if refused is not None:
                answer = problem(refused.status, refused.title, refused.detail)
                answer.headers.update(refused.headers)
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _refusal(self, request: Request) -> ApiProblem | None:
        """Why the request's token lets nobody in; None when it does (or cannot be told)."""
        raw = bearer(request)
        if not raw:
            return _refusal(request, HOW_TO_AUTHENTICATE)

        def check(db: Session) -> ApiProblem | None:
            try:
                tokens.resolve(db, raw=raw, key=self.state.session_key)
            except TokenRefused as exc:
                return _refusal(request, str(exc))
            return None

        try:
            return await in_session(self.state.engine, check)
        except PoolTimeout:
            return None
