"""The last resort for an error no handler expected: a 500 page, the connection kept usable.

Starlette's own fallback re-raises after answering, and uvicorn then drops the connection
under a keep-alive client that expects to send its next request on it. Here the exception
ends with the answer: logged once with its traceback (through the redacting filter), the
generic page sent, and the connection left as healthy as after any other answer.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playground.i18n import gettext as _
from playground.web.errors import error_page

log = logging.getLogger("playground.web")


class Failsafe:
    """ASGI middleware: an unexpected exception before the answer started becomes a 500 page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; answer 500 if it fails before its answer began."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_start)
        except Exception as exc:
            if started:  # half an answer is out: only closing the connection is honest
                raise
            # The path only: the query and body could hold what the user typed.
            log.error(
                "Unexpected %s on %s %s",
                type(exc).__name__,
                scope.get("method", ""),
                scope.get("path", ""),
                exc_info=exc,
            )
            await _page(scope, receive, send)


async def _page(scope: Scope, receive: Receive, send: Send) -> None:
    """The generic error page (or htmx fragment)."""
    title, detail = _("Something went wrong"), _("The error was logged.")
    response = error_page(Request(scope, receive), 500, title, detail)
    await response(scope, receive, send)
