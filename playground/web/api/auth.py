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

from playground.services import tokens
from playground.services.tokens import Grant, TokenRefused
from playground.web.api.problems import ApiProblem
from playground.web.cookies import session_cookie_name
from playground.web.deps import SessionDep, StateDep, client_address

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="playground"'}
WINDOW = 60.0


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
        raise _refusal(request, "Send the header Authorization: Bearer <access token>.")
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
