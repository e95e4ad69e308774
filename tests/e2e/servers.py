"""The real `playground serve` in a subprocess: started on a free port, shared, stopped."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.db_support import CHEAP_PASSWORD_ENV, copy_database

# Waited for only as long as the start takes; a machine busy with other jobs needs long.
STARTUP_TIMEOUT = 60.0
SHUTDOWN_TIMEOUT = 10.0


@dataclass(frozen=True)
class LiveServer:
    """A running playground: where it listens, its database, and where its output goes."""

    base_url: str
    log_path: Path
    data_dir: Path
    database_url: str
    # Where the log stood when the current test began.
    log_start: int = 0

    def url(self, path: str) -> str:
        """An absolute URL on this server."""
        return self.base_url + path

    def log_text(self) -> str:
        """What the server printed (stdout and stderr) since the current test began."""
        with self.log_path.open("rb") as log:
            log.seek(self.log_start)
            return log.read().decode("utf-8", errors="replace")


def _free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(port: int) -> bool:
    """Whether /healthz answers 200 (the app is up and its database answers)."""
    # Plain http.client: httpx builds an SSL context per call, and that CPU time would
    # be taken from the very server start-up being waited for.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:  # not listening yet, or too slow to answer this time
        return False
    finally:
        connection.close()


class PortTaken(Exception):
    """The chosen port was taken by another process before the server could bind it."""


def _ready(port: int, log_path: Path) -> bool:
    """Whether our server bound the port (it says so in its log) and /healthz answers."""
    # Without the log line, a 200 could come from another process that took the port
    # between _free_port() and the bind; uvicorn prints it at INFO, the default level.
    bound = f"Uvicorn running on http://127.0.0.1:{port}"
    return bound in log_path.read_text(errors="replace") and _healthy(port)


def _wait_until_healthy(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    """Poll /healthz until it answers; fail early, with the log, if the server exits."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not _ready(port, log_path):
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            if "address already in use" in log.lower():
                raise PortTaken(port)
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log}")
        if time.monotonic() > deadline:
            _stop(process)
            raise RuntimeError(f"the server did not answer /healthz within {STARTUP_TIMEOUT} s")
        # A short pause between polls, not a guess at the start-up time.
        time.sleep(0.05)


def _start_server(
    env: dict[str, str], cwd: Path, log_path: Path
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `playground serve` on a free port and wait until it is healthy."""
    command = [sys.executable, "-m", "playground.cli", "serve", "--host", "127.0.0.1"]
    # The port is chosen here and bound by the child, so another process could take it
    # in between: then try another one, a few times.
    for _attempt in range(3):
        port = _free_port()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*command, "--port", str(port)], env=env, cwd=cwd, stdout=log, stderr=log
            )
        try:
            _wait_until_healthy(process, port, log_path)
        except PortTaken:
            continue
        return process, port
    raise RuntimeError("no free port found for the server in 3 attempts")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the server to shut down (SIGTERM, graceful in uvicorn); kill it if it hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=SHUTDOWN_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class ServerPool:
    """One running server per distinct server_env, started on first use, shared by tests."""

    def __init__(self, root: Path, template: Path) -> None:
        """Servers get their data dirs under `root` and a copy of the migrated `template`."""
        self.root = root
        self.template = template
        self.running: dict[tuple[tuple[str, str], ...], tuple[subprocess.Popen[bytes], LiveServer]]
        self.running = {}

    def get(self, server_env: dict[str, str]) -> LiveServer:
        """The server for these settings, started now if none runs yet."""
        key = tuple(sorted(server_env.items()))
        if key not in self.running:
            self.running[key] = self._start(server_env)
        process, server = self.running[key]
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{server.log_text()}")
        return server

    def _start(self, server_env: dict[str, str]) -> tuple[subprocess.Popen[bytes], LiveServer]:
        """Start `playground serve` with its own data dir and database."""
        # A directory of its own even when an earlier start failed and is tried again.
        home = Path(tempfile.mkdtemp(prefix="server", dir=self.root))
        data_dir = home / "data"
        log_path = home / "server.log"
        database_url = copy_database(self.template, home / "playground.db")
        # Start from a clean slate: PLAYGROUND_* settings of the calling shell must not leak in.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
        env |= {
            "PLAYGROUND_DATA_DIR": str(data_dir),
            "PLAYGROUND_DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
            **CHEAP_PASSWORD_ENV,
            **server_env,
        }
        process, port = _start_server(env, home, log_path)
        url = f"http://127.0.0.1:{port}"
        return process, LiveServer(url, log_path, data_dir, database_url)

    def stop_all(self) -> None:
        """Stop every server of the pool."""
        for process, _server in self.running.values():
            _stop(process)
