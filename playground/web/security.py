"""Security headers on every answer, as a small ASGI middleware."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Headers = list[tuple[bytes, bytes]]

# No inline script or style anywhere: htmx is loaded from a file and configured by a meta tag.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def adding_headers(send: Send, extra: Callable[[Headers], Headers]) -> Send:
    """Wrap an ASGI send so the response start also carries what `extra` returns for it."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            message["headers"] = headers + extra(headers)
        await send(message)

    return send_with_headers


def _missing_security_headers(headers: Headers) -> Headers:
    """The security headers the response does not set itself."""
    present = {name.lower() for name, _ in headers}
    return [(name, value) for name, value in HEADERS if name not in present]


class SecurityHeaders:
    """Adds the headers to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through and decorate the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, adding_headers(send, _missing_security_headers))
