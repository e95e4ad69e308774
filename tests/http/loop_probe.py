"""A probe of a served app's event loop: /healthz timed throughout a block of work."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from tests.served import LOCAL_TLS

# Generous, for a loaded CI machine: a stall (a blocked event loop, a pool checkout
# waiting its timeout) shows as several seconds; bench/slow_upstream.py reports the
# real figures on a quiet machine.
HEALTHZ_BOUND = 2.0


@asynccontextmanager
async def healthz_probe(base_url: str) -> AsyncIterator[list[float]]:
    """Measure /healthz every 20 ms while the block runs; the latencies, in seconds."""
    latencies: list[float] = []
    done = asyncio.Event()

    async def probe() -> None:
        async with httpx.AsyncClient(verify=LOCAL_TLS, base_url=base_url, timeout=60) as client:
            while not done.is_set():
                started = time.perf_counter()
                answer = await client.get("/healthz")
                latencies.append(time.perf_counter() - started)
                assert answer.status_code == 200
                # Pacing between probes, not a wait for a condition.
                await asyncio.sleep(0.02)

    task = asyncio.create_task(probe())
    try:
        yield latencies
    finally:
        done.set()
        await task
