"""Latency and throughput of the standalone sandbox for signed read-estate calls.

Starts ``playground.sandbox.server.run`` in a subprocess on a free loopback port (or uses
a running sandbox given by --url/--token/--secret), warms up, then sends a fixed number
of requests with listlimit 20 and 500: one after another with one client, and with
several in flight at once. Prints p50/p95 latency in ms and requests per second.

    .venv/bin/python bench/sandbox_direct.py [--requests 300] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.client import Delivered, OnOfficeClient
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox.credentials import DEMO_SECRET, DEMO_TOKEN

FIELDS = [
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
STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class Target:
    """A sandbox endpoint and the credentials it accepts."""

    url: str
    token: str
    secret: str


@dataclass(frozen=True)
class Result:
    """Latencies (ms) of one run and its wall-clock duration (s)."""

    name: str
    latencies: list[float]
    wall: float

    def row(self) -> str:
        """One line of the results table."""
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        rps = len(self.latencies) / self.wall
        return (
            f"{self.name:<34} {len(self.latencies):>5} {cuts[49]:>9.2f} {cuts[94]:>9.2f}"
            f" {rps:>9.1f}"
        )


def body_for(target: Target, listlimit: int) -> bytes:
    """A freshly signed read-estate request."""
    action = ActionRequest(Verb.READ, "estate", parameters={"data": FIELDS, "listlimit": listlimit})
    envelope = build_envelope(
        [action], token=target.token, secret=target.secret, timestamp=int(time.time())
    )
    return encode_body(envelope)


async def timed_call(client: OnOfficeClient, target: Target, listlimit: int) -> float:
    """Send one request and return its latency in ms; any failure aborts the benchmark."""
    body = body_for(target, listlimit)
    started = time.perf_counter()
    outcome = await client.post(target.url, body)
    elapsed = (time.perf_counter() - started) * 1000.0
    if not isinstance(outcome, Delivered):
        raise RuntimeError(f"request failed: {outcome.message}")
    status = outcome.payload.get("status", {}) if isinstance(outcome.payload, dict) else {}
    if status.get("errorcode") != 0:
        raise RuntimeError(f"the sandbox answered with status {status}")
    return elapsed


async def run_sequential(target: Target, listlimit: int, requests: int, warmup: int) -> Result:
    """``requests`` calls one after another over one client."""
    async with OnOfficeClient() as client:
        for _ in range(warmup):
            await timed_call(client, target, listlimit)
        started = time.perf_counter()
        latencies = [await timed_call(client, target, listlimit) for _ in range(requests)]
        wall = time.perf_counter() - started
    return Result(f"listlimit {listlimit}, sequential", latencies, wall)


async def run_concurrent(
    target: Target, listlimit: int, requests: int, warmup: int, concurrency: int
) -> Result:
    """``requests`` calls spread over ``concurrency`` workers sharing one client."""
    async with OnOfficeClient() as client:
        for _ in range(warmup):
            await timed_call(client, target, listlimit)
        latencies: list[float] = []
        remaining = iter(range(requests))

        async def worker() -> None:
            for _ in remaining:
                latencies.append(await timed_call(client, target, listlimit))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return Result(f"listlimit {listlimit}, concurrency {concurrency}", latencies, wall)


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    """Poll until the server accepts connections; fail if it exits or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited with code {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"the sandbox did not listen within {STARTUP_TIMEOUT} s")


@contextlib.contextmanager
def standalone_sandbox() -> Iterator[Target]:
    """Run the standalone sandbox server in a subprocess for the duration of the block."""
    port = free_port()
    code = f"from playground.sandbox.server import run; run(host='127.0.0.1', port={port})"
    env = {
        **os.environ,
        "PLAYGROUND_SANDBOX_TOKEN": DEMO_TOKEN,
        "PLAYGROUND_SANDBOX_SECRET": DEMO_SECRET,
    }
    process = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield Target(f"http://127.0.0.1:{port}/api/stable/api.php", DEMO_TOKEN, DEMO_SECRET)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def bench(target: Target, requests: int, warmup: int, concurrency: int) -> list[Result]:
    """All runs: listlimit 20 and 500, sequential and (unless 1) concurrent."""
    results = []
    for listlimit in (20, 500):
        results.append(await run_sequential(target, listlimit, requests, warmup))
        if concurrency > 1:
            results.append(await run_concurrent(target, listlimit, requests, warmup, concurrency))
    return results


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", help="API URL of a running sandbox (default: start one)")
    parser.add_argument("--token", default=DEMO_TOKEN, help="token for --url")
    parser.add_argument("--secret", default=DEMO_SECRET, help="secret for --url")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per run")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per run")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    args = parser.parse_args(argv)
    if args.requests < 2 or args.warmup < 0 or args.concurrency < 1:
        parser.error("need --requests >= 2, --warmup >= 0 and --concurrency >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    args = parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.url:
            target = Target(args.url, args.token, args.secret)
        else:
            target = stack.enter_context(standalone_sandbox())
        print(f"sandbox: {target.url}")
        results = asyncio.run(bench(target, args.requests, args.warmup, args.concurrency))
    print(f"{'run':<34} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>9}")
    for result in results:
        print(result.row())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
