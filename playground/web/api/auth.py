"""Bearer-token authentication of the JSON API, with a rate limit per token.

Cookies are never read here: a browser session does not authenticate an API request, so a
page on another site cannot make a logged-in browser call the API (no CSRF to guard).

A request that may carry a body (POST, PUT, PATCH, DELETE) is admitted or refused by
`TokenBeforeBody` before a byte of its body is read: its token is resolved once and the
request counted once against the token's rate limit, and the grant goes on to `get_grant`
in the request's own scope. A GET has no body to guard: `get_grant` alone decides it.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session
from starlette.routing import Match
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
# The scope key under which TokenBeforeBody hands its admission to get_grant. Only this
# module's middleware writes it, into a copy of the scope made for the one request.
ADMITTED = "playground.api.admitted"
# A body that took longer than this to arrive after its admission has its token looked up
# again (not counted again): a token revoked meanwhile is refused, so nobody can bank
# admitted requests on slow uploads and send them after the revocation.
RECHECK_AFTER = 5.0


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


@dataclass(frozen=True)
class _Admitted:
    """TokenBeforeBody's decision on one request: this token's grant, counted already."""

    raw: str
    grant: Grant
    at: float  # time.monotonic() of the admission


def bearer(request: Request) -> str:
    """The token of an `Authorization: Bearer` header, or ""."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _refusal(request: Request, reason: str) -> ApiProblem:
    """401 with the reason (and a word about browser sessions when one was offered)."""
    if request.cookies.get(session_cookie_name(request)):
        reason += " A browser session is not accepted here: create an access token."
    return ApiProblem(401, "Access token required", reason, CHALLENGE)


def _admit(request: Request, db: Session, raw: str, key: str) -> Grant:
    """The grant of a live token within its rate limit, the request counted once; the
    refusal (401, 429) raised otherwise."""
    if not raw:
        raise _refusal(request, HOW_TO_AUTHENTICATE)
    try:
        grant = tokens.resolve(db, raw=raw, key=key)
    except TokenRefused as exc:
        raise _refusal(request, str(exc)) from None
    limiter: RateLimiter = request.app.state.rate_limiter
    assert grant.token.id is not None
    wait = limiter.wait_for(grant.token.id)
    if wait > 0:
        detail = f"This token may make {limiter.per_minute} requests a minute; try again later."
        raise ApiProblem(429, "Too many requests", detail, {"Retry-After": str(math.ceil(wait))})
    return grant


def get_grant(request: Request, state: StateDep, db: SessionDep) -> Grant:
    """The grant of the request's bearer token; its use audited, within its rate limit.

    TokenBeforeBody has resolved and counted a request with a body already; only a GET,
    or a request it could not decide (no database connection in time), is resolved and
    counted here (and one whose body was slow to come is looked up again, not counted).
    """
    raw = bearer(request)
    admitted = request.scope.get(ADMITTED)
    if not (isinstance(admitted, _Admitted) and raw and admitted.raw == raw):
        grant = _admit(request, db, raw, state.session_key)
    elif time.monotonic() - admitted.at > RECHECK_AFTER:
        try:
            grant = tokens.resolve(db, raw=raw, key=state.session_key)
        except TokenRefused as exc:
            raise _refusal(request, str(exc)) from None
    else:
        grant = admitted.grant
    use = f"{request.method} {request.url.path}"
    tokens.note_use(db, grant=grant, use=use, address=client_address(request))
    return grant


GrantDep = Annotated[Grant, Depends(get_grant)]


def _routed(request: Request) -> bool:
    """Whether a route of the API app takes this method and path (and so may read a body)."""
    return any(route.matches(request.scope)[0] is Match.FULL for route in request.app.routes)


class TokenBeforeBody:
    """ASGI middleware of the API app: a request that may carry a body is refused (401,
    429) before its body is read unless its bearer token is live and within its limit.

    FastAPI decodes a JSON body before any dependency runs, on the event loop: 2 MB of
    tiny nested arrays hold it for a fifth of a second or more, which nobody without a
    token, nor a token past its rate limit, may make every user wait for; nor is a body
    read (uploaded) only to be refused. An admitted request goes on with its grant, so
    the route's `get_grant` neither resolves nor counts it again; when the database
    cannot answer here (pool timeout), the route decides as for a GET.

    It wraps the API app only (mounted at /api/v1): the pages' form posts never pass it.
    Only a request that a route of the API takes is checked: one to a path that no route
    has (404) or with a method its route does not take (405) goes on to the router, which
    answers it without reading its body, as it answers a GET. The routes are no secret to
    keep behind a 401: the API's OpenAPI document, open to all, lists every one.
    """

    def __init__(self, app: ASGIApp, *, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the refusal, or pass the request on (with its grant, when decided)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # A copy of the scope for this request alone: nothing set here outlives it or
        # reaches another request, and no admission but this one's is ever in it.
        scope = {k: v for k, v in scope.items() if k != ADMITTED}
        request = Request(scope)
        if scope["method"] in BODY_METHODS and _routed(request):
            try:
                admitted = await self._admitted(request)
            except ApiProblem as refused:
                answer = problem(
                    refused.status, refused.title, refused.detail, headers=refused.headers
                )
                await answer(scope, receive, send)
                return
            if admitted is not None:
                scope[ADMITTED] = admitted
        await self.app(scope, receive, send)

    async def _admitted(self, request: Request) -> _Admitted | None:
        """The request's admission; None when it cannot be told (the route decides)."""
        raw = bearer(request)
        if not raw:
            raise _refusal(request, HOW_TO_AUTHENTICATE)  # no database needed to say so

        def admit(db: Session) -> _Admitted:
            grant = _admit(request, db, raw, self.state.session_key)
            return _Admitted(raw, grant, time.monotonic())

        try:
            return await in_session(self.state.engine, admit)
        except PoolTimeout:
            return None
