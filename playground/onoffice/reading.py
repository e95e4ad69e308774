"""Reading an answer body within a byte limit that counts decompressed bytes.

httpx decodes each network chunk whole, and a small gzip chunk can expand a
thousandfold, so the raw bytes are decompressed here with a bounded output per step:
memory stays near the limit however the answer is compressed.
"""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable

import httpx

# Awaited once when an answer grows past the large-answer threshold: the caller may wait
# there for a pass (and keep it until it is done with the answer).
LargePass = Callable[[], Awaitable[object]]


class Decompressor:
    """gzip, deflate or identity decoding whose output per call is bounded."""

    def __init__(self, content_encoding: str) -> None:
        """Prepare for the answer's Content-Encoding; others than these were not asked for."""
        self._encoding = content_encoding.strip().lower()
        if self._encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise httpx.DecodingError(f"unsupported Content-Encoding {self._encoding!r}")
        self._zlib: zlib._Decompress | None = None
        self._tail = b""

    @property
    def pending(self) -> bool:
        """True when compressed input is left that the last call had no room to expand."""
        return bool(self._tail)

    def _start(self, first: bytes) -> zlib._Decompress:
        """The decompressor for this encoding; deflate comes zlib-wrapped or raw."""
        if self._encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def decode(self, data: bytes, room: int) -> bytes:
        """Expand ``data`` (plus what was left over) into at most ``room`` bytes."""
        if self._encoding in ("", "identity"):
            return data
        data = self._tail + data
        if not data:
            return b""
        if self._zlib is None:
            self._zlib = self._start(data)
        out = self._zlib.decompress(data, max(1, room))
        self._tail = self._zlib.unconsumed_tail
        return out

    def flush(self) -> bytes:
        """Whatever the decompressor still holds at the end of the stream."""
        return b"" if self._zlib is None else self._zlib.flush()


class BoundedReader:
    """Reads one answer's body within a limit, asking for a large-answer pass when it grows."""

    def __init__(self, response: httpx.Response, large: LargePass | None, large_bytes: int) -> None:
        """Read ``response``; ``large`` is awaited once the body passes ``large_bytes``."""
        self.response = response
        self._large = large
        self._large_bytes = large_bytes

    async def read(self, limit: int) -> tuple[bytes, bool]:
        """Decoded bytes up to ``limit``; the flag is False when more would have followed."""
        if self.response.is_stream_consumed:
            # Read whole and decoded already (an in-memory transport): only cap it.
            content = self.response.content
            return content[:limit], len(content) <= limit
        decoder = Decompressor(self.response.headers.get("Content-Encoding", ""))
        buffer = bytearray()
        large = self._large
        async for chunk in self.response.aiter_raw():
            buffer += decoder.decode(chunk, limit - len(buffer) + 1)
            while decoder.pending and len(buffer) <= limit:
                buffer += decoder.decode(b"", limit - len(buffer) + 1)
            if len(buffer) > limit:
                return _cut(buffer, limit), False
            if large is not None and len(buffer) > self._large_bytes:
                # Waiting here pauses reading (TCP pushes back) instead of buffering more.
                await large()
                large = None
        buffer += decoder.flush()
        if len(buffer) > limit:
            return _cut(buffer, limit), False
        return bytes(buffer), True


def _cut(buffer: bytearray, limit: int) -> bytes:
    """The first `limit` bytes, copied once (a slice and then bytes() would copy twice)."""
    del buffer[limit:]
    return bytes(buffer)
