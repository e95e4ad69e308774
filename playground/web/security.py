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


HSTS = (b"strict-transport-security", b"max-age=31536000")
# Pages and JSON show profiles' metadata, history, CRM records and shared requests: no
# browser or proxy cache may keep them. Static files are the same for everyone.
NO_STORE = (b"cache-control", b"no-store")
CACHEABLE_PREFIX = "/static/"


def with_form_targets(headers: Headers, targets: tuple[str, ...]) -> Headers:
    """The headers with forms also allowed to lead to these origins (an identity provider)."""
    if not targets:
        return headers
    policy = CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", "form-action 'self' " + " ".join(targets)
    )
    csp = b"content-security-policy"
    return [(csp, policy.encode()) if name == csp else (name, v) for name, v in headers]


def _wanted(scope: Scope, headers: Headers) -> Headers:
    """The security headers for this request: HSTS only over https, no-store off /static/."""
    wanted = list(headers)
    if not scope.get("path", "").startswith(CACHEABLE_PREFIX):
        wanted.append(NO_STORE)
    # The scheme is https when the client connected so, or a trusted proxy said it did
    # (uvicorn's X-Forwarded-Proto handling is limited to PLAYGROUND_FORWARDED_ALLOW_IPS).
    if scope.get("scheme") == "https":
        wanted.append(HSTS)
    return wanted


def _missing(wanted: Headers) -> Callable[[Headers], Headers]:
    """The wanted headers that a response does not set itself."""

    def missing(headers: Headers) -> Headers:
        present = {name.lower() for name, _ in headers}
        return [(name, value) for name, value in wanted if name not in present]

    return missing


class SecurityHeaders:
    """Adds the headers to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp, form_targets: tuple[str, ...] = ()) -> None:
        self.app = app
        # Signing out with OpenID Connect: the logout form's answer leads to the provider,
        # and browsers hold the redirect of a form to the page's form-action.
        self.headers = with_form_targets(HEADERS, form_targets)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through and decorate the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = _wanted(scope, self.headers)
        await self.app(scope, receive, adding_headers(send, _missing(wanted)))
