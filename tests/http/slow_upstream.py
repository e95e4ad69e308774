"""The sandbox behind a delay, served over real HTTP: an upstream as slow as the real one.

It counts the requests it received, and a test can hold every answer until it says so.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from anyio import to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from playground.sandbox import create_sandbox_app
from tests.served import served

TOKEN = "slowupstreamtoken0123456789abcde"
SECRET = "slowupstreamsecret" + "0123456789abcdef" * 2 + "0123456789abcd"
WAIT_TIMEOUT = 15.0


class SlowUpstream:
    """An ASGI app: the sandbox, answering each request after `delay` seconds (or later)."""

    def __init__(self, delay: float) -> None:
        """Wrap a fresh sandbox that accepts TOKEN and SECRET."""
        self.delay = delay
        self.token, self.secret = TOKEN, SECRET
        self.url = ""
        self._sandbox: ASGIApp = create_sandbox_app(token=TOKEN, secret=SECRET)
        self._received = 0
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._released.set()

    @property
    def received(self) -> int:
        """How many requests arrived so far."""
        with self._lock:
            return self._received

    def hold(self) -> None:
        """Keep every answer back until `release`."""
        self._released.clear()

    def release(self) -> None:
        """Let held answers go."""
        self._released.set()

    async def wait_received(self, count: int) -> None:
        """Wait (in the caller's loop) until `count` requests have arrived."""
        deadline = time.monotonic() + WAIT_TIMEOUT
        while self.received < count:
            assert time.monotonic() < deadline, f"only {self.received} of {count} arrived"
            await asyncio.sleep(0.01)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count, wait the delay (and any hold), then let the sandbox answer."""
        if scope["type"] == "http":
            with self._lock:
                self._received += 1
            await asyncio.sleep(self.delay)
            if not self._released.is_set():
                await to_thread.run_sync(self._released.wait)
        await self._sandbox(scope, receive, send)


@contextmanager
def serve_slow_upstream(delay: float) -> Iterator[SlowUpstream]:
    """A SlowUpstream on a free port; `url` is its API endpoint."""
    upstream = SlowUpstream(delay)
    with served(upstream) as base_url:
        upstream.url = base_url + "/api/stable/api.php"
        try:
            yield upstream
        finally:
            upstream.release()
