"""Requests to the mounted sandbox take turns without holding up the rest of the server.

The sandbox answers one request at a time (one lock). Those waiting for their turn used to
wait in worker threads, which the playground's database calls need too, and a reset check
took the lock on the event loop itself: one slow read froze every page.
"""

from __future__ import annotations

import asyncio
import threading
import time
from types import TracebackType

import anyio
import httpx
import pytest
from sqlmodel import Session
from starlette.routing import Mount

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.sandbox.app import Sandbox
from playground.services import accounts
from playground.settings import Settings
from playground.web.app import create_app
from tests.conftest import PASSWORD
from tests.http.token_support import bearer, make_token
from tests.served import LOCAL_TLS, served

pytestmark = [pytest.mark.anyio, pytest.mark.database_agnostic]

API = "/sandbox/api/stable/api.php"
WAITING = 45  # more than the 40 worker threads the server has for everything else
PATIENCE = 20.0  # seconds: a guard for a loaded machine, not a measurement


class Gate:
    """Stands in for the sandbox's lock: every answer waits at it until the test opens it,
    and the test can wait until a number of answers are waiting there."""

    def __init__(self) -> None:
        self._open = threading.Event()
        self._arrived = threading.Condition()
        self._lock = threading.Lock()
        self.waiting = 0

    def __enter__(self) -> None:
        with self._arrived:
            self.waiting += 1
            self._arrived.notify_all()
        self._open.wait(PATIENCE * 3)
        self._lock.acquire()

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._lock.release()

    def wait_for(self, count: int) -> bool:
        """Whether `count` answers arrived at the gate in time."""
        with self._arrived:
            return self._arrived.wait_for(lambda: self.waiting >= count, PATIENCE)

    def open(self) -> None:
        """Let every answer through, one at a time."""
        self._open.set()


def _mounted_sandbox(app: object) -> Sandbox:
    """The sandbox instance behind the app's /sandbox mount."""
    [mount] = [r for r in app.routes if isinstance(r, Mount) and r.path == "/sandbox"]  # type: ignore[attr-defined]
    sandbox: Sandbox = mount.app.state.sandbox  # type: ignore[attr-defined]
    return sandbox


def _read() -> bytes:
    """A signed read of one estate, as anyone with the demo credentials may send it."""
    action = ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"], "listlimit": 1})
    envelope = build_envelope(
        [action], token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=int(time.time())
    )
    return encode_body(envelope)


async def test_requests_waiting_for_the_sandbox_leave_the_rest_of_the_server_free(
    settings: Settings,
) -> None:
    app = create_app(settings)
    with Session(app.state.playground.engine) as db:
        accounts.create_user(db, username="ada", password=PASSWORD, is_admin=True)
    token = make_token(app, "ada")
    gate = Gate()
    _mounted_sandbox(app).lock = gate  # type: ignore[assignment]
    limits = httpx.Limits(max_connections=WAITING + 5)
    with served(app, lifespan="on") as base_url:
        async with httpx.AsyncClient(
            verify=LOCAL_TLS, base_url=base_url, limits=limits, timeout=60
        ) as client:
            waiting = [
                asyncio.create_task(client.post(API, content=_read())) for _ in range(WAITING)
            ]
            assert await anyio.to_thread.run_sync(gate.wait_for, 2), "no answer started"
            # While they wait: the loop answers, and so does a route using the database.
            with anyio.fail_after(PATIENCE):
                assert (await client.get("/healthz")).status_code == 200
                profiles = await client.get("/api/v1/profiles", headers=bearer(token))
            gate.open()
            answers = await asyncio.gather(*waiting)
    assert profiles.status_code == 200 and isinstance(profiles.json(), list)
    assert [a.json()["status"]["errorcode"] for a in answers] == [0] * WAITING
