"""Pictures the sandbox serves itself: small generated PNGs at ``/files/<id>/<name>``.

onOffice's picture URLs take a size suffix ``@<width>x<height>`` (the WordPress plugin
appends it to request a scaled copy); the sandbox draws the picture at that size, within
``MAX_SIDE``. Without a suffix it is ``DEFAULT_SIZE``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import zlib

DEFAULT_SIZE = (640, 480)
MAX_SIDE = 1600
_SUFFIX = re.compile(r"@(\d{1,5})x(\d{1,5})$")


def split_size(name: str) -> tuple[str, tuple[int, int]]:
    """The file name without its ``@WxH`` suffix, and the size asked for."""
    match = _SUFFIX.search(name)
    if match is None:
        return name, DEFAULT_SIZE
    width, height = (min(max(int(v), 1), MAX_SIDE) for v in match.groups())
    return name[: match.start()], (width, height)


def _chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@functools.lru_cache(maxsize=64)
def png(seed: str, width: int, height: int) -> bytes:
    """A landscape-like picture (sky, a house-coloured band, ground) coloured by ``seed``."""
    digest = hashlib.sha256(seed.encode()).digest()
    sky = bytes((150 + digest[0] % 80, 180 + digest[1] % 60, 230))
    wall = bytes((digest[2], digest[3], digest[4]))
    ground = bytes((70 + digest[5] % 60, 120 + digest[6] % 60, 60))
    rows = []
    for y in range(height):
        colour = sky if y < height * 0.45 else wall if y < height * 0.8 else ground
        rows.append(b"\x00" + colour * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"".join(rows), 6)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )
