"""Limits of one upstream call: an overall deadline, a decompressed-size cap with bounded
memory, and a pass for large answers that pauses reading instead of buffering more."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from playground.onoffice.client import Delivered, Failed, FailureKind, OnOfficeClient, Timeouts
from tests.http.raw_server import SIGNED_BODY, Connection, LocalServer, post_to

pytestmark = pytest.mark.anyio

MB = 1_000_000


async def test_an_upstream_that_drips_bytes_hits_the_overall_deadline() -> None:
    async def drip(conn: Connection) -> None:
        await conn.read_request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        # One byte at a time, each well within the read timeout: only a deadline ends it.
        while not conn.server.release.is_set():
            await conn.send(b" ")
            await asyncio.sleep(0.05)

    timeouts = Timeouts(connect=5.0, read=5.0, write=5.0, pool=5.0, deadline=1.0)
    started = time.monotonic()
    outcome, _ = await post_to(drip, timeouts=timeouts)
    elapsed = time.monotonic() - started

    assert isinstance(outcome, Failed) and outcome.kind is FailureKind.TIMEOUT
    assert "127.0.0.1" in outcome.message
    assert "within 1 s (the overall limit of a send)" in outcome.message
    assert 0.9 <= elapsed < 4


def _bomb(decompressed: int) -> bytes:
    """A gzip stream of zeros that expands to `decompressed` bytes (about 1000 : 1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MB)
    parts = [packer.compress(block) for _ in range(decompressed // MB)]
    return b"".join(parts) + packer.flush()


@asynccontextmanager
async def peak_memory() -> AsyncIterator[list[int]]:
    """The peak of Python allocations (bytes) while the block runs, appended on exit."""
    tracemalloc.start()
    found: list[int] = []
    try:
        yield found
    finally:
        found.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


async def test_a_gzip_bomb_stops_at_the_cap_with_memory_near_the_cap() -> None:
    bomb = _bomb(300 * MB)  # 300 MB of zeros in about 300 KB
    assert len(bomb) < MB
    head = f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n\r\n"

    async def explode(conn: Connection) -> None:
        await conn.read_request()
        await conn.send(head.encode() + bomb)

    cap = 5 * MB
    async with peak_memory() as peak:
        outcome, _ = await post_to(explode, max_bytes=cap)

    assert isinstance(outcome, Failed) and outcome.kind is FailureKind.TOO_LARGE
    assert "5,000,000 bytes (counted after decompression)" in outcome.message
    # The cap, a copy of it and the compressed input; decoding a chunk whole would
    # have taken tens of megabytes for one network read of this stream.
    assert peak[0] < 3 * cap + 2 * len(bomb), f"peak {peak[0]:,} bytes"


async def test_a_plain_oversized_answer_stops_at_the_cap_with_bounded_memory() -> None:
    total = 50 * MB
    chunk = b"7" * (256 * 1024)

    async def flood(conn: Connection) -> None:
        await conn.read_request()
        await conn.send(f"HTTP/1.1 200 OK\r\nContent-Length: {total}\r\n\r\n".encode())
        for _ in range(total // len(chunk)):
            await conn.send(chunk)

    cap = 5 * MB
    async with peak_memory() as peak:
        outcome, server = await post_to(flood, max_bytes=cap)

    assert isinstance(outcome, Failed) and outcome.kind is FailureKind.TOO_LARGE
    assert peak[0] < 3 * cap, f"peak {peak[0]:,} bytes"
    assert len(server.requests) == 1


async def test_deflate_answers_are_decoded_wrapped_or_raw() -> None:
    body = json.dumps({"status": {"code": 200, "errorcode": 0}, "response": {"results": []}})
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    encodings = {
        "zlib": zlib.compress(body.encode()),
        "raw": raw.compress(body.encode()) + raw.flush(),
    }
    for packed in encodings.values():
        head = f"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: {len(packed)}"

        async def reply(conn: Connection, packed: bytes = packed, head: str = head) -> None:
            await conn.read_request()
            await conn.send(head.encode() + b"\r\n\r\n" + packed)

        outcome, _ = await post_to(reply)
        assert isinstance(outcome, Delivered) and outcome.body == body.encode()


async def test_a_large_answer_waits_for_its_pass_before_reading_on() -> None:
    body = json.dumps({"records": ["x" * 100] * 20_000}).encode()  # about 2 MB
    packed = gzip.compress(body)
    head = f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(packed)}\r\n\r\n"

    async def reply(conn: Connection) -> None:
        await conn.read_request()
        await conn.send(head.encode() + packed)

    passes: list[str] = []
    asked, granted = asyncio.Event(), asyncio.Event()

    async def large_pass() -> None:
        passes.append("asked")
        asked.set()
        await granted.wait()
        passes.append("granted")

    async with (
        LocalServer(reply) as server,
        OnOfficeClient(large_answer_bytes=MB) as client,
    ):
        post = asyncio.create_task(client.post(server.url(), SIGNED_BODY, large=large_pass))
        await asyncio.wait_for(asked.wait(), 10)  # past 1 MB the reader asks for a pass
        assert not post.done()
        granted.set()
        outcome = await post
    assert isinstance(outcome, Delivered) and outcome.body == body
    assert passes == ["asked", "granted"]
