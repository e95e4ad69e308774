"""Latency and throughput of the standalone sandbox for signed read-estate calls.

Starts ``playground.sandbox.server.run`` in a subprocess on a free loopback port (or uses
a running sandbox given by --url/--token/--secret), warms up, then sends a fixed number
of requests with listlimit 20 and 500: one after another with one client, and with
several in flight at once. Prints p50/p95 latency in ms and requests per second.

    .venv/bin/python -m bench.sandbox_direct [--requests 300] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from bench.support import (
    Sandbox,
    base_url,
    free_port,
    ms_since,
    percentiles,
    running,
    signed_read_estate,
)
from playground.onoffice.client import Delivered, OnOfficeClient
from playground.sandbox.credentials import DEMO_SECRET, DEMO_TOKEN


@dataclass(frozen=True)
class Result:
    """Latencies (ms) of one run and its wall-clock duration (s)."""

    name: str
    latencies: list[float]
    wall: float

    def row(self) -> str:
        """One line of the results table."""
        p50, p95 = percentiles(self.latencies)
        rps = len(self.latencies) / self.wall
        return f"{self.name:<34} {len(self.latencies):>5} {p50:>9.2f} {p95:>9.2f} {rps:>9.1f}"


async def timed_call(client: OnOfficeClient, target: Sandbox, listlimit: int) -> float:
    """Send one request and return its latency in ms; any failure aborts the benchmark."""
    body = signed_read_estate(target, listlimit)
    started = time.perf_counter()
    outcome = await client.post(target.url, body)
    elapsed = ms_since(started)
    if not isinstance(outcome, Delivered):
        raise RuntimeError(f"request failed: {outcome.message}")
    status = outcome.payload.get("status", {}) if isinstance(outcome.payload, dict) else {}
    if status.get("errorcode") != 0:
        raise RuntimeError(f"the sandbox answered with status {status}")
    return elapsed


async def run_sequential(target: Sandbox, listlimit: int, requests: int, warmup: int) -> Result:
    """``requests`` calls one after another over one client."""
    async with OnOfficeClient() as client:
        for _ in range(warmup):
            await timed_call(client, target, listlimit)
        started = time.perf_counter()
        latencies = [await timed_call(client, target, listlimit) for _ in range(requests)]
        wall = time.perf_counter() - started
    return Result(f"listlimit {listlimit}, sequential", latencies, wall)


async def run_concurrent(
    target: Sandbox, listlimit: int, requests: int, warmup: int, concurrency: int
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


@contextlib.contextmanager
def standalone_sandbox() -> Iterator[Sandbox]:
    """Run the standalone sandbox server in a subprocess for the duration of the block."""
    port = free_port()
    code = f"from playground.sandbox.server import run; run(host='127.0.0.1', port={port})"
    env = {
        **os.environ,
        "PLAYGROUND_SANDBOX_TOKEN": DEMO_TOKEN,
        "PLAYGROUND_SANDBOX_SECRET": DEMO_SECRET,
    }
    with running([sys.executable, "-c", code], env, port):
        yield Sandbox(f"{base_url(port)}/api/stable/api.php", DEMO_TOKEN, DEMO_SECRET)


async def bench(target: Sandbox, requests: int, warmup: int, concurrency: int) -> list[Result]:
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
            target = Sandbox(args.url, args.token, args.secret)
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
