"""A sandbox served over real HTTP by uvicorn, for tests that talk to it like to onOffice."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from playground.sandbox import create_sandbox_app

TOKEN = "httptesttoken0123456789abcdef012"
SECRET = "httptestsecret-0123456789abcdef0123456789abcdef0123456789abcdef0"
STARTUP_TIMEOUT = 15.0


@dataclass(frozen=True)
class SandboxServer:
    """Where the sandbox listens and the credentials it accepts."""

    base_url: str
    token: str
    secret: str

    @property
    def url(self) -> str:
        """The stable API endpoint."""
        return self.base_url + "/api/stable/api.php"

    @property
    def latest_url(self) -> str:
        """The latest (beta) API endpoint."""
        return self.base_url + "/api/latest/api.php"


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    """Poll until uvicorn reports it is listening; fail early if its thread died."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the sandbox server thread exited during start-up")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the sandbox did not start within {STARTUP_TIMEOUT} s")
        time.sleep(0.01)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    """Serve one sandbox on a free 127.0.0.1 port for the whole session."""
    assert len(TOKEN) == 32
    assert len(SECRET) == 64
    app = create_sandbox_app(token=TOKEN, secret=SECRET)
    # Binding the socket here, before uvicorn starts, leaves no window for another
    # process to take the port between choosing and using it.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_until_started(server, thread)
        yield SandboxServer(f"http://127.0.0.1:{port}", TOKEN, SECRET)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT)
        sock.close()
