"""Refuse a request body above the configured size before any route sees it.

A declared ``Content-Length`` over the limit is refused at once, unread. A body without
one (chunked) is read here, counting, up to the limit: over it, the request is refused;
within it, the route gets the buffered body. Either way a refused request never reaches
a route, so nothing is half-written.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playground.i18n import gettext as _
from playground.sizes import declared_length, read_within, readable_size
from playground.web.rendering import render


def replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that hands out the buffered body first, then defers to the server."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class BodyLimit:
    """ASGI middleware: 413 with a readable page or htmx fragment above `max_bytes`."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared size, or buffer and count an undeclared body."""
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None:
            if declared > self.max_bytes:
                await self.refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        body = await read_within(receive, self.max_bytes)
        if body is None:
            await self.refuse(scope, receive, send)
            return
        await self.app(scope, replaying(body, receive), send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 413 in the app's error layout; the connection closes (the body is unread)."""
        limit = readable_size(self.max_bytes)
        detail = _(
            "The form is larger than the %(limit)s the playground accepts at once. "
            "Nothing was sent or saved; shorten the input and try again."
        ) % {"limit": limit}
        context = {"title": _("Too large"), "detail": detail, "status": 413}
        request = Request(scope, receive)
        response = render(
            request, "pages/error.html", context, partial="partials/error.html", status_code=413
        )
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
