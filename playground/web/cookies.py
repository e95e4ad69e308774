"""The session cookie, set in one place with the same flags for every way of logging in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

DAY_SECONDS = 86_400
SESSION_COOKIE = "playground_session"
# Over https the browser then insists on Secure, Path=/ and no Domain, so a sibling host
# of the same site can neither plant nor overwrite the session cookie.
HOST_PREFIX = "__Host-"


def session_cookie_name(request: Request) -> str:
    """The session cookie's name: with the __Host- prefix when served over https."""
    return HOST_PREFIX + SESSION_COOKIE if request.url.scheme == "https" else SESSION_COOKIE


def clear_session_cookie(response: Response, request: Request) -> None:
    """Make the browser forget the session cookie (with the flags its prefix demands)."""
    response.delete_cookie(
        session_cookie_name(request), secure=request.url.scheme == "https", httponly=True
    )


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
