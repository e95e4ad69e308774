"""Single sign-on behind a trusted reverse proxy (``PLAYGROUND_AUTH_MODE=proxy``).

The proxy (oauth2-proxy, Authelia, ...) signs people in and names them in a header. That
header is believed only when the connection itself comes from an address in
``PLAYGROUND_TRUSTED_PROXIES``; anything else is refused with a 403 page.

The *direct peer* is the machine that opened the TCP connection. uvicorn's proxy-header
support replaces the ASGI ``client`` with the address from ``X-Forwarded-For``, which a
browser can write itself, so `playground serve` wraps the app with `with_forwarding`:
it notes the direct peer in the scope first and applies the X-Forwarded-* rewrite after.
Without that wrapper (a bare ``uvicorn`` run, the test client) the ``client`` is the peer.

A proxy user gets an ordinary server-side session on first sight, keyed by the usual
cookie, so the per-session CSRF token works exactly as in local mode. The session is
kept while the proxy keeps naming the same user; another name starts a new session.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from playground.i18n import N_
from playground.i18n import gettext as _
from playground.services import accounts, audit
from playground.services.accounts import AccountChanged, Login
from playground.services.errors import InvalidInput
from playground.settings import Settings
from playground.store.models import User
from playground.web.cookies import set_session_cookie
from playground.web.rendering import render
from playground.web.security import Headers, adding_headers
from playground.web.session_start import open_session
from playground.web.state import AppState

PEER_KEY = "playground.peer"
COOKIE_STATE = "proxy_session_cookie"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Marked for the catalogue; ProxyRefused translates them when the page is rendered.
NOT_THROUGH_PROXY = N_(
    "This playground signs people in through its single sign-on proxy only. "
    "Open it at the proxy's address."
)
NO_USER = N_(
    "The sign-on proxy did not say who you are (the %(header)s header is missing). "
    "Ask your administrator to check the proxy set-up."
)
TWO_USERS = N_(
    "The request named more than one user (the %(header)s header came twice). "
    "Ask your administrator to check the proxy set-up."
)
BAD_NAME = N_("The sign-on proxy named a user the playground cannot use: %(reason)s")
DISABLED = N_("Your playground account is disabled. Ask an administrator to enable it.")


class ProxyRefused(Exception):
    """A request that single sign-on cannot let in; the message says why."""

    def __init__(self, message: str, **values: str) -> None:
        super().__init__(message % values)
        self.message, self.values = message, values

    @property
    def detail(self) -> str:
        """The reason in the current request's language."""
        return _(self.message) % self.values


class RecordPeer:
    """ASGI wrapper that notes the direct peer before anything rewrites the client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Copy the connection's client address to the scope, then pass the request on."""
        if scope["type"] in ("http", "websocket"):
            scope[PEER_KEY] = scope.get("client")
        await self.app(scope, receive, send)


def with_forwarding(app: ASGIApp, forwarded_allow_ips: str) -> ASGIApp:
    """The app as served: peer noted, then uvicorn's X-Forwarded-* handling applied."""
    forwarded = ProxyHeadersMiddleware(app, trusted_hosts=forwarded_allow_ips)  # type: ignore[arg-type]
    return RecordPeer(forwarded)  # type: ignore[arg-type]


def direct_peer(request: Request) -> str:
    """The address of the machine that opened the connection (the proxy, if there is one)."""
    return direct_peer_of(request.scope)


def direct_peer_of(scope: Scope) -> str:
    """`direct_peer` of an ASGI scope."""
    # Present but None (a Unix socket) must not fall back to a client rewritten from headers.
    peer = scope[PEER_KEY] if PEER_KEY in scope else scope.get("client")
    return str(peer[0]) if peer else ""


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted proxy addresses and networks, parsed (ValueError names a bad entry)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ValueError(f"PLAYGROUND_TRUSTED_PROXIES: {entry!r} is no address") from exc
    return tuple(networks)


