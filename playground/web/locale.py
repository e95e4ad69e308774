"""Each request's locale: chosen before any route runs, refined once the user is known."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playground import i18n

# A visitor's (or signed-out user's) explicit choice; a signed-in user's stored preference
# wins over it (see deps.get_login).
LANGUAGE_COOKIE = "playground_lang"


def _cookie(header: str, name: str) -> str | None:
    """One cookie's value from a Cookie header; malformed headers count as absent."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a broken Cookie header must not break the page
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


class LocaleMiddleware:
    """Set the request's locale from the language cookie, else Accept-Language, else English,
    and name it in Content-Language; times show in the server's default zone."""

    def __init__(self, app: ASGIApp, *, time_zone: str = i18n.DEFAULT_TIME_ZONE) -> None:
        self.app = app
        self.time_zone = time_zone

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        # The account page names the default a user's "" choice stands for.
        scope.setdefault("state", {})["default_time_zone"] = self.time_zone
        i18n.begin(
            i18n.negotiate(
                preference=_cookie(headers.get("cookie", ""), LANGUAGE_COOKIE),
                accept_language=headers.get("accept-language"),
            ),
            self.time_zone,
        )

        async def send_with_language(message: Message) -> None:
            # Pages only: JSON, files and the mounted sandbox's API answers stay as they are.
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                kind = dict(headers).get(b"content-type", b"")
                if kind.startswith(b"text/html"):
                    headers.append((b"content-language", i18n.current().encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_language)
