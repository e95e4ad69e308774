"""Helpers for tests that watch a served app: its port, its raw answers, a process of its own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from starlette.types import ASGIApp

from tests.served import LOCAL_TLS, served

STARTUP_SECONDS = 60.0  # a fresh database is migrated first, on a busy machine


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


@contextmanager
def serving_process(data_dir: Path) -> Iterator[str]:
    """`playground serve` in a process of its own, on a fresh data directory, until the
    block ends; yields its base URL. A request that freezes that process (the interpreter
    lock held for good) then times out in the test instead of freezing the test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    env["PLAYGROUND_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "playground.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url):
            assert server.poll() is None, "the server exited during start-up"
            assert time.monotonic() < deadline, "the server did not start in time"
            time.sleep(0.05)  # polling a starting server, bounded by the deadline
        yield url
    finally:
        server.kill()
        server.wait(timeout=STARTUP_SECONDS)


def _answers(url: str) -> bool:
    """Whether the server at `url` answers its health check."""
    try:
        return httpx.get(url + "/healthz", timeout=2, verify=LOCAL_TLS).status_code == 200
    except httpx.TransportError:
        return False
