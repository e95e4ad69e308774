"""The built-in sandbox as the playground serves it: reset-aware, and behind the proxy in SSO.

The mounted sandbox checks its own token and HMAC, so in local mode anyone may call it.
In proxy mode every page is reached through the sign-on proxy only, and so is the sandbox:
a connection from any other address is refused before its body is read.
"""

from __future__ import annotations

import json
from functools import partial

from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from playground.sandbox.app import create_sandbox_app
from playground.sandbox.budget import MIB, Limits
from playground.services import sandbox_data
from playground.settings import Settings
from playground.web.proxy_auth import (
    NOT_THROUGH_PROXY,
    direct_peer_of,
    is_trusted,
    trusted_networks,
)


def build(settings: Settings, engine: Engine, *, token: str, secret: str) -> ASGIApp | None:
    """The sandbox app, following the database's reset counter; None when it is off."""
    if not settings.sandbox:
        return None
    return create_sandbox_app(
        token=token,
        secret=secret,
        generation=partial(sandbox_data.generation, engine),
        limits=Limits(total_bytes=settings.sandbox_memory_mb * MIB),
    )


def mountable(sandbox: ASGIApp, settings: Settings) -> ASGIApp:
    """The sandbox as mounted for HTTP callers: in proxy mode only for the trusted proxy."""
    if settings.auth_mode != "proxy":
        return sandbox
    networks = trusted_networks(settings.trusted_proxy_list)
    refusal = json.dumps({"error": NOT_THROUGH_PROXY}).encode()

    async def proxy_only(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_trusted(direct_peer_of(scope), networks):
            headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
            await send({"type": "http.response.start", "status": 403, "headers": headers})
            await send({"type": "http.response.body", "body": refusal})
            return
        await sandbox(scope, receive, send)

    return proxy_only
