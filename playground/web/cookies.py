"""The session cookie, set in one place with the same flags for every way of logging in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

DAY_SECONDS = 86_400


def set_session_cookie(
    response: Response, request: Request, name: str, raw_id: str, *, days: int
) -> None:
    """Give the browser the session id: script cannot read it, other sites do not send it."""
    response.set_cookie(
        name,
        raw_id,
        max_age=days * DAY_SECONDS,
        httponly=True,
        samesite="lax",
        # Behind a TLS-terminating proxy the scheme is https once X-Forwarded-Proto applies.
        secure=request.url.scheme == "https",
    )