def is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    """True when the address lies in one of the networks (IPv4-mapped IPv6 counts as IPv4)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def _cookie_header(request: Request, name: str, raw_id: str, days: int) -> str:
    """The Set-Cookie value of a session cookie, with the same flags as a local login."""
    response = Response()
    set_session_cookie(response, request, name, raw_id, days=days)
    return response.headers["set-cookie"]


def _arrive(request: Request, settings: Settings, db: Session, username: str) -> tuple[User, bool]:
    """The named account, created on first arrival; refused when unusable or disabled."""
    email = request.headers.get(settings.proxy_email_header, "")
    try:
        user, created = accounts.arrive_through_proxy(
            db, username=username, email=email, admin_names=settings.proxy_admin_names
        )
    except InvalidInput as exc:
        raise ProxyRefused(BAD_NAME, reason="; ".join(exc.errors.values())) from exc
    if not user.is_active:
        raise ProxyRefused(DISABLED)
    return user, created


def _resolve(state: AppState, db: Session, raw_id: str) -> Login | None:
    """The live login behind a session cookie, if any."""
    return accounts.resolve_session(
        db, raw_id=raw_id, key=state.session_key, now=state.clock(), limits=state.session_limits
    )


def _start(request: Request, state: AppState, db: Session, username: str, cookie: str) -> Login:
    """Start a session for the named user, note the login and queue the session cookie."""
    settings = state.settings
    user, created = _arrive(request, settings, db, username)
    address = request.client.host if request.client else ""
    try:
        raw_id = open_session(request, state, db, user, address=address)
    except AccountChanged:  # disabled in the meantime (the proxy has no password to change)
        raise ProxyRefused(DISABLED) from None
    role = "admin" if user.is_admin else "member"
    summary = "single sign-on" + (f"; account created as {role}" if created else "")
    audit.record(db, kind="login", actor=user, summary=summary, address=address)
    header = _cookie_header(request, cookie, raw_id, settings.session_days)
    setattr(request.state, COOKIE_STATE, header)
    login = _resolve(state, db, raw_id)
    if login is None:  # disabled in the meantime
        raise ProxyRefused(DISABLED)
    return login


def proxy_login(request: Request, state: AppState, db: Session, *, cookie: str) -> Login:
    """The login of the user the trusted proxy names; refused when the proxy cannot be believed."""
    settings = state.settings
    if not is_trusted(direct_peer(request), trusted_networks(settings.trusted_proxy_list)):
        raise ProxyRefused(NOT_THROUGH_PROXY)
    names = request.headers.getlist(settings.proxy_user_header)
    if len(names) > 1:  # which one did the proxy set? Refuse rather than guess.
        raise ProxyRefused(TWO_USERS, header=settings.proxy_user_header)
    username = names[0].strip() if names else ""
    if not username:
        raise ProxyRefused(NO_USER, header=settings.proxy_user_header)
    raw_id = request.cookies.get(cookie)
    if raw_id:
        login = _resolve(state, db, raw_id)
        # Identity providers do not agree on case: "Ada" and "ada" are one person.
        if login is not None and login.user.username.casefold() == username.casefold():
            return login
        # Someone else (or nobody) now: that session must not outlive the switch.
        accounts.end_session(db, raw_id=raw_id, key=state.session_key)
    return _start(request, state, db, username, cookie)


class SessionCookie:
    """ASGI middleware: adds the cookie of a session that `proxy_login` started."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Give the request a state dict to share, and append its cookie to the answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        shared: dict[str, object] = scope.setdefault("state", {})

        def cookie_header(_headers: Headers) -> Headers:
            cookie = shared.get(COOKIE_STATE)
            return [(b"set-cookie", cookie.encode("latin-1"))] if isinstance(cookie, str) else []

        await self.app(scope, receive, adding_headers(send, cookie_header))


async def _refused(request: Request, exc: Exception) -> Response:
    """The 403 page (or htmx fragment) that says why single sign-on refused the request."""
    assert isinstance(exc, ProxyRefused)
    context = {"title": _("Sign-in refused"), "detail": exc.detail, "status": 403}
    return render(
        request, "pages/error.html", context, partial="partials/error.html", status_code=403
    )


def install(app: FastAPI, settings: Settings) -> None:
    """Register the refusal page and, in proxy mode, check the trusted list and add the cookie."""
    app.add_exception_handler(ProxyRefused, _refused)
    if settings.auth_mode == "proxy":
        trusted_networks(settings.trusted_proxy_list)
        app.add_middleware(SessionCookie)
