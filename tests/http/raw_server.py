"""A raw TCP server on 127.0.0.1 that plays a scripted HTTP reply: a misbehaving upstream."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType

from playground.onoffice.client import OnOfficeClient, Outcome, Timeouts

API_PATH = "/api/stable/api.php"
SIGNED_BODY = b'{"token":"testtoken","request":{"actions":[{"actionid":"x","hmac":"a\\/b+="}]}}'
# Generous enough never to fire on a slow machine; a test that waits this long has failed.
PATIENT = Timeouts(connect=5.0, read=5.0, write=5.0, pool=5.0)


@dataclass(frozen=True)
class Captured:
    """One HTTP request as the server read it off the socket."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Connection:
    """One accepted connection, handed to a scripted reply."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    server: LocalServer

    async def read_request(self) -> Captured:
        """Read one HTTP/1.1 request with a Content-Length body and remember it."""
        head = await self.reader.readuntil(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, path, _ = request_line.split(" ")
        headers = {}
        for line in filter(None, header_lines):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        captured = Captured(method, path, headers, body)
        self.server.requests.append(captured)
        return captured

    async def send(self, data: bytes) -> None:
        """Write bytes and wait until they have left the buffer."""
        self.writer.write(data)
        await self.writer.drain()


Reply = Callable[[Connection], Awaitable[None]]


@dataclass
class LocalServer:
    """A raw TCP server on a free 127.0.0.1 port that runs ``reply`` on each connection."""

    reply: Reply
    requests: list[Captured] = field(default_factory=list)
    # Set on exit so that replies parked on it finish before the loop closes.
    release: asyncio.Event = field(default_factory=asyncio.Event)
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._server is not None
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    def url(self, scheme: str = "http") -> str:
        """The API URL on this server."""
        return f"{scheme}://127.0.0.1:{self.port}{API_PATH}"

    async def __aenter__(self) -> LocalServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release.set()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        await asyncio.gather(*self._tasks)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self.reply(Connection(reader, writer, self))
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client hung up first, which several tests provoke on purpose
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


def http_response(status: str, body: bytes, *headers: str) -> bytes:
    """Serialise a complete HTTP/1.1 response with a correct Content-Length."""
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", *headers, "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def answer_with(response: bytes) -> Reply:
    """A reply that reads the request and sends ``response`` verbatim."""

    async def reply(conn: Connection) -> None:
        await conn.read_request()
        await conn.send(response)

    return reply


async def post_to(
    reply: Reply, *, timeouts: Timeouts = PATIENT, max_bytes: int = 20_000_000
) -> tuple[Outcome, LocalServer]:
    """Start a server running ``reply``, post the signed body to it once, and stop it."""
    async with (
        LocalServer(reply) as server,
        OnOfficeClient(timeouts=timeouts, max_response_bytes=max_bytes) as client,
    ):
        outcome = await client.post(server.url(), SIGNED_BODY)
    return outcome, server
