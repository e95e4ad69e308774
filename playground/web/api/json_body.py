"""Bodies sent to the JSON API as forms are read as JSON.

`curl -d '{...}'` labels its body application/x-www-form-urlencoded unless told otherwise,
and the API takes no forms: so such a body is what its sender meant, JSON.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

FORM = b"application/x-www-form-urlencoded"


class FormsAsJson:
    """ASGI middleware: relabel a form-encoded request body as JSON."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, its content type changed from a form to JSON."""
        if scope["type"] == "http":
            headers = [
                (name, b"application/json")
                if name == b"content-type" and value.split(b";")[0].strip().lower() == FORM
                else (name, value)
                for name, value in scope["headers"]
            ]
            scope = dict(scope, headers=headers)
        await self.app(scope, receive, send)
