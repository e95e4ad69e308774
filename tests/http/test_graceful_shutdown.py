"""Stopping `playground serve` (SIGTERM) lets a send under way finish, then exits."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.conftest import CSRF_RE, PASSWORD
from tests.db_support import CHEAP_PASSWORD_ENV
from tests.http.slow_upstream import SlowUpstream, serve_slow_upstream
from tests.http.team_support import HX, READ_ESTATE, send_form
from tests.served import LOCAL_TLS

DEADLINE = 60.0  # for each wait: generous, for a busy machine


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def until(condition: object, what: str) -> None:
    """Wait until `condition()` holds (polling), or fail saying what did not happen."""
    deadline = time.monotonic() + DEADLINE
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)


def answers(url: str) -> bool:
    """Whether a server accepts connections at `url`."""
    try:
        httpx.get(url + "/healthz", timeout=2, verify=LOCAL_TLS)
    except httpx.TransportError:
        return False
    return True


def set_up(client: httpx.Client, upstream: SlowUpstream) -> int:
    """The first account, and a profile on the slow upstream; the profile's id."""
    form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    assert client.post("/setup", data=form).status_code == 303
    csrf = CSRF_RE.search(client.get("/profiles").text)
    assert csrf is not None
    client.headers["X-CSRF-Token"] = csrf.group(1)
    profile = {"name": "Slow", "endpoint": upstream.url, "hmac_version": "2",
               "token": upstream.token, "secret": upstream.secret}  # fmt: skip
    assert client.post("/profiles", data=profile).status_code == 303
    found = re.search(r'<option value="(\d+)"[^>]*>Slow ', client.get("/").text)
    assert found is not None
    return int(found.group(1))


def test_a_send_under_way_finishes_after_sigterm_and_the_server_then_exits(
    tmp_path: Path,
) -> None:
    with serve_slow_upstream(0.0) as upstream:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, **CHEAP_PASSWORD_ENV, "PLAYGROUND_DATA_DIR": str(tmp_path),
               "PLAYGROUND_ALLOWED_ENDPOINTS": upstream.url}  # fmt: skip
        command = [sys.executable, "-m", "playground.cli", "serve", "--port", str(port)]
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        try:
            until(lambda: answers(url) or server.poll() is not None, "the server answers")
            client = httpx.Client(verify=LOCAL_TLS, base_url=url, timeout=DEADLINE)
            form = send_form(set_up(client, upstream), READ_ESTATE)
            upstream.hold()
            result: list[httpx.Response] = []
            sending = threading.Thread(
                target=lambda: result.append(client.post("/send", data=form, headers=HX))
            )
            sending.start()
            until(lambda: upstream.received >= 1, "the send reached the upstream")
            server.send_signal(signal.SIGTERM)
            until(lambda: not answers(url), "the server stops taking new connections")
            upstream.release()
            sending.join(DEADLINE)
            # uvicorn shuts down cleanly, then ends with the signal it was stopped by.
            assert server.wait(DEADLINE) in (0, -signal.SIGTERM)
        finally:
            if server.poll() is None:
                server.kill()
    [answer] = result
    assert answer.status_code == 200
    assert 'data-testid="records"' in answer.text  # the estates, shown
    with sqlite3.connect(tmp_path / "playground.db") as db:
        assert db.execute("SELECT count(*) FROM history_entry").fetchone() == (1,)
    db.close()
