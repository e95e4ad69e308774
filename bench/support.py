"""What the benchmark scripts share: servers, logging in, signed calls and statistics."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 30.0
USERNAME = "bench"
PASSWORD = "bench password 123"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
# The fields every read-estate benchmark asks for, so the figures of the scripts compare.
ESTATE_FIELDS = [
    "Id",
    "objekttitel",
    "objektart",
    "vermarktungsart",
    "kaufpreis",
    "kaltmiete",
    "wohnflaeche",
    "anzahl_zimmer",
    "plz",
    "ort",
    "status",
]


@dataclass(frozen=True)
class Sandbox:
    """A sandbox API URL and the credentials it accepts."""

    url: str
    token: str
    secret: str


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def base_url(port: int) -> str:
    """The URL of a server on the loopback port."""
    return f"http://{HOST}:{port}"


def playground_command() -> str:
    """The ``playground`` console script of this interpreter's environment."""
    beside = Path(sys.executable).with_name("playground")
    found = str(beside) if beside.exists() else shutil.which("playground")
    if found is None:
        raise RuntimeError("the `playground` command is not installed (run `make install`)")
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any PLAYGROUND_* setting of the caller, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    return env | extra


def exit_message(process: subprocess.Popen[bytes], log: Path | None) -> str:
    """Why the server stopped: its exit code and, if it has a log, the log's tail."""
    message = f"server exited with code {process.returncode}"
    if log is None:
        return message
    return f"{message}:\n{log.read_text(errors='replace')[-2000:]}"


def wait_for_port(
    port: int, process: subprocess.Popen[bytes], log: Path | None, timeout: float
) -> None:
    """Poll until the server accepts connections; fail with its log if it exits or stalls."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(exit_message(process, log))
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"server did not listen on port {port} within {timeout:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process; kill it if it has not ended within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running(
    command: list[str],
    env: dict[str, str],
    port: int,
    log: Path | None = None,
    timeout: float = STARTUP_TIMEOUT,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` for the block once it listens; its output goes to ``log`` if given."""
    with contextlib.ExitStack() as stack:
        out: IO[bytes] | int = subprocess.DEVNULL
        if log is not None:
            out = stack.enter_context(log.open("wb"))
        errors = None if log is None else subprocess.STDOUT
        process = subprocess.Popen(command, env=env, stdout=out, stderr=errors)
        try:
            wait_for_port(port, process, log, timeout)
            yield process
        finally:
            stop(process)


def run_playground(
    subcommand: str,
    env: dict[str, str],
    port: int,
    log: Path,
    timeout: float = STARTUP_TIMEOUT,
    extra: Sequence[str] = (),
) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    """Run ``playground <subcommand>`` (with ``extra`` options) on the loopback port."""
    command = [playground_command(), subcommand, "--host", HOST, "--port", str(port), *extra]
    return running(command, env, port, log, timeout)


def run_serve(
    data_dir: Path,
    port: int,
    log: Path,
    timeout: float = STARTUP_TIMEOUT,
    settings: dict[str, str] | None = None,
    workers: int = 1,
) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    """Run ``playground serve`` with its data in ``data_dir``, further settings and workers."""
    env = clean_env(PLAYGROUND_DATA_DIR=str(data_dir), **(settings or {}))
    extra = ["--workers", str(workers)] if workers > 1 else []
    return run_playground("serve", env, port, log, timeout, extra=extra)


@contextlib.contextmanager
def serving(data_dir: Path, log: Path, timeout: float = STARTUP_TIMEOUT) -> Iterator[str]:
    """Run ``playground serve`` on a free port for the block; yield its base URL."""
    port = free_port()
    with run_serve(data_dir, port, log, timeout):
        yield base_url(port)


def csrf_token(client: httpx.Client, path: str = "/") -> str:
    """The CSRF token embedded in a page."""
    match = CSRF_RE.search(client.get(path).text)
    if match is None:
        raise RuntimeError(f"no CSRF token on {path}")
    return match.group(1)


def create_first_account(client: httpx.Client) -> None:
    """Create the first account via ``/setup``; the client keeps the session cookie."""
    form = {"username": USERNAME, "password": PASSWORD, "password_confirm": PASSWORD}
    response = client.post("/setup", data=form)
    if response.status_code != 303:
        raise RuntimeError(f"POST /setup answered {response.status_code}")


def log_in(client: httpx.Client) -> None:
    """Log in as the benchmark user; the client keeps the session cookie."""
    response = client.post("/login", data={"username": USERNAME, "password": PASSWORD})
    if response.status_code != 303:
        raise RuntimeError(f"POST /login answered {response.status_code}")


def read_estate(listlimit: int) -> ActionRequest:
    """The benchmarked action: read estates with a few fields."""
    parameters = {"data": ESTATE_FIELDS, "listlimit": listlimit}
    return ActionRequest(Verb.READ, "estate", parameters=parameters)


def signed_read_estate(sandbox: Sandbox, listlimit: int) -> bytes:
    """A freshly signed read-estate request body."""
    envelope = build_envelope(
        [read_estate(listlimit)],
        token=sandbox.token,
        secret=sandbox.secret,
        timestamp=int(time.time()),
    )
    return encode_body(envelope)


def ms_since(started: float) -> float:
    """Milliseconds elapsed since ``started``, a ``time.perf_counter()`` reading."""
    return (time.perf_counter() - started) * 1000.0


def percentiles(values: list[float]) -> tuple[float, float]:
    """The p50 and p95 of a list of latencies."""
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94]


def verdict(met: bool) -> str:
    """The result column of a table: PASS when the target is met."""
    return "PASS" if met else "MISS"


def target_cell(target: float) -> str:
    """A target column of a table, such as ``   <= 50``."""
    return f"{'<= ' + f'{target:g}':>8}"


def print_load() -> None:
    """Print the load average, noting when the machine is busier than it has CPUs."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    cpus = os.cpu_count() or 1
    note = " (busy machine: latencies are inflated)" if load > cpus else ""
    print(f"load average {load:.2f} on {cpus} CPUs{note}")


def time_and_peak(run: Callable[[], str]) -> tuple[float, float, str]:
    """Seconds of one untraced run (tracing slows Python code down), the peak traced MB of
    a second one, and what the run answered."""
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    outcome = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6, outcome
