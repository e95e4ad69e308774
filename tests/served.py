"""Serve an ASGI app with uvicorn on a free 127.0.0.1 port, in a thread of the test process."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

STARTUP_TIMEOUT = 15.0
# httpx loads the CA bundle for every client it makes unless it is given a context: 17 ms of
# CPU each time, hundreds of times a run (most in the loops that wait for a server). The tests'
# own clients share this one (they talk plain HTTP to servers on this machine anyway).
LOCAL_TLS = ssl.create_default_context()


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    """Poll until uvicorn reports it is listening; fail early if its thread died."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server thread exited during start-up")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start within {STARTUP_TIMEOUT} s")
        time.sleep(0.01)


@contextmanager
def served(app: ASGIApp, *, lifespan: Literal["on", "off"] = "off") -> Iterator[str]:
    """Run `app` until the block ends; yields its base URL (http://127.0.0.1:PORT)."""
    # Binding the socket here, before uvicorn starts, leaves no window for another
    # process to take the port between choosing and using it.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan=lifespan)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_until_started(server, thread)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT)
        sock.close()
