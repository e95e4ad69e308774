"""Run the sandbox on its own, served by uvicorn."""

from __future__ import annotations

import asyncio
import os

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from playground.sandbox.app import API_PATHS, create_sandbox_app
from playground.sandbox.budget import RESTART_HINT, Limits
from playground.sandbox.credentials import DEMO_SECRET, DEMO_TOKEN

# Names of environment variables, not credentials.
TOKEN_ENV = "PLAYGROUND_SANDBOX_TOKEN"  # noqa: S105
SECRET_ENV = "PLAYGROUND_SANDBOX_SECRET"  # noqa: S105


def resolve_credentials(token: str | None, secret: str | None) -> tuple[str, str]:
    """Explicit values first, then the environment, then the demo credentials."""
    return (
        token or os.environ.get(TOKEN_ENV) or DEMO_TOKEN,
        secret or os.environ.get(SECRET_ENV) or DEMO_SECRET,
    )


def base_url(host: str, port: int) -> str:
    """The http URL for ``host``:``port``, with IPv6 addresses in brackets."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def delayed(app: ASGIApp, seconds: float) -> ASGIApp:
    """The app, answering every request `seconds` late: as slow as a distant API can be."""

    async def late(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(seconds)
        await app(scope, receive, send)

    return late


def run(
    *,
    host: str,
    port: int,
    token: str | None = None,
    secret: str | None = None,
    delay: float = 0.0,
) -> None:
    """Serve the sandbox until interrupted, after printing where and with what to call it."""
    token, secret = resolve_credentials(token, secret)
    # Alone, the sandbox has no reset counter: a restart is what brings the seed back.
    app = create_sandbox_app(token=token, secret=secret, limits=Limits(reset_hint=RESTART_HINT))
    if delay > 0:
        app = delayed(app, delay)
    root = base_url(host, port)
    lines = [f"onOffice sandbox on {root}{path}" for path in API_PATHS]
    lines += [f"token:  {token}", f"secret: {secret}"]
    if delay > 0:
        lines.append(f"Every answer comes {delay:g} s late.")
    print("\n".join(lines), flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
