"""The tests' HTTP client: Starlette's TestClient, handing each request over only once.

Starlette's own transport streams the answer back to the calling thread and crosses
between that thread and the app's event loop eight times per request (events, a stream,
a cancel scope, each body chunk): about 2.5 ms of CPU on this machine, more than the app
spends on a small answer. The app's answers here are never endless streams, so this
transport runs the whole exchange on the event loop in one call and returns the answer
whole. Everything else (cookies, redirects, lifespan, the app state) is Starlette's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import anyio
import httpx
from starlette.testclient import TestClient as StarletteTestClient
from starlette.types import Message

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


class TestClient(StarletteTestClient):
    """A browser-like client of an ASGI app in this process (see the module docstring)."""

    __test__ = False  # not a test class, despite its name

    def __init__(self, app: Any, **options: Any) -> None:
        """As Starlette's TestClient; only the transport differs."""
        # An exception in the app reaches the test, as with Starlette's default.
        assert options.get("raise_server_exceptions", True), "not supported here"
        super().__init__(app, **options)
        # httpx keeps the transport here; Starlette gives no way to pass one in.
        self._transport = _WholeAnswerTransport(
            self, options.get("client", ("testclient", 50000)), options.get("root_path", "")
        )


class _WholeAnswerTransport(httpx.BaseTransport):
    """Runs the app for one request on the client's event loop; returns the whole answer."""

    def __init__(self, client: TestClient, peer: tuple[str, int], root_path: str) -> None:
        self.client = client
        self.peer = peer
        self.root_path = root_path

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` to the app and wait for its complete answer."""
        scope = self._scope(request)
        with self.client._portal_factory() as portal:
            status, headers, body = portal.call(_exchange, self.client.app, scope, request.read())
        if request.method == "HEAD":
            body = b""
        return httpx.Response(status, headers=headers, content=body, request=request)

    def _scope(self, request: httpx.Request) -> dict[str, Any]:
        """The ASGI scope a server would build for `request`."""
        url = request.url
        if url.scheme not in ("http", "https"):
            raise NotImplementedError(f"{url.scheme}: this client speaks HTTP only")
        headers = [
            (key.lower().encode(), value.encode()) for key, value in request.headers.multi_items()
        ]
        return {
            "type": "http",
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": unquote(url.path),
            "raw_path": url.raw_path.split(b"?", 1)[0],
            "root_path": self.root_path,
            "query_string": url.query,
            "headers": headers,
            "client": self.peer,
            "server": [url.host, url.port or (443 if url.scheme == "https" else 80)],
            "extensions": {},
            "state": self.client.app_state.copy(),
        }


async def _exchange(app: Any, scope: dict[str, Any], body: bytes) -> Answer:
    """Run `app` on one request; the status, headers and body it answered with."""
    start: Message | None = None
    chunks: list[bytes] = []
    answered = anyio.Event()
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await answered.wait()  # as a server: the client goes away once it has the answer
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            assert start is None, "the app started its answer twice"
            start = message
        elif message["type"] == "http.response.body":
            assert start is not None, "the app sent a body before starting its answer"
            chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                answered.set()

    await app(scope, receive, send)
    assert start is not None, "the app returned without answering"
    return start["status"], list(start.get("headers", [])), b"".join(chunks)
