"""What `playground serve` says once it is up: the address to open, and who becomes admin."""

from __future__ import annotations

from fastapi import FastAPI
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playground.sandbox.server import base_url
from playground.services import accounts
from playground.web.state import AppState

# Listening on every interface: the machine itself answers on loopback.
_ANY = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}  # noqa: S104


def address(host: str, port: int) -> str:
    """The URL a browser on this machine opens for a server listening on host:port."""
    return base_url(_ANY.get(host, host), port) + "/"


def greeting(state: AppState, url: str) -> list[str]:
    """The lines to print: where to open the playground and, before any account, who is admin."""
    lines = [f"The playground is up: open {url} in a browser."]
    if state.settings.auth_mode == "local":
        with Session(state.engine) as db:
            first_run = accounts.needs_first_run(db)
        if first_run:
            lines.append(
                "No account exists yet: the first account created there becomes the administrator."
            )
    return lines


def announcing(app: FastAPI, host: str, port: int) -> ASGIApp:
    """The app, printing the greeting as soon as its start-up is complete."""

    async def announced(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return

        async def send_then_greet(message: Message) -> None:
            await send(message)
            if message["type"] == "lifespan.startup.complete":
                for line in greeting(app.state.playground, address(host, port)):
                    print(line, flush=True)

        await app(scope, receive, send_then_greet)

    return announced
