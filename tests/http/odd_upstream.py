"""An upstream of the test's making, served over real HTTP: it answers every request with
the one body it was told, and can hold its answer back until released."""

from __future__ import annotations

import threading

from anyio import to_thread
from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from playground.store.models import Profile
from tests.client import TestClient
from tests.http.team_support import PLANTED_SECRET, PLANTED_TOKEN, rows

WAIT = 15.0  # seconds; a test that waits this long has failed


class OddUpstream:
    """An ASGI app answering every request with the one body it was told."""

    def __init__(self) -> None:
        self.body = b""
        self.url = ""
        self.received = threading.Event()
        self.released = threading.Event()
        self.released.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the request, wait while held, then answer 200 with the body."""
        while (await receive()).get("more_body"):
            pass
        self.received.set()
        await to_thread.run_sync(self.released.wait, WAIT)
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


def odd_profile(client: TestClient, app: FastAPI, url: str, name: str = "Odd") -> int:
    """A profile of the client's user pointing at the odd upstream."""
    form = {"name": name, "endpoint": url, "hmac_version": "2"}
    form |= {"token": PLANTED_TOKEN, "secret": PLANTED_SECRET}
    assert client.post("/profiles", data=form).status_code == 303
    [found] = [p.id for p in rows(app, Profile) if p.name == name]
    return int(found)
