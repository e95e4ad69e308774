"""`playground serve --workers N`: several processes on one port, prepared once."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playground.settings import Settings

STARTUP_TIMEOUT = 60.0  # two processes importing the app on a loaded machine


def _free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(port: int, path: str) -> int | None:
    """The status of a GET, or None while nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def test_two_workers_serve_one_port_and_share_the_database(
    tmp_path: Path, settings: Settings
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    env |= {"PLAYGROUND_DATA_DIR": str(settings.data_dir), "PYTHONUNBUFFERED": "1"}
    env["PLAYGROUND_DATABASE_URL"] = settings.effective_database_url
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "playground.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen([*command, "--workers", "2"], env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while log.read_text().count("Application startup complete") < 2:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)  # polling a starting server, bounded by the deadline
        statuses = {_get(port, "/readyz") for _ in range(20)} | {_get(port, "/setup")}
        text = log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert statuses == {200}
    assert text.count("Started server process") == 2
    assert "Traceback" not in text and "--- Logging error ---" not in text
    assert "first account created there becomes the administrator" in text
