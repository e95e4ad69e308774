"""The OpenID Connect relying party (``PLAYGROUND_AUTH_MODE=oidc``), built on Authlib.

Authlib does the protocol: issuer discovery, the authorization code flow with PKCE (S256),
state and nonce, and the ID token's signature and claims (issuer, audience, expiry, nonce).
The flow's state, nonce and code verifier wait in a short-lived signed cookie of their own
(Starlette's session middleware under ``playground_oidc``), so the callback is accepted only
in the browser that started the sign-in; the playground's own session begins after it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import ssl
import warnings
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response
from joserfc.errors import JoseError
from starlette.middleware.sessions import SessionMiddleware

# Authlib runs on httpx as on httpx2 but says at import that it prefers httpx2; the
# playground's client is httpx, so that notice would only clutter every start's log.
with warnings.catch_warnings():
    import authlib.deprecate  # noqa: F401  (first: it puts an "always show" filter in front)

    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from authlib.integrations.base_client import OAuthError
    from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App

from playground import logredact
from playground.i18n import gettext as _
from playground.settings import Settings
from playground.web.rendering import render

log = logging.getLogger("playground.oidc")
FLOW_COOKIE = "playground_oidc"
FLOW_SECONDS = 600
NEXT_KEY = "next"
CALLBACK_ROUTE = "oidc_callback"


class OidcRefused(Exception):
    """A sign-in the identity provider's answer does not allow; the message says why."""

    def __init__(self, detail: str, status: int = 403) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS settings, made once.

    Authlib opens a new httpx client for each step of a sign-in; each would load the CA
    bundle afresh (~25 ms of CPU on the event loop), so a flood of /oidc/login requests
    held every other request up. A shared context costs that once.
    """
    return httpx.create_ssl_context()


def _client(settings: Settings) -> StarletteOAuth2App:
    """The provider as Authlib's client: discovery URL, credentials, scopes, PKCE."""
    oauth = OAuth()
    issuer = settings.oidc_issuer.rstrip("/")
    oauth.register(
        name="provider",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": settings.oidc_scopes,
            "code_challenge_method": "S256",
            "timeout": 10.0,
            "verify": _tls_context(),
        },
    )
    client: StarletteOAuth2App = oauth.create_client("provider")  # type: ignore[no-untyped-call]
    return client


def issuer_origin(settings: Settings) -> str:
    """The identity provider's origin (scheme, host and port of the issuer)."""
    parts = urlsplit(settings.oidc_issuer)
    return f"{parts.scheme}://{parts.netloc}"


def form_targets(settings: Settings) -> tuple[str, ...]:
    """Origins besides this app's that its forms may lead to: the provider's, for sign-out."""
    return (issuer_origin(settings),) if settings.auth_mode == "oidc" else ()


def client_of(request: Request) -> StarletteOAuth2App:
    """The app's OpenID Connect client."""
    client: StarletteOAuth2App = request.app.state.oidc
    return client


def redirect_url(request: Request) -> str:
    """Where the provider sends the browser back: the setting, or this app's callback."""
    configured: str = request.app.state.playground.settings.oidc_redirect_url
    return configured or str(request.url_for(CALLBACK_ROUTE))


def _unreachable(exc: Exception) -> OidcRefused:
    """The refusal when the provider cannot be asked (down, or a broken answer)."""
    log.warning("OpenID provider unreachable: %s", type(exc).__name__)
    return OidcRefused(
        _("The sign-in service cannot be reached right now. Please try again in a moment."),
        status=502,
    )


async def begin(request: Request, target: str) -> Response:
    """Send the browser to the provider's authorization endpoint (state, nonce, PKCE kept)."""
    request.session[NEXT_KEY] = target
    try:
        response: Response = await client_of(request).authorize_redirect(
            request, redirect_url(request)
        )
    except (httpx.HTTPError, ValueError, KeyError, RuntimeError) as exc:
        raise _unreachable(exc) from exc
    return response


async def finish(request: Request) -> tuple[dict[str, Any], str]:
    """The validated ID token's claims and the page to go to; OidcRefused otherwise."""
    if "state" not in request.query_params:
        raise OidcRefused(_("The sign-in answer is incomplete. Please sign in again."), 400)
    target = str(request.session.pop(NEXT_KEY, "/"))
    try:
        token = await client_of(request).authorize_access_token(request)  # type: ignore[no-untyped-call]
    except OAuthError as exc:
        log.info("OpenID sign-in refused: %s", exc.error)
        raise OidcRefused(_refusal(exc.error)) from exc
    except JoseError as exc:
        log.info("OpenID ID token refused: %s", exc.error)
        raise OidcRefused(
            _("The sign-in service's answer could not be verified. Please sign in again.")
        ) from exc
    except (httpx.HTTPError, ValueError, KeyError, RuntimeError) as exc:
        raise _unreachable(exc) from exc
    claims = token.get("userinfo")
    if not claims:  # no ID token at all: nothing says who this is
        raise OidcRefused(_("The sign-in service did not say who you are."))
    return dict(claims), target


def _refusal(error: str) -> str:
    """What the page says for an error the provider or the state check reported."""
    if error == "mismatching_state":
        return _(
            "This sign-in was not started in this browser, or it took too long. "
            "Please sign in again."
        )
    if error == "access_denied":
        return _("The sign-in service did not let you in.")
    return _("The sign-in service refused the sign-in. Please sign in again.")


async def end_session_url(request: Request, return_to: str) -> str | None:
    """The provider's sign-out page that leads back to ``return_to``, if it has one."""
    client = client_of(request)
    try:
        metadata = await client.load_server_metadata()
    except (httpx.HTTPError, ValueError) as exc:
        # Signing out of the playground must not wait for the provider to come back.
        log.warning("OpenID provider unreachable at sign-out: %s", type(exc).__name__)
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str) or not endpoint.startswith(
        issuer_origin(request.app.state.playground.settings) + "/"
    ):
        # None, or elsewhere than the issuer: the logout form may not lead there (CSP).
        return None
    result = await client.create_logout_url(
        post_logout_redirect_uri=return_to, client_id=client.client_id
    )
    url: str = result["url"]
    return url


async def _refused(request: Request, exc: Exception) -> Response:
    """The page (or htmx fragment) that says why the sign-in was refused."""
    assert isinstance(exc, OidcRefused)
    context = {"title": _("Sign-in refused"), "detail": exc.detail, "status": exc.status}
    return render(
        request, "pages/error.html", context, partial="partials/error.html", status_code=exc.status
    )


def _flow_key(session_key: str) -> str:
    """A key for the flow cookie's signature, derived so that it differs from the session's."""
    return hmac.new(session_key.encode(), b"oidc-flow", hashlib.sha256).hexdigest()


def install(app: FastAPI, settings: Settings, session_key: str) -> None:
    """In OpenID Connect mode: the client, the flow cookie and the refusal page."""
    if settings.auth_mode != "oidc":
        return
    if settings.oidc_client_secret:
        logredact.remember(settings.oidc_client_secret)
    app.state.oidc = _client(settings)
    app.add_exception_handler(OidcRefused, _refused)
    app.add_middleware(
        SessionMiddleware,
        secret_key=_flow_key(session_key),
        session_cookie=FLOW_COOKIE,
        max_age=FLOW_SECONDS,
        same_site="lax",  # the provider's redirect back is a top-level navigation
        https_only=settings.oidc_redirect_url.startswith("https://"),
    )
