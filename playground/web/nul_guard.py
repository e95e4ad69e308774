"""Refuse a NUL character anywhere in a request's path, query or form before any route runs.

No field of the playground takes one, and PostgreSQL cannot store one in a text column,
so a NUL that got through would surface as a database error. The sandbox is left out: its
JSON bodies may carry an escaped NUL inside a string, which is valid JSON.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from playground.i18n import N_
from playground.i18n import gettext as _
from playground.sizes import read_within
from playground.web.body_limit import replaying
from playground.web.rendering import render

FORM_TYPE = b"application/x-www-form-urlencoded"
REFUSED = N_("The request contains a NUL character, which no field accepts. Nothing was changed.")


def _has_nul(encoded: bytes) -> bool:
    """True when URL-encoded bytes hold a NUL, raw or as %00."""
    return b"\x00" in encoded or b"%00" in encoded


def _is_form(scope: Scope) -> bool:
    """True for a URL-encoded form body (the only kind of form the pages post)."""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return bool(value.split(b";", 1)[0].strip().lower() == FORM_TYPE)
    return False


class RefuseNul:
    """ASGI middleware: 400 with the app's error page for a NUL in path, query or form."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check path and query; read and check a form body, then hand it on."""
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or _has_nul(scope.get("query_string", b"")):
            await _refuse(scope, receive, send)
            return
        if not _is_form(scope):
            await self.app(scope, receive, send)
            return
        # The body limit outside this middleware has already refused a larger body.
        body = await read_within(receive, self.max_bytes)
        if body is None or _has_nul(body):
            await _refuse(scope, receive, send)
            return
        await self.app(scope, replaying(body, receive), send)


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    """The 400 page (or htmx fragment)."""
    context = {"title": _("Invalid input"), "detail": _(REFUSED), "status": 400}
    request = Request(scope, receive)
    response = render(
        request, "pages/error.html", context, partial="partials/error.html", status_code=400
    )
    await response(scope, receive, send)
