"""Raw-socket helpers for tests that watch one HTTP connection: its port and its answers."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.types import ASGIApp

from tests.served import served


@contextmanager
def served_on_port(app: ASGIApp) -> Iterator[int]:
    """Serve the app on 127.0.0.1 until the block ends; yields the port."""
    with served(app) as base_url:
        yield int(base_url.rsplit(":", 1)[1])


def read_response(conn: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length body: status, headers, body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")):
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the middle of a body")
        body += chunk
    return int(lines[0].split()[1]), headers, body
